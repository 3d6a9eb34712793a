import { createSequencer, hasGap, missingRange, offerEvents, type SequencerState } from './event-sequencer';

type E = { seq: number; label?: string };
const ev = (seq: number, label?: string): E => ({ seq, label });
const seqs = (list: readonly E[]) => list.map((e) => e.seq);

describe('event sequencer', () => {
  it('applies events in order as they come', () => {
    let state: SequencerState<E> = createSequencer<E>(10);
    const applied: number[] = [];
    for (const seq of [11, 12, 13]) {
      const r = offerEvents(state, [ev(seq)]);
      applied.push(...seqs(r.ready));
      state = r.state;
    }
    expect(applied).toEqual([11, 12, 13]);
    expect(state.lastSeq).toBe(13);
    expect(hasGap(state)).toBe(false);
  });

  it('drops events at or below lastSeq and duplicates', () => {
    const state = createSequencer<E>(5);
    const r1 = offerEvents(state, [ev(3), ev(5), ev(6), ev(6)]);
    expect(seqs(r1.ready)).toEqual([6]);
    expect(r1.dropped).toBe(3);
    const r2 = offerEvents(r1.state, [ev(6), ev(7)]);
    expect(seqs(r2.ready)).toEqual([7]);
    expect(r2.dropped).toBe(1);
    expect(r2.state.lastSeq).toBe(7);
  });

  it('never applies an event twice, whatever the order of delivery', () => {
    let state = createSequencer<E>(0);
    const applied: number[] = [];
    const deliveries = [[2], [1, 2], [4, 3], [3], [1], [5, 4, 6], [6]];
    for (const batch of deliveries) {
      const r = offerEvents(state, batch.map((s) => ev(s)));
      applied.push(...seqs(r.ready));
      state = r.state;
    }
    expect(applied).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('buffers events after a gap and releases them in order when the gap is filled', () => {
    const state = createSequencer<E>(10);
    const r1 = offerEvents(state, [ev(13, 'c'), ev(12, 'b')]);
    expect(r1.ready).toEqual([]);
    expect(seqs(r1.state.pending)).toEqual([12, 13]);
    expect(r1.state.lastSeq).toBe(10);
    expect(hasGap(r1.state)).toBe(true);
    expect(missingRange(r1.state)).toEqual({ after: 10, upTo: 11 });

    // The fill (e.g. GET /events?after=10) brings 11..13 again: 12 and 13 must not be doubled.
    const r2 = offerEvents(r1.state, [ev(11, 'a'), ev(12, 'b'), ev(13, 'c')]);
    expect(r2.ready.map((e) => e.label)).toEqual(['a', 'b', 'c']);
    expect(r2.state.pending).toEqual([]);
    expect(r2.state.lastSeq).toBe(13);
    expect(hasGap(r2.state)).toBe(false);
    expect(missingRange(r2.state)).toBeNull();
  });

  it('releases what it can and keeps waiting for a later gap', () => {
    const r = offerEvents(createSequencer<E>(0), [ev(1), ev(2), ev(4), ev(6)]);
    expect(seqs(r.ready)).toEqual([1, 2]);
    expect(seqs(r.state.pending)).toEqual([4, 6]);
    const r2 = offerEvents(r.state, [ev(3)]);
    expect(seqs(r2.ready)).toEqual([3, 4]);
    expect(seqs(r2.state.pending)).toEqual([6]);
    expect(missingRange(r2.state)).toEqual({ after: 4, upTo: 5 });
  });

  it('knows it is behind when the server announced a later seq', () => {
    const state = createSequencer<E>(7);
    expect(hasGap(state, 7)).toBe(false);
    expect(hasGap(state, 9)).toBe(true);
  });

  it('does not mutate the state it was given', () => {
    const state = createSequencer<E>(0);
    const r = offerEvents(state, [ev(2)]);
    offerEvents(r.state, [ev(1)]);
    expect(state).toEqual({ lastSeq: 0, pending: [] });
    expect(seqs(r.state.pending)).toEqual([2]);
  });
});
