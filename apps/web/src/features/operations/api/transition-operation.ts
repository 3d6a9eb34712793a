import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type Operation, type TransitionRequest } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { operationKeys } from '../../../entities/operations';

export function transitionOperation(operationId: string, body: TransitionRequest): Promise<Operation> {
  return apiRequest<Operation>(apiPaths.transitions(operationId), { method: 'POST', body });
}

export function useTransitionOperation(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (to: TransitionRequest['to']) => transitionOperation(operationId, { to }),
    onSuccess: (operation) => {
      queryClient.setQueryData<Operation>(operationKeys.detail(operationId), (old) =>
        old && old.version > operation.version ? old : operation,
      );
      queryClient.setQueryData<Operation[]>(operationKeys.list(), (old) =>
        old?.map((o) => (o.id === operation.id ? operation : o)),
      );
    },
  });
}
