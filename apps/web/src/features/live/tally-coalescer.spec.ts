import type { Tallies, TallyDelta } from '@actionday/contracts';
import { applyPendingTallies, TallyCoalescer, type PendingTallyEvent } from './tally-coalescer';
import { tallies, TEAM_NL, TEAM_UA, victimDelta } from './test-fixtures';

const victims = (seq: number): PendingTallyEvent => ({ seq, deltas: victimDelta().deltas });
const noName = () => '';

describe('applyPendingTallies', () => {
  it('applies many events in one go and moves asOfSeq to the last one', () => {
    const old = tallies(10);
    const next = applyPendingTallies(old, [victims(11), victims(12), victims(13)], noName);
    expect(next?.possibleVictims.total).toBe(3);
    expect(next?.byTeam.find((t) => t.teamId === TEAM_NL)?.possibleVictims.total).toBe(3);
    expect(next?.asOfSeq).toBe(13);
    // The cached object is not touched: React Query compares by reference.
    expect(old.possibleVictims.total).toBe(0);
    expect(old.asOfSeq).toBe(10);
  });

  it('skips what the tallies already include (a refetch landed while events waited)', () => {
    const refetched = { ...tallies(12), possibleVictims: { total: 2, minors: 0, byNationality: {} } };
    const next = applyPendingTallies(refetched, [victims(11), victims(12), victims(13)], noName);
    expect(next?.possibleVictims.total).toBe(3);
    expect(next?.asOfSeq).toBe(13);
    // A repeat within the batch counts once.
    expect(applyPendingTallies(tallies(10), [victims(11), victims(11), victims(12)], noName)?.possibleVictims.total).toBe(2);
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

/** A clock and timers under the test's control. */
function fakeTime() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextId = 1;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (id: unknown) => {
      timers.delete(id as number);
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}

function setup(intervalMs = 250) {
  const time = fakeTime();
  const flushes: PendingTallyEvent[][] = [];
  const coalescer = new TallyCoalescer({ flush: (p) => flushes.push(p), intervalMs, ...time });
  return { time, flushes, coalescer };
}

describe('TallyCoalescer', () => {
  it('applies the first events after a quiet period at once', () => {
    const { flushes, coalescer, time } = setup();
    coalescer.add(1, []);
    coalescer.add(2, []);
    coalescer.schedule();
    expect(flushes.map((f) => f.map((p) => p.seq))).toEqual([[1, 2]]);
    expect(time.pending()).toBe(0);
    coalescer.schedule(); // nothing waiting: nothing to do
    expect(flushes).toHaveLength(1);
  });

  it('at 100 events/s, applies them together at most every 250 ms, in order, none lost', () => {
    const { flushes, coalescer, time } = setup();
    for (let seq = 1; seq <= 100; seq++) {
      coalescer.add(seq, []);
      coalescer.schedule();
      time.advance(10);
    }
    time.advance(250);
    // 1 s of events: the first at once, then one flush per 250 ms.
    expect(flushes.length).toBeLessThanOrEqual(5);
    expect(flushes.length).toBeGreaterThanOrEqual(4);
    expect(flushes.flat().map((p) => p.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(coalescer.size).toBe(0);
  });

  it('waits out the rest of the interval after a flush, then flushes what came meanwhile', () => {
    const { flushes, coalescer, time } = setup();
    coalescer.add(1, []);
    coalescer.schedule();
    time.advance(100);
    coalescer.add(2, []);
    coalescer.schedule();
    coalescer.add(3, []);
    coalescer.schedule();
    expect(flushes).toHaveLength(1);
    time.advance(149);
    expect(flushes).toHaveLength(1);
    time.advance(1);
    expect(flushes.map((f) => f.map((p) => p.seq))).toEqual([[1], [2, 3]]);
  });

  it('flushes on demand (stop) and forgets everything on reset (new baseline)', () => {
    const { flushes, coalescer, time } = setup();
    coalescer.add(1, []);
    coalescer.schedule();
    coalescer.add(2, []);
    coalescer.schedule();
    coalescer.flushNow();
    expect(flushes.map((f) => f.map((p) => p.seq))).toEqual([[1], [2]]);
    expect(time.pending()).toBe(0);

    coalescer.add(3, []);
    coalescer.schedule(); // within the interval: waits
    coalescer.reset();
    time.advance(1000);
    expect(flushes).toHaveLength(2);
    // After a reset the throttle starts afresh: the next event goes at once.
    coalescer.add(4, []);
    coalescer.schedule();
    expect(flushes.map((f) => f.map((p) => p.seq))).toEqual([[1], [2], [4]]);
  });
});

// The whole path, cache included: many events, few writes of the cached tallies.
describe('coalesced tallies in the cache', () => {
  it('ends with every delta applied once and asOfSeq at the last event', () => {
    const { time } = setup();
    let cached: Tallies | undefined = tallies(0);
    let writes = 0;
    const coalescer = new TallyCoalescer({
      ...time,
      flush: (pending) => {
        const next = applyPendingTallies(cached, pending, noName);
        if (next !== cached) writes += 1;
        cached = next;
      },
    });
    for (let seq = 1; seq <= 200; seq++) {
      coalescer.add(seq, victimDelta().deltas);
      coalescer.schedule();
      time.advance(5);
    }
    time.advance(250);
    expect(writes).toBeLessThanOrEqual(5);
    expect(cached?.possibleVictims.total).toBe(200);
    expect(cached?.asOfSeq).toBe(200);
  });
});
