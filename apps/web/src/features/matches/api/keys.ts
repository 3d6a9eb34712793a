import { operationScope } from '../../../shared/query-keys';

/** What a cached list of matches is restricted to (the same filters as GET /matches). */
export interface MatchFilter {
  teamId?: string;
  crossBorder?: boolean;
}

/** The filter without its unset fields, so that `{}` and `{ teamId: undefined }` share one key. */
export function normalizeMatchFilter(filter: MatchFilter = {}): MatchFilter {
  const out: MatchFilter = {};
  if (filter.teamId) out.teamId = filter.teamId;
  if (filter.crossBorder !== undefined) out.crossBorder = filter.crossBorder;
  return out;
}

export const matchKeys = {
  all: (operationId: string) => [...operationScope(operationId), 'matches'] as const,
  /** Newest first: the first pages from GET /matches, then live matches prepended. */
  list: (operationId: string, filter: MatchFilter = {}) => [...matchKeys.all(operationId), 'list', normalizeMatchFilter(filter)] as const,
};

/** The filter a cached match list was loaded with, read back from its key. */
export function filterOfMatchKey(queryKey: readonly unknown[]): MatchFilter {
  const f = queryKey[4];
  return f && typeof f === 'object' ? (f as MatchFilter) : {};
}
