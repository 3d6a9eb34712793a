import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type CreateFindingRequest, type Finding } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { upsertFinding } from '../finding-cache';
import { findingKeys } from './keys';

/** 201 the first time, 200 with the same finding when retried with the same clientId. */
export function createFinding(operationId: string, body: CreateFindingRequest): Promise<Finding> {
  return apiRequest<Finding>(apiPaths.findings(operationId), { method: 'POST', body });
}

export function useCreateFinding(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateFindingRequest) => createFinding(operationId, body),
    onSuccess: (finding) =>
      queryClient.setQueryData<Finding[]>(findingKeys.list(operationId), (old) => upsertFinding(old, finding)),
  });
}
