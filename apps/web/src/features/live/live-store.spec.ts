import type { LiveClock } from './live-clock';
import { LiveStore, NOTIFY_MS } from './live-store';

/** A clock whose time moves only when the spec says so. */
function manualClock() {
  let now = 1_000;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextId = 1;
  const clock: LiveClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => {
      timers.delete(id as number);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.size };
}

describe('LiveStore', () => {
  it('is current at once and tells the page at most every NOTIFY_MS, leading edge first', () => {
    const { clock, advance, pending } = manualClock();
    const store = new LiveStore(clock);
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().lastSeq));

    store.update({ lastSeq: 1 });
    expect(seen).toEqual([1]);
    store.update({ lastSeq: 2 });
    store.update({ lastSeq: 3 });
    // The snapshot is current; the page hears of it once the interval is over, with the latest.
    expect(store.getSnapshot().lastSeq).toBe(3);
    expect(seen).toEqual([1]);
    advance(NOTIFY_MS - 1);
    expect(seen).toEqual([1]);
    advance(1);
    expect(seen).toEqual([1, 3]);
    expect(pending()).toBe(0);
  });

  it('changes the snapshot without a notification on replace', () => {
    const { clock, pending } = manualClock();
    const store = new LiveStore(clock);
    const listener = jest.fn();
    const unsubscribe = store.subscribe(listener);
    store.replace({ error: 'x' });
    expect(store.getSnapshot().error).toBe('x');
    expect(listener).not.toHaveBeenCalled();
    expect(pending()).toBe(0);
    unsubscribe();
    store.update({ error: null });
    expect(listener).not.toHaveBeenCalled();
  });
});
