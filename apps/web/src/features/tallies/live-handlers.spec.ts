import type { Tallies, Team } from '@actionday/contracts';
import { teamKeys } from '../../entities/operations';
import { event, OP, operation, team, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { tallyKeys } from '../../entities/tallies';
import { tallies, victimDelta } from '../../entities/tallies/test-fixtures';
import { liveHandlersHarness } from '../../test/live-handlers-harness';
import { talliesLiveHandlers } from './live-handlers';

const { setup, applyEventToCache } = liveHandlersHarness(talliesLiveHandlers, OP);

describe('tallies live handlers', () => {
  it('applies tally deltas once, only after the snapshot, and moves asOfSeq', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Tallies>(tallyKeys.detail(OP), tallies(5));
    applyEventToCache(ctx, event(5, 'tally.updated', victimDelta())); // already in the snapshot
    applyEventToCache(ctx, event(6, 'tally.updated', victimDelta()));
    applyEventToCache(ctx, event(6, 'tally.updated', victimDelta())); // a repeat
    const t = queryClient.getQueryData<Tallies>(tallyKeys.detail(OP));
    expect(t?.possibleVictims?.total).toBe(1);
    expect(t?.asOfSeq).toBe(6);
    expect(t?.byTeam.find((r) => r.teamId === TEAM_NL)?.possibleVictims?.total).toBe(1);
  });
  it('marks live tallies for one refetch when the operation closes, frozen ones not', () => {
    const { queryClient, ctx } = setup();
    const { myRole: _r, myTeamId: _t, ...core } = operation({ status: 'closed', closedAt: '2025-03-01T19:00:00.000Z', version: 3 });
    queryClient.setQueryData<Tallies>(tallyKeys.detail(OP), tallies(5));
    applyEventToCache(ctx, event(6, 'operation.updated', { operation: core }));
    expect(queryClient.getQueryState(tallyKeys.detail(OP))?.isInvalidated).toBe(true);

    const other = setup();
    other.queryClient.setQueryData<Tallies>(tallyKeys.detail(OP), tallies(5, { frozen: true }));
    applyEventToCache(other.ctx, event(6, 'operation.updated', { operation: core }));
    applyEventToCache(other.ctx, event(7, 'operation.updated', { operation: { ...core, status: 'live' } }));
    expect(other.queryClient.getQueryState(tallyKeys.detail(OP))?.isInvalidated).toBe(false);
  });
  it('names a team that appears in the tallies from the cached teams', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Tallies>(tallyKeys.detail(OP), tallies(0));
    queryClient.setQueryData<Team[]>(teamKeys.list(OP), [team(TEAM_NL, 'Netherlands'), team(TEAM_UA, 'Ukraine')]);
    applyEventToCache(ctx, event(1, 'tally.updated', { deltas: [{ dim: 'team', key: TEAM_UA, metric: 'suspects', sub: '', delta: 1 }] }));
    expect(queryClient.getQueryData<Tallies>(tallyKeys.detail(OP))?.byTeam.find((r) => r.teamId === TEAM_UA)?.name).toBe('Ukraine');
  });
  it('puts a newer victim release into tallies that show released figures, and leaves exact ones alone', () => {
    const { queryClient, ctx } = setup();
    const withheld = { releasedAt: null, suppressBelow: 3, topIndicators: [] };
    queryClient.setQueryData<Tallies>(tallyKeys.detail(OP), tallies(5, { possibleVictims: null, victimRelease: withheld }));
    const release = (at: string, total: number | null) =>
      event(6, 'tally.released', {
        possibleVictims: { total, minors: null, byNationality: { other: total } },
        victimRelease: { releasedAt: at, suppressBelow: 3, topIndicators: [] },
      });
    applyEventToCache(ctx, release('2025-03-01T10:00:00.000Z', 4));
    applyEventToCache(ctx, release('2025-03-01T09:00:00.000Z', null));
    const cached = queryClient.getQueryData<Tallies>(tallyKeys.detail(OP));
    expect(cached?.possibleVictims?.total).toBe(4);
    expect(cached?.victimRelease?.releasedAt).toBe('2025-03-01T10:00:00.000Z');

    // A coordinator's tallies are exact and live: a release changes nothing there.
    const exact = tallies(5);
    queryClient.setQueryData<Tallies>(tallyKeys.detail(OP), exact);
    applyEventToCache(ctx, release('2025-03-01T11:00:00.000Z', 9));
    expect(queryClient.getQueryData<Tallies>(tallyKeys.detail(OP))).toEqual(exact);
  });
});
