import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiPaths, type CreateFindingRequest, type Finding } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { upsertFinding, findingKeys } from '../../../entities/findings';

/**
 * A request that got no answer in this time is treated like a lost connection (the finding goes
 * to the outbox and is retried with the same clientId, which the server answers idempotently).
 */
export const SUBMIT_TIMEOUT_MS = 20_000;

function timeoutSignal(ms: number): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(ms) : undefined;
}

/** 201 the first time, 200 with the same finding when retried with the same clientId and body. */
export function createFinding(operationId: string, body: CreateFindingRequest, signal: AbortSignal | undefined = timeoutSignal(SUBMIT_TIMEOUT_MS)): Promise<Finding> {
  return apiRequest<Finding>(apiPaths.findings(operationId), { method: 'POST', body, signal });
}

/** The author's own copy (unredacted) goes into the findings list; the live event then finds it there. */
export function cacheCreatedFinding(queryClient: QueryClient, operationId: string, finding: Finding): void {
  queryClient.setQueryData<Finding[]>(findingKeys.list(operationId), (old) => upsertFinding(old, finding));
}

export function useCreateFinding(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateFindingRequest) => createFinding(operationId, body),
    onSuccess: (finding) => cacheCreatedFinding(queryClient, operationId, finding),
  });
}
