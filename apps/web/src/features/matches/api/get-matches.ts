import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiPaths } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { LIVE_STALE_TIME } from '../../../shared/query-keys';
import { appendMatchPage, type MatchList } from '../match-cache';
import { matchKeys, normalizeMatchFilter, type MatchFilter } from './keys';

/** The first page; older matches load on demand, newer ones arrive as `correlation.match` events. */
export const FIRST_PAGE = 100;
export const OLDER_PAGE = 200;

export function getMatches(operationId: string, filter: MatchFilter, opts: { limit: number; cursor?: string; signal?: AbortSignal }): Promise<MatchList> {
  const f = normalizeMatchFilter(filter);
  return apiRequest<MatchList>(apiPaths.matches(operationId), {
    query: {
      teamId: f.teamId,
      crossBorder: f.crossBorder === undefined ? undefined : String(f.crossBorder),
      limit: opts.limit,
      cursor: opts.cursor,
    },
    signal: opts.signal,
  });
}

export const matchesQueryOptions = (operationId: string, filter: MatchFilter = {}) =>
  queryOptions({
    queryKey: matchKeys.list(operationId, filter),
    queryFn: ({ signal }) => getMatches(operationId, filter, { limit: FIRST_PAGE, signal }),
    staleTime: LIVE_STALE_TIME,
  });

export function useMatches(operationId: string, filter: MatchFilter = {}, enabled = true) {
  return useQuery({ ...matchesQueryOptions(operationId, filter), enabled });
}

/** Reads the next page after the last one loaded and appends it to the cached list. */
export function useLoadOlderMatches(operationId: string, filter: MatchFilter = {}) {
  const queryClient = useQueryClient();
  const key = matchKeys.list(operationId, filter);
  return useMutation({
    mutationFn: async () => {
      const cursor = queryClient.getQueryData<MatchList>(key)?.nextCursor;
      if (!cursor) return null;
      return getMatches(operationId, filter, { limit: OLDER_PAGE, cursor });
    },
    onSuccess: (page) => {
      if (page) queryClient.setQueryData<MatchList>(key, (old) => appendMatchPage(old, page));
    },
  });
}
