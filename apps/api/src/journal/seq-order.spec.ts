import { jest } from '@jest/globals';
import type { LiveEvent } from '@actionday/contracts';
import { sameForAll } from '../policy/event-versions';
import type { JournalEntry } from './event-sink';
import { SeqOrder } from './seq-order';

const entries = (operationId: string, ...seqs: number[]): JournalEntry[] =>
  seqs.map((seq) => ({ event: { operationId, seq, type: 'tally.updated', at: '', actorId: null, data: { deltas: [] } } as LiveEvent, versions: sameForAll({ deltas: [] }) }));

describe('SeqOrder', () => {
  function setup() {
    const released: number[][] = [];
    const order = new SeqOrder((list) => released.push(list.map((e) => e.event.seq)));
    return { order, released };
  }

  it('holds a write whose COMMIT was answered first until the earlier write is answered, then releases both in seq order', () => {
    const { order, released } = setup();
    const a = order.take('op', entries('op', 1, 2));
    const b = order.take('op', entries('op', 3));
    b.committed();
    expect(released).toEqual([]);
    a.committed();
    expect(released).toEqual([[1, 2, 3]]);
    expect(order.waiting('op')).toBe(0);
  });

  it('lets a write that did not commit hold nothing back', () => {
    const { order, released } = setup();
    const a = order.take('op', entries('op', 1));
    const b = order.take('op', entries('op', 2));
    b.committed();
    a.abandoned();
    expect(released).toEqual([[2]]);
  });

  it('orders each operation on its own', () => {
    const { order, released } = setup();
    order.take('op1', entries('op1', 1));
    order.take('op2', entries('op2', 7)).committed();
    expect(released).toEqual([[7]]);
    expect(order.waiting('op1')).toBe(1);
  });

  it('does not wait for numbers another instance took', () => {
    const { order, released } = setup();
    order.take('op', entries('op', 10)).committed();
    order.take('op', entries('op', 14)).committed();
    expect(released).toEqual([[10], [14]]);
  });

  it('settles a ticket once: a second answer changes nothing', () => {
    const { order, released } = setup();
    const a = order.take('op', entries('op', 1));
    a.committed();
    a.abandoned();
    a.committed();
    expect(released).toEqual([[1]]);
  });

  it('gives up on a write whose COMMIT never answers, so that the later ones are not held for ever', () => {
    jest.useFakeTimers();
    try {
      const released: number[][] = [];
      const order = new SeqOrder((list) => released.push(list.map((e) => e.event.seq)), 10_000);
      const hung = order.take('op', entries('op', 1));
      order.take('op', entries('op', 2)).committed();
      jest.advanceTimersByTime(9_999);
      expect(released).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(released).toEqual([[2]]);
      // Its answer, if it ever comes, changes nothing: the clients fetch it from the log.
      hung.committed();
      expect(released).toEqual([[2]]);
    } finally {
      jest.useRealTimers();
    }
  });
});
