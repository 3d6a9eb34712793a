import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type SnowballRequest, type SnowballResponse, type Target } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { upsertTargets, targetKeys } from '../../../entities/targets';

/**
 * Snowballing: 201 `created: true` with a new (unassigned) target linked to the finding, or 200
 * `created: false` with the target the identifier already is.
 */
export function snowball(operationId: string, body: SnowballRequest): Promise<SnowballResponse> {
  return apiRequest<SnowballResponse>(apiPaths.snowball(operationId), { method: 'POST', body });
}

export function useSnowball(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SnowballRequest) => snowball(operationId, body),
    // The target.created event adds a new one too; upserting by id makes the two idempotent.
    onSuccess: (res) =>
      queryClient.setQueryData<Target[]>(targetKeys.list(operationId), (old) => upsertTargets(old, [res.target])),
  });
}
