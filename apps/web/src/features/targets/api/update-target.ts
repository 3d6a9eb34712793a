import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type Target, type UpdateTargetRequest } from '@actionday/contracts';
import { apiRequest, ApiError, isApiError } from '../../../shared/api-client';
import { upsertTargets, targetKeys } from '../../../entities/targets';

export const STALE_TARGET_MESSAGE = 'This target was changed by someone else — reloaded. Check it and try again.';

export function updateTarget(targetId: string, body: UpdateTargetRequest): Promise<Target> {
  return apiRequest<Target>(apiPaths.target(targetId), { method: 'PATCH', body });
}

export interface UpdateTargetVariables {
  target: Target;
  change: Omit<UpdateTargetRequest, 'version'>;
}

/** Take, release, close or reopen a target, with the version it was read at. */
export function useUpdateTarget(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ target, change }: UpdateTargetVariables) => {
      try {
        return await updateTarget(target.id, { ...change, version: target.version });
      } catch (e) {
        if (isApiError(e, 409)) {
          void queryClient.invalidateQueries({ queryKey: targetKeys.list(operationId) });
          throw new ApiError(409, e.error, STALE_TARGET_MESSAGE, e.details);
        }
        throw e;
      }
    },
    onSuccess: (target) =>
      queryClient.setQueryData<Target[]>(targetKeys.list(operationId), (old) => upsertTargets(old, [target])),
  });
}
