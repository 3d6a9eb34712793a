import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type AutoAssignRequest, type AutoAssignResponse, type Target } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { upsertTargets, targetKeys } from '../../../entities/targets';

export function autoAssign(operationId: string, body: AutoAssignRequest): Promise<AutoAssignResponse> {
  return apiRequest<AutoAssignResponse>(apiPaths.autoAssign(operationId), { method: 'POST', body });
}

/** apply:false previews the proposals; apply:true applies the same rule. */
export function useAutoAssign(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AutoAssignRequest) => autoAssign(operationId, body),
    // target.updated events patch the cache too; upserting by version makes the two idempotent.
    onSuccess: (res) => {
      if (res.applied && res.updated?.length) {
        const updated = res.updated;
        queryClient.setQueryData<Target[]>(targetKeys.list(operationId), (old) => upsertTargets(old, updated));
      }
    },
  });
}
