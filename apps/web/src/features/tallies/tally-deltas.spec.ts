import type { TallyDelta } from '@actionday/contracts';
import { TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { tallies, victimDelta } from '../../entities/tallies/test-fixtures';
import { applyPendingTallies, type PendingTallyEvent } from './tally-deltas';

const victims = (seq: number): PendingTallyEvent => ({ seq, deltas: victimDelta().deltas });
const noName = () => '';

describe('applyPendingTallies', () => {
  it('applies many events in one go and moves asOfSeq to the last one', () => {
    const old = tallies(10);
    const next = applyPendingTallies(old, [victims(11), victims(12), victims(13)], noName);
    expect(next?.possibleVictims?.total).toBe(3);
    expect(next?.byTeam.find((t) => t.teamId === TEAM_NL)?.possibleVictims?.total).toBe(3);
    expect(next?.asOfSeq).toBe(13);
    // The cached object is not touched: React Query compares by reference.
    expect(old.possibleVictims?.total).toBe(0);
    expect(old.asOfSeq).toBe(10);
  });

  it('skips what the tallies already include (a refetch landed while events waited)', () => {
    const refetched = { ...tallies(12), possibleVictims: { total: 2, minors: 0, byNationality: {} } };
    const next = applyPendingTallies(refetched, [victims(11), victims(12), victims(13)], noName);
    expect(next?.possibleVictims?.total).toBe(3);
    expect(next?.asOfSeq).toBe(13);
    // A repeat within the batch counts once.
    expect(applyPendingTallies(tallies(10), [victims(11), victims(11), victims(12)], noName)?.possibleVictims?.total).toBe(2);
    // Nothing newer: the same object back, so nothing re-renders.
    expect(applyPendingTallies(refetched, [victims(11), victims(12)], noName)).toBe(refetched);
    expect(applyPendingTallies(refetched, [], noName)).toBe(refetched);
  });

  it('leaves tallies that were never loaded unloaded', () => {
    expect(applyPendingTallies(undefined, [victims(1)], noName)).toBeUndefined();
  });

  it('names a team that first appears in a delta', () => {
    const deltas: TallyDelta[] = [{ dim: 'team', key: TEAM_UA, metric: 'suspects', sub: '', delta: 1 }];
    const next = applyPendingTallies(tallies(0), [{ seq: 1, deltas }], (id) => (id === TEAM_UA ? 'Ukraine' : ''));
    expect(next?.byTeam.find((t) => t.teamId === TEAM_UA)).toMatchObject({ name: 'Ukraine', suspects: 1 });
  });
});
