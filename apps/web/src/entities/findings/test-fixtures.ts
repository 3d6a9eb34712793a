import type { Finding } from '@actionday/contracts';
import { OP, TEAM_NL } from '../operations/test-fixtures';

/** A submitted possible victim of team NL in the specs' operation, unless patched. */
export function finding(id: string, patch: Partial<Finding> = {}): Finding {
  return {
    id,
    operationId: OP,
    clientId: id,
    type: 'possible_victim',
    targetId: null,
    teamId: TEAM_NL,
    authorId: 'u1',
    status: 'submitted',
    duplicateOf: null,
    reviewedBy: null,
    reviewedAt: null,
    redacted: false,
    details: { nationality: 'UA' },
    identifiers: [],
    indicators: [],
    evidence: [],
    notes: null,
    version: 1,
    createdAt: '2025-03-01T09:00:00.000Z',
    updatedAt: '2025-03-01T09:00:00.000Z',
    ...patch,
  };
}
