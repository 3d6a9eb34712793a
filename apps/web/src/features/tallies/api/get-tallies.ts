import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, type Tallies } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { LIVE_STALE_TIME, operationScope } from '../../../shared/query-keys';

export const tallyKeys = {
  detail: (operationId: string) => [...operationScope(operationId), 'tallies'] as const,
};

export function getTallies(operationId: string, signal?: AbortSignal): Promise<Tallies> {
  return apiRequest<Tallies>(apiPaths.tallies(operationId), { signal });
}

/**
 * Tallies are loaded once per visit (their asOfSeq is where the live hook starts) and then only
 * changed by tally.updated events: a background refetch could land an older snapshot over newer
 * deltas, so none happens automatically.
 */
export const talliesQueryOptions = (operationId: string) =>
  queryOptions({
    queryKey: tallyKeys.detail(operationId),
    queryFn: ({ signal }) => getTallies(operationId, signal),
    staleTime: LIVE_STALE_TIME,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export function useTallies(operationId: string) {
  return useQuery(talliesQueryOptions(operationId));
}
