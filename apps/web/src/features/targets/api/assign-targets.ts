import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type AssignmentRequest, type AssignmentResponse, type Target } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { upsertTargets, targetKeys } from '../../../entities/targets';

export function assignTargets(operationId: string, body: AssignmentRequest): Promise<AssignmentResponse> {
  return apiRequest<AssignmentResponse>(apiPaths.assignments(operationId), { method: 'POST', body });
}

export function useAssignTargets(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignmentRequest) => assignTargets(operationId, body),
    onSuccess: (res) =>
      queryClient.setQueryData<Target[]>(targetKeys.list(operationId), (old) => upsertTargets(old, res.updated)),
  });
}
