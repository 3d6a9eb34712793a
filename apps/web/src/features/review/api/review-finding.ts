import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type Finding, type ReviewFindingRequest } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { findingKeys, upsertFinding } from '../../../entities/findings';

/** PATCH /findings/:id: 409 when `version` is no longer the current one (someone reviewed it meanwhile). */
export function reviewFinding(findingId: string, body: ReviewFindingRequest): Promise<Finding> {
  return apiRequest<Finding>(apiPaths.finding(findingId), { method: 'PATCH', body });
}

export interface ReviewVariables {
  /** The finding as the coordinator saw it: its version is sent, so a stale view gets a 409. */
  finding: Finding;
  status: ReviewFindingRequest['status'];
  duplicateOf?: string;
}

/**
 * A coordinator's decision. The answer replaces the cached finding (the finding.updated event
 * that follows is then a no-op). A 409 is left to the caller with the server's own message
 * ("changed by Anna meanwhile (now confirmed, version 3); reload it"): nothing is retried or
 * reloaded behind the coordinator's back.
 */
export function useReviewFinding(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ finding, status, duplicateOf }: ReviewVariables) =>
      reviewFinding(finding.id, { status, ...(status === 'duplicate' ? { duplicateOf } : {}), version: finding.version }),
    onSuccess: (finding) => queryClient.setQueryData<Finding[]>(findingKeys.list(operationId), (old) => upsertFinding(old, finding)),
  });
}
