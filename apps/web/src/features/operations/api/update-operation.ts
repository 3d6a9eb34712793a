import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type Operation, type UpdateOperationRequest } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { operationKeys } from '../../../entities/operations';

export function updateOperation(operationId: string, body: UpdateOperationRequest): Promise<Operation> {
  return apiRequest<Operation>(apiPaths.operation(operationId), { method: 'PATCH', body });
}

/** An organizer's change of the operation's settings (its TLP level), sent with the version read. */
export function useUpdateOperation(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOperationRequest) => updateOperation(operationId, body),
    onSuccess: (operation) => {
      queryClient.setQueryData<Operation>(operationKeys.detail(operationId), (old) => (old && old.version > operation.version ? old : operation));
      queryClient.setQueryData<Operation[]>(operationKeys.list(), (old) => old?.map((o) => (o.id === operation.id ? operation : o)));
    },
  });
}
