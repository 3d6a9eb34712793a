import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type CreateIndicatorRequest, type Indicator } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { indicatorKeys, upsertIndicator } from '../../../entities/findings';

/** Coordinator and above; 409 when the code exists, 400 for a bad code. */
export function createIndicator(operationId: string, body: CreateIndicatorRequest): Promise<Indicator> {
  return apiRequest<Indicator>(apiPaths.indicators(operationId), { method: 'POST', body });
}

export function useCreateIndicator(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateIndicatorRequest) => createIndicator(operationId, body),
    onSuccess: (indicator) => queryClient.setQueryData<Indicator[]>(indicatorKeys.list(operationId), (old) => upsertIndicator(old, indicator)),
  });
}
