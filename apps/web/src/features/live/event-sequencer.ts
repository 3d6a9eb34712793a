/**
 * Orders live events by their per-operation `seq` so that each is applied exactly once and in
 * order: the next one (lastSeq + 1) is released at once, older ones and repeats are dropped, later
 * ones wait in `pending` until the gap before them is filled (by the socket or by
 * GET /events?after=lastSeq). Pure: every call returns a new state.
 */
export interface Sequenced {
  seq: number;
}

export interface SequencerState<E extends Sequenced> {
  /** The seq of the last event released (applied). */
  readonly lastSeq: number;
  /** Events after a gap, sorted by seq, no duplicates, all > lastSeq + 1. */
  readonly pending: readonly E[];
}

export interface OfferResult<E extends Sequenced> {
  state: SequencerState<E>;
  /** To apply now, in this order. */
  ready: E[];
  /** How many of the offered events were already applied or already pending. */
  dropped: number;
}

export function createSequencer<E extends Sequenced>(lastSeq: number): SequencerState<E> {
  return { lastSeq, pending: [] };
}

export function offerEvents<E extends Sequenced>(state: SequencerState<E>, incoming: readonly E[]): OfferResult<E> {
  const bySeq = new Map<number, E>();
  for (const e of state.pending) bySeq.set(e.seq, e);
  let dropped = 0;
  for (const e of incoming) {
    if (!Number.isInteger(e.seq) || e.seq <= state.lastSeq || bySeq.has(e.seq)) {
      dropped += 1;
      continue;
    }
    bySeq.set(e.seq, e);
  }
  const ready: E[] = [];
  let lastSeq = state.lastSeq;
  for (let next = bySeq.get(lastSeq + 1); next !== undefined; next = bySeq.get(lastSeq + 1)) {
    ready.push(next);
    bySeq.delete(lastSeq + 1);
    lastSeq += 1;
  }
  const pending = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return { state: { lastSeq, pending }, ready, dropped };
}

/** True while events are known to exist that have not been applied yet. */
export function hasGap<E extends Sequenced>(state: SequencerState<E>, expectedSeq = 0): boolean {
  return state.pending.length > 0 || state.lastSeq < expectedSeq;
}

/** The seqs still missing before the first pending event, or null when there is no gap. */
export function missingRange<E extends Sequenced>(state: SequencerState<E>): { after: number; upTo: number } | null {
  const first = state.pending[0];
  if (!first) return null;
  return { after: state.lastSeq, upTo: first.seq - 1 };
}
