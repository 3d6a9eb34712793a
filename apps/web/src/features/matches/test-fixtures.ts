import type { Match } from '@actionday/contracts';
import { OP, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';

/** A match between two teams' findings; side a raised it. */
export function match(id: string, patch: Partial<Match> = {}): Match {
  return {
    id,
    operationId: OP,
    kind: 'phone',
    normalized: '+31612345678',
    sides: [
      { teamId: TEAM_UA, country: 'UA', targetId: null, findingId: `${id}-fa` },
      { teamId: TEAM_NL, country: 'NL', targetId: 't1', findingId: `${id}-fb` },
    ],
    crossBorder: true,
    redacted: false,
    createdAt: '2025-03-01T10:00:00.000Z',
    ...patch,
  };
}
