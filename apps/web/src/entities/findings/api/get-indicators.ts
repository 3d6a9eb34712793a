import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, DEFAULT_INDICATORS, type Indicator } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { operationScope } from '../../../shared/query-keys';

export const indicatorKeys = {
  /** The operation's indicator catalogue: the builtin defaults and those its coordinators added. */
  list: (operationId: string) => [...operationScope(operationId), 'indicators'] as const,
};

/**
 * The catalogue changes rarely (a coordinator adds one during the day) and the live layer does
 * not patch it: a minute of staleness, a refetch on focus, and the coordinator's own POST writes
 * the cache at once.
 */
export const INDICATORS_STALE_TIME = 60_000;

export function getIndicators(operationId: string, signal?: AbortSignal): Promise<Indicator[]> {
  return apiRequest<{ items: Indicator[] }>(apiPaths.indicators(operationId), { signal }).then((r) => r.items);
}

export const indicatorsQueryOptions = (operationId: string) =>
  queryOptions({
    queryKey: indicatorKeys.list(operationId),
    queryFn: ({ signal }) => getIndicators(operationId, signal),
    staleTime: INDICATORS_STALE_TIME,
  });

export function useIndicatorsQuery(operationId: string) {
  return useQuery(indicatorsQueryOptions(operationId));
}

/** The builtin catalogue: what the form offers while the operation's one cannot be loaded (offline). */
export const BUILTIN_INDICATORS: Indicator[] = DEFAULT_INDICATORS.map((i) => ({ code: i.code, label: i.label, builtin: true }));

/** Inserts or replaces an indicator by code (builtin first, then in the order added). */
export function upsertIndicator(list: Indicator[] | undefined, indicator: Indicator): Indicator[] | undefined {
  if (!list) return list;
  const i = list.findIndex((x) => x.code === indicator.code);
  if (i === -1) return [...list, indicator];
  if (list[i].label === indicator.label && list[i].builtin === indicator.builtin) return list;
  const next = list.slice();
  next[i] = indicator;
  return next;
}
