import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, type Finding } from '@actionday/contracts';
import { fetchAllPages } from '../../../shared/api-client';
import { LIVE_STALE_TIME } from '../../../shared/query-keys';
import { findingKeys } from './keys';

export async function getAllFindings(operationId: string, signal?: AbortSignal): Promise<Finding[]> {
  const items = await fetchAllPages<Finding>(apiPaths.findings(operationId), {}, signal);
  return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export const findingsQueryOptions = (operationId: string) =>
  queryOptions({
    queryKey: findingKeys.list(operationId),
    queryFn: ({ signal }) => getAllFindings(operationId, signal),
    staleTime: LIVE_STALE_TIME,
  });

export function useFindings(operationId: string, enabled = true) {
  return useQuery({ ...findingsQueryOptions(operationId), enabled });
}
