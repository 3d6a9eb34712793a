import { EventCoalescer } from './event-coalescer';

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

/** Events are kept as they are; only their order and number matter here. */
interface Pending {
  seq: number;
}

function setup(intervalMs = 250) {
  const time = fakeTime();
  const flushes: Pending[][] = [];
  const coalescer = new EventCoalescer<Pending>({ flush: (p) => flushes.push(p), intervalMs, ...time });
  return { time, flushes, coalescer };
}

describe('EventCoalescer', () => {
  it('applies the first events after a quiet period at once', () => {
    const { flushes, coalescer, time } = setup();
    coalescer.add({ seq: 1 });
    coalescer.add({ seq: 2 });
    coalescer.schedule();
    expect(flushes.map((f) => f.map((p) => p.seq))).toEqual([[1, 2]]);
    expect(time.pending()).toBe(0);
    coalescer.schedule(); // nothing waiting: nothing to do
    expect(flushes).toHaveLength(1);
  });

  it('at 100 events/s, applies them together at most every 250 ms, in order, none lost', () => {
    const { flushes, coalescer, time } = setup();
    for (let seq = 1; seq <= 100; seq++) {
      coalescer.add({ seq });
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
    coalescer.add({ seq: 1 });
    coalescer.schedule();
    time.advance(100);
    coalescer.add({ seq: 2 });
    coalescer.schedule();
    coalescer.add({ seq: 3 });
    coalescer.schedule();
    expect(flushes).toHaveLength(1);
    time.advance(149);
    expect(flushes).toHaveLength(1);
    time.advance(1);
    expect(flushes.map((f) => f.map((p) => p.seq))).toEqual([[1], [2, 3]]);
  });

  it('flushes on demand (stop) and forgets everything on reset (new baseline)', () => {
    const { flushes, coalescer, time } = setup();
    coalescer.add({ seq: 1 });
    coalescer.schedule();
    coalescer.add({ seq: 2 });
    coalescer.schedule();
    coalescer.flushNow();
    expect(flushes.map((f) => f.map((p) => p.seq))).toEqual([[1], [2]]);
    expect(time.pending()).toBe(0);

    coalescer.add({ seq: 3 });
    coalescer.schedule(); // within the interval: waits
    coalescer.reset();
    time.advance(1000);
    expect(flushes).toHaveLength(2);
    // After a reset the throttle starts afresh: the next event goes at once.
    coalescer.add({ seq: 4 });
    coalescer.schedule();
    expect(flushes.map((f) => f.map((p) => p.seq))).toEqual([[1], [2], [4]]);
  });
});
