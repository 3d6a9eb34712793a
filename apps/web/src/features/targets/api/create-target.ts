import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type CreateTargetRequest, type Target } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { upsertTargets, targetKeys } from '../../../entities/targets';

export function createTarget(operationId: string, body: CreateTargetRequest): Promise<Target> {
  return apiRequest<Target>(apiPaths.targets(operationId), { method: 'POST', body });
}

export function useCreateTarget(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTargetRequest) => createTarget(operationId, body),
    // The target.created event adds it too; upserting by id makes the two idempotent.
    onSuccess: (target) =>
      queryClient.setQueryData<Target[]>(targetKeys.list(operationId), (old) => upsertTargets(old, [target])),
  });
}
