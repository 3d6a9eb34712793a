import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, type Operation } from '@actionday/contracts';
import { fetchAllPages } from '../../../shared/api-client';
import { operationKeys } from './keys';

export function getOperations(signal?: AbortSignal): Promise<Operation[]> {
  return fetchAllPages<Operation>(apiPaths.operations, {}, signal);
}

export const operationsQueryOptions = () =>
  queryOptions({ queryKey: operationKeys.list(), queryFn: ({ signal }) => getOperations(signal), staleTime: 15_000 });

export function useOperations() {
  return useQuery(operationsQueryOptions());
}
