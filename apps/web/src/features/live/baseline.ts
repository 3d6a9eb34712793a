import type { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../../shared/api-client';
import { operationScope } from '../../shared/query-keys';

/** How long after a failed baseline read it is tried again. */
export const BASELINE_RETRY_MS = 3000;

/**
 * Anything of the operation cached before the baseline was read (an earlier visit, or a request
 * that raced it) may predate events the stream now skips: it is read again. Lists not loaded yet
 * load after this. `loadedAt` is in the query cache's time (Date.now), the baseline's own section
 * is current already.
 */
export function refreshCachedBefore(qc: QueryClient, operationId: string, loadedAt: number, isBaseline: (queryKey: readonly unknown[]) => boolean): void {
  void qc.invalidateQueries({
    queryKey: operationScope(operationId),
    predicate: (q) =>
      !isBaseline(q.queryKey) && (q.state.fetchStatus === 'fetching' || (q.state.data !== undefined && q.state.dataUpdatedAt <= loadedAt)),
  });
}

/** 404/403: not (or no longer) a member; retrying will not help. Anything else is tried again. */
export function isFinalRefusal(e: unknown): boolean {
  return isApiError(e) && e.status >= 400 && e.status < 500 && e.status !== 429 && e.status !== 401;
}
