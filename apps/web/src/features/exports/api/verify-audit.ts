import { useMutation } from '@tanstack/react-query';
import { apiPaths, type AuditVerification } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';

/** The API recomputes the operation's hash chain from its first entry (organizer only). */
export function verifyAudit(operationId: string): Promise<AuditVerification> {
  return apiRequest<AuditVerification>(apiPaths.auditVerify(operationId), { method: 'POST' });
}

export function useVerifyAudit(operationId: string) {
  return useMutation({ mutationFn: () => verifyAudit(operationId) });
}
