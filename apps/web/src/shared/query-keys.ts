/**
 * Every query of one operation lives under this prefix, so that the live hook can find them all
 * (e.g. to refresh what was cached on an earlier visit) without knowing each feature.
 */
export const operationScope = (operationId: string) => ['op', operationId] as const;

/** Queries of one operation are kept fresh by live events, not by refetching. */
export const LIVE_STALE_TIME = Number.POSITIVE_INFINITY;
