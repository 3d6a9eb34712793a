import type { Target } from '@actionday/contracts';
import { OP } from '../operations/test-fixtures';

/** A target of the specs' operation, unassigned unless patched. */
export function target(id: string, patch: Partial<Target> = {}): Target {
  return {
    id,
    operationId: OP,
    kind: 'platform',
    value: `${id}.example`,
    normalized: `${id}.example`,
    normalizationFailed: false,
    platform: null,
    category: null,
    country: null,
    language: null,
    tags: [],
    priority: 0,
    notes: null,
    redacted: false,
    status: 'unassigned',
    outcome: null,
    teamId: null,
    sourceFindingId: null,
    version: 1,
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-01T08:00:00.000Z',
    ...patch,
  };
}
