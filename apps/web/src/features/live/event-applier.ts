import type { LiveEvent } from '@actionday/contracts';
import type { FeedLookupsSource, LiveFeedDescriber } from '../../shared/live-feed';
import { handlesEvent, type LiveContext, type LiveEventHandler, type LiveEventType } from '../../shared/live-handlers';
import { EventCoalescer } from './event-coalescer';
import { feedEntry } from './history-feed';
import type { LiveClock } from './live-clock';
import type { FeedEntry } from './live-store';

/** What applying a run of events changed for the page. */
export interface AppliedEvents {
  /** Their feed lines, newest first. */
  entries: FeedEntry[];
  /** Ids of the matches among them, in arrival order. */
  matchIds: string[];
  /** True when every one of them was held back for a batch (nothing the page shows changed yet). */
  deferredOnly: boolean;
}

export interface EventApplierOptions {
  ctx: LiveContext;
  handlers: readonly LiveEventHandler[];
  /** How each feature's events read in the feed, and where their names come from. */
  describers: readonly LiveFeedDescriber[];
  feedLookups: FeedLookupsSource;
  clock: LiveClock;
  /** Every event applied, after its handlers ran (the replay journal). */
  onApplied: (event: LiveEvent) => void;
  /** After held-back events reached the cache. */
  onFlushed: () => void;
}

/** The handlers of one event type: applied at once, or held back and applied together. */
interface TypeHandlers {
  now: LiveEventHandler[];
  batched: LiveEventHandler[];
}

/**
 * Applies ordered events through the features' handlers: each is described for the feed first
 * (before it changes the cache: "took" vs "reopened" depends on the previous state), then applied;
 * events of batched handlers (tally deltas) wait and reach the cache together, a few times a
 * second at most.
 */
export class EventApplier {
  private readonly byType = new Map<LiveEventType, TypeHandlers>();
  private readonly batch: EventCoalescer<LiveEvent>;

  constructor(private readonly opts: EventApplierOptions) {
    const { clock } = opts;
    this.batch = new EventCoalescer<LiveEvent>({
      flush: this.flush,
      now: () => clock.now(),
      setTimer: (fn, ms) => clock.setTimeout(fn, ms),
      clearTimer: (t) => clock.clearTimeout(t),
    });
  }

  applyAll(events: readonly LiveEvent[]): AppliedEvents {
    const entries: FeedEntry[] = [];
    const matchIds: string[] = [];
    let deferredOnly = true;
    for (const e of events) {
      const entry = this.apply(e);
      if (entry) entries.push(entry);
      if (e.type === 'correlation.match') matchIds.push(e.data.match.id);
      const handlers = this.handlersOf(e.type);
      if (handlers.now.length > 0 || handlers.batched.length === 0) deferredOnly = false;
    }
    entries.sort((a, b) => b.seq - a.seq);
    return { entries, matchIds, deferredOnly };
  }

  /** Flushes the held-back events when the throttle allows (call after `applyAll`). */
  schedule(): void {
    this.batch.schedule();
  }

  /** Writes whatever waits now (on stop: the cache stays consistent with its seq). */
  flushNow(): void {
    this.batch.flushNow();
  }

  /** Drops what waits (a new baseline replaces it). */
  reset(): void {
    this.batch.reset();
  }

  private handlersOf(type: LiveEventType): TypeHandlers {
    let found = this.byType.get(type);
    if (!found) {
      const handlers = this.opts.handlers.filter((h) => handlesEvent(h, type));
      found = { now: handlers.filter((h) => !h.applyBatch), batched: handlers.filter((h) => h.applyBatch) };
      this.byType.set(type, found);
    }
    return found;
  }

  private apply(e: LiveEvent): FeedEntry | null {
    const { ctx, describers, feedLookups } = this.opts;
    const entry = feedEntry(e, describers, feedLookups.read(ctx));
    try {
      const handlers = this.handlersOf(e.type);
      if (handlers.batched.length) this.batch.add(e);
      for (const h of handlers.now) h.apply(ctx, e);
    } catch (err) {
      // A malformed event must not stop the stream; the next reload repairs the cache.
      console.error('live: could not apply event', e.seq, e.type, err);
    }
    this.opts.onApplied(e);
    return entry;
  }

  /** Each batched handler once, with its events in seq order. */
  private readonly flush = (pending: LiveEvent[]): void => {
    const handlers = new Set(pending.flatMap((e) => this.handlersOf(e.type).batched));
    for (const h of handlers) {
      try {
        h.applyBatch?.(
          this.opts.ctx,
          pending.filter((e) => handlesEvent(h, e.type)),
        );
      } catch (err) {
        console.error('live: could not apply batched events', pending[0]?.seq, err);
      }
    }
    this.opts.onFlushed();
  };
}
