import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type Finding, type ReviewFindingRequest } from '@actionday/contracts';
import { apiRequest, ApiError, isApiError } from '../../../shared/api-client';
import { upsertFinding } from '../finding-cache';
import { findingKeys } from './keys';

export function reviewFinding(findingId: string, body: ReviewFindingRequest): Promise<Finding> {
  return apiRequest<Finding>(apiPaths.finding(findingId), { method: 'PATCH', body });
}

export interface ReviewVariables {
  finding: Finding;
  status: ReviewFindingRequest['status'];
  duplicateOf?: string;
}

export function useReviewFinding(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ finding, status, duplicateOf }: ReviewVariables) => {
      try {
        return await reviewFinding(finding.id, { status, duplicateOf, version: finding.version });
      } catch (e) {
        if (isApiError(e, 409)) {
          void queryClient.invalidateQueries({ queryKey: findingKeys.list(operationId) });
          throw new ApiError(409, e.error, 'This finding was changed by someone else — reloaded. Check it and try again.');
        }
        throw e;
      }
    },
    onSuccess: (finding) =>
      queryClient.setQueryData<Finding[]>(findingKeys.list(operationId), (old) => upsertFinding(old, finding)),
  });
}
