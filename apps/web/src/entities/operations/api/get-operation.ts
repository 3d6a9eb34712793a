import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, type Operation } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { LIVE_STALE_TIME } from '../../../shared/query-keys';
import { operationKeys } from './keys';

export function getOperation(operationId: string, signal?: AbortSignal): Promise<Operation> {
  return apiRequest<Operation>(apiPaths.operation(operationId), { signal });
}

export const operationQueryOptions = (operationId: string) =>
  queryOptions({
    queryKey: operationKeys.detail(operationId),
    queryFn: ({ signal }) => getOperation(operationId, signal),
    staleTime: LIVE_STALE_TIME,
  });

export function useOperation(operationId: string) {
  return useQuery(operationQueryOptions(operationId));
}
