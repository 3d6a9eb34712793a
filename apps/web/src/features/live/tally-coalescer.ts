import type { Tallies, TallyDelta } from '@actionday/contracts';
import { applyTallyDeltas } from '@actionday/tallies';

/** The deltas of one tally.updated event, waiting to be applied. */
export interface PendingTallyEvent {
  seq: number;
  deltas: readonly TallyDelta[];
}

/**
 * Applies waiting tally.updated events (in seq order) to the cached tallies in one
 * `applyTallyDeltas` call (one clone of the tallies, however many events), and moves asOfSeq to
 * the last seq applied. Events the tallies already include (seq <= asOfSeq: a refetch landed
 * meanwhile, e.g. the frozen snapshot at close) and repeats are skipped. Pure: `old` is not touched.
 */
export function applyPendingTallies(
  old: Tallies | undefined,
  pending: readonly PendingTallyEvent[],
  teamName: (teamId: string) => string,
): Tallies | undefined {
  if (!old) return old;
  let lastSeq = old.asOfSeq;
  const deltas: TallyDelta[] = [];
  for (const p of pending) {
    if (p.seq <= lastSeq) continue;
    lastSeq = p.seq;
    deltas.push(...p.deltas);
  }
  if (lastSeq === old.asOfSeq) return old;
  return { ...applyTallyDeltas(old, deltas, teamName), asOfSeq: lastSeq };
}

/** At most this often the tallies are rewritten (and the dashboard re-rendered) under load. */
export const TALLY_FLUSH_MS = 250;

export interface TallyCoalescerOptions {
  /** Applies what waited, in seq order; called at most once per interval. */
  flush: (pending: PendingTallyEvent[]) => void;
  intervalMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Throttles tally.updated events of one operation: at 100 events/s, recomputing and re-rendering
 * the tallies for each one would keep the page busy. Leading edge: after a quiet period the first
 * events are applied at once (a lone finding shows up without delay); during a burst, whatever
 * arrived is applied together, at most every `intervalMs`.
 */
export class TallyCoalescer {
  private pending: PendingTallyEvent[] = [];
  private timer: unknown = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly opts: TallyCoalescerOptions) {
    this.intervalMs = opts.intervalMs ?? TALLY_FLUSH_MS;
    this.now = opts.now ?? (() => Date.now());
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  /** Keeps an event's deltas for the next flush; call `schedule()` once the batch is offered. */
  add(seq: number, deltas: readonly TallyDelta[]): void {
    this.pending.push({ seq, deltas });
  }

  get size(): number {
    return this.pending.length;
  }

  /** Flushes now if the last flush is older than the interval, else once the interval is over. */
  schedule(): void {
    if (this.pending.length === 0 || this.timer !== null) return;
    const wait = this.lastFlushAt + this.intervalMs - this.now();
    if (wait <= 0) {
      this.flushNow();
      return;
    }
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.flushNow();
    }, wait);
  }

  /** Applies everything waiting at once (before a refetch, on stop). */
  flushNow(): void {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    this.lastFlushAt = this.now();
    this.opts.flush(pending);
  }

  /** Drops what waits (a new baseline replaces it) and forgets the throttle. */
  reset(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.pending = [];
    this.lastFlushAt = Number.NEGATIVE_INFINITY;
  }
}
