import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
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

/**
 * After the close, the frozen snapshot replaces the live figures: read it once. Asked for by the
 * operation.updated event and by the page that sees the operation closed, whichever comes first:
 * a request already under way is joined, not restarted, and frozen tallies are not read again.
 */
export function refetchFrozenTallies(queryClient: QueryClient, operationId: string): void {
  const cached = queryClient.getQueryData<Tallies>(tallyKeys.detail(operationId));
  if (!cached || cached.frozen) return;
  void queryClient.invalidateQueries({ queryKey: tallyKeys.detail(operationId), exact: true }, { cancelRefetch: false });
}
