/** At most this often batched events (tally deltas) are written (and the dashboard re-rendered) under load. */
export const BATCH_FLUSH_MS = 250;

export interface EventCoalescerOptions<T> {
  /** Applies what waited, in the order added; called at most once per interval. */
  flush: (pending: T[]) => void;
  intervalMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Throttles events that are cheaper applied together (tally.updated: at 100 events/s,
 * recomputing and re-rendering the tallies for each one would keep the page busy). Leading edge:
 * after a quiet period the first events are applied at once (a lone finding shows up without
 * delay); during a burst, whatever arrived is applied together, at most every `intervalMs`.
 */
export class EventCoalescer<T> {
  private pending: T[] = [];
  private timer: unknown = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly opts: EventCoalescerOptions<T>) {
    this.intervalMs = opts.intervalMs ?? BATCH_FLUSH_MS;
    this.now = opts.now ?? (() => Date.now());
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  /** Keeps an event for the next flush; call `schedule()` once the batch is offered. */
  add(item: T): void {
    this.pending.push(item);
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
