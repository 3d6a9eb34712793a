import type { EventsResponse, LiveEvent } from '@actionday/contracts';
import { Timeout, type LiveClock } from './live-clock';
import { createSequencer, hasGap, offerEvents, type SequencerState } from './event-sequencer';

/** How long a gap may stay open before the missing events are fetched over HTTP. */
export const GAP_WAIT_MS = 300;
/** After subscribing, how long the server may take to send what was missed before we fetch it. */
export const CATCH_UP_WAIT_MS = 1500;
const EVENTS_PAGE = 1000;

export interface EventStreamOptions {
  clock: LiveClock;
  /** GET /events?after=…&limit=… */
  fetchEvents: (after: number, limit: number) => Promise<EventsResponse>;
  /** The events to apply now, in seq order, each exactly once. */
  onReady: (events: LiveEvent[]) => void;
}

/**
 * One operation's events in `seq` order, each exactly once: events that arrive before the
 * baseline wait for it, a gap (an event after a missing one, or a head further than what arrived)
 * is filled over HTTP after a short wait, and what the socket brings meanwhile is deduplicated.
 */
export class OrderedEventStream {
  private seq: SequencerState<LiveEvent> | null = null;
  /** Events that arrived before the baseline. */
  private early: LiveEvent[] = [];
  private expectedSeq = 0;
  private active = false;
  private generation = 0;
  private readonly gapTimer: Timeout;
  private filling = false;
  private fruitlessFills = 0;

  constructor(private readonly opts: EventStreamOptions) {
    this.gapTimer = new Timeout(opts.clock);
  }

  /** The seq of the last event applied, or null before the baseline. */
  get lastSeq(): number | null {
    return this.seq ? this.seq.lastSeq : null;
  }

  /** Forgets everything: a new baseline follows. */
  reset(): void {
    this.active = true;
    this.generation += 1;
    this.seq = null;
    this.early = [];
    this.expectedSeq = 0;
  }

  stop(): void {
    this.active = false;
    this.generation += 1;
    this.gapTimer.clear();
  }

  /** The baseline includes every event up to `lastSeq`: the stream goes on from there (see `releaseEarly`). */
  begin(lastSeq: number): void {
    this.seq = createSequencer<LiveEvent>(lastSeq);
  }

  /** Offers what arrived before the baseline. */
  releaseEarly(): void {
    const early = this.early;
    this.early = [];
    if (early.length) this.offer(early);
  }

  /** The events of one frame, in seq order. */
  receive(events: readonly LiveEvent[]): void {
    if (!this.seq) {
      for (const e of events) this.early.push(e);
      return;
    }
    this.offer(events);
  }

  /** The log is at least at `seq` (a subscribe ack, a head): what is missing is fetched. */
  expect(seq: number): void {
    if (seq > this.expectedSeq) this.expectedSeq = seq;
    if (this.seq && hasGap(this.seq, this.expectedSeq)) this.scheduleFill(CATCH_UP_WAIT_MS);
  }

  private offer(events: readonly LiveEvent[]): void {
    if (!this.seq) return;
    const result = offerEvents(this.seq, events);
    this.seq = result.state;
    if (result.ready.length) {
      for (const e of result.ready) if (e.seq > this.expectedSeq) this.expectedSeq = e.seq;
      this.opts.onReady(result.ready);
    }
    if (hasGap(this.seq, this.expectedSeq)) this.scheduleFill(GAP_WAIT_MS);
    else this.gapTimer.clear();
  }

  private scheduleFill(delay: number): void {
    if (this.gapTimer.active || !this.active) return;
    this.gapTimer.start(delay, () => void this.fillGap());
  }

  /** GET /events?after=lastSeq until caught up; what the socket brings meanwhile is deduplicated. */
  private async fillGap(): Promise<void> {
    if (this.filling || !this.seq || !hasGap(this.seq, this.expectedSeq)) return;
    const generation = this.generation;
    this.filling = true;
    const before = this.seq.lastSeq;
    try {
      for (let round = 0; round < 100; round++) {
        const res = await this.opts.fetchEvents(this.seq.lastSeq, EVENTS_PAGE);
        if (generation !== this.generation || !this.seq) return;
        if (res.lastSeq > this.expectedSeq) this.expectedSeq = res.lastSeq;
        this.offer(res.items);
        if (res.items.length === 0 || !hasGap(this.seq, this.expectedSeq)) break;
      }
    } catch {
      // Retried below while the gap stays open.
    } finally {
      this.filling = false;
    }
    if (generation !== this.generation || !this.seq) return;
    this.fruitlessFills = this.seq.lastSeq > before ? 0 : this.fruitlessFills + 1;
    if (hasGap(this.seq, this.expectedSeq)) {
      if (this.fruitlessFills > 0 && this.seq.pending.length === 0) {
        // The server announced a seq it does not serve (yet): stop expecting it after a few tries.
        if (this.fruitlessFills >= 3) this.expectedSeq = this.seq.lastSeq;
      }
      if (hasGap(this.seq, this.expectedSeq)) this.scheduleFill(Math.min(10_000, GAP_WAIT_MS * 2 ** this.fruitlessFills));
    }
  }
}
