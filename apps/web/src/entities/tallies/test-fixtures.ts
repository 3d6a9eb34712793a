import type { LiveEvent, Tallies } from '@actionday/contracts';
import { emptyTallies } from '@actionday/tallies';
import { OP, team, TEAM_NL } from '../operations/test-fixtures';

/** Empty live tallies of the specs' operation (team NL only) at `asOfSeq`, unless patched. */
export function tallies(asOfSeq: number, patch: Partial<Tallies> = {}): Tallies {
  return {
    ...emptyTallies({
      operationId: OP,
      frozen: false,
      closedAt: null,
      snapshotSha256: null,
      asOfSeq,
      participants: { experts: 12, countries: 2 },
      teams: [team(TEAM_NL, 'Netherlands')],
      countries: ['NL', 'UA'],
    }),
    ...patch,
  };
}

/** The deltas of one possible victim logged by team NL. */
export function victimDelta(): Extract<LiveEvent, { type: 'tally.updated' }>['data'] {
  return {
    deltas: [
      { dim: 'all', key: '', metric: 'victims_total', sub: '', delta: 1 },
      { dim: 'team', key: TEAM_NL, metric: 'victims_total', sub: '', delta: 1 },
    ],
  };
}
