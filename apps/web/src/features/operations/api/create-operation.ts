import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type CreateOperationRequest, type Operation } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { operationKeys } from '../../../entities/operations';

export function createOperation(body: CreateOperationRequest): Promise<Operation> {
  return apiRequest<Operation>(apiPaths.operations, { method: 'POST', body });
}

export function useCreateOperation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createOperation,
    onSuccess: (operation) => {
      queryClient.setQueryData(operationKeys.detail(operation.id), operation);
      queryClient.setQueryData<Operation[]>(operationKeys.list(), (old) =>
        old ? [operation, ...old.filter((o) => o.id !== operation.id)] : old,
      );
      void queryClient.invalidateQueries({ queryKey: operationKeys.list() });
      void queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
}
