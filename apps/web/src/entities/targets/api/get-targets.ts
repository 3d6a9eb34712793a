import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, type Target } from '@actionday/contracts';
import { fetchAllPages } from '../../../shared/api-client';
import { LIVE_STALE_TIME } from '../../../shared/query-keys';
import { targetKeys } from './keys';

export function getAllTargets(operationId: string, signal?: AbortSignal): Promise<Target[]> {
  return fetchAllPages<Target>(apiPaths.targets(operationId), {}, signal);
}

export const targetsQueryOptions = (operationId: string) =>
  queryOptions({
    queryKey: targetKeys.list(operationId),
    queryFn: ({ signal }) => getAllTargets(operationId, signal),
    staleTime: LIVE_STALE_TIME,
  });

export function useTargets(operationId: string) {
  return useQuery(targetsQueryOptions(operationId));
}

/** Reads the cached targets without fetching them (e.g. to label findings with a value). */
export function useCachedTargets(operationId: string) {
  return useQuery({ ...targetsQueryOptions(operationId), enabled: false });
}
