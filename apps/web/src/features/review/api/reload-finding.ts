import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type Finding } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { findingKeys, upsertFinding } from '../../../entities/findings';

/** The current state of one finding, as this member may see it. */
export function fetchFinding(findingId: string, signal?: AbortSignal): Promise<Finding> {
  return apiRequest<Finding>(apiPaths.finding(findingId), { signal });
}

/** Reloads one finding into the cached list (e.g. after a 409), never refetching the whole list. */
export function useReloadFinding(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (finding: Finding) => fetchFinding(finding.id),
    onSuccess: (fresh) => queryClient.setQueryData<Finding[]>(findingKeys.list(operationId), (old) => upsertFinding(old, fresh)),
  });
}
