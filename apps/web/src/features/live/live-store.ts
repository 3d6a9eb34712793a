import type { Presence } from '@actionday/contracts';
import type { FeedTone } from '../../shared/live-feed';
import { Timeout, type LiveClock } from './live-clock';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface FeedEntry {
  seq: number;
  at: string;
  text: string;
  tone: FeedTone;
}

export interface LiveSnapshot {
  connection: ConnectionState;
  /** The baseline (the tallies) is loaded: lists fetched from now on cannot miss an event. */
  ready: boolean;
  error: string | null;
  lastSeq: number;
  online: Presence['online'];
  /** Most recent first. */
  feed: FeedEntry[];
  /**
   * Ids of the matches that arrived live during this visit, newest first: the matches themselves
   * are in the query cache, this only says which ones are new to the viewer.
   */
  newMatchIds: string[];
  /** Set when the server removed this member from the operation: why, in a sentence. */
  removed: string | null;
}

export const initialSnapshot: LiveSnapshot = {
  connection: 'connecting',
  ready: false,
  error: null,
  lastSeq: 0,
  online: [],
  feed: [],
  newMatchIds: [],
  removed: null,
};

export const FEED_SIZE = 200;
const NEW_MATCHES_SIZE = 200;

/**
 * The snapshot's change after a run of events was applied (their feed lines newest first, the ids
 * of the matches among them in arrival order), or null when the page has nothing new to show.
 */
export function afterEvents(
  snapshot: LiveSnapshot,
  applied: { entries: readonly FeedEntry[]; matchIds: readonly string[]; deferredOnly: boolean },
  lastSeq: number,
): Partial<LiveSnapshot> | null {
  const known = new Set(snapshot.newMatchIds);
  const added = applied.matchIds.filter((id) => !known.has(id)).reverse();
  // A run of held-back events alone (tally deltas) changes nothing the page shows until it is
  // flushed: the flush publishes lastSeq, so that the page does not re-render per event.
  if (applied.deferredOnly && !applied.entries.length && !added.length) return null;
  return {
    lastSeq,
    feed: applied.entries.length ? [...applied.entries, ...snapshot.feed].slice(0, FEED_SIZE) : snapshot.feed,
    newMatchIds: added.length ? [...added, ...snapshot.newMatchIds].slice(0, NEW_MATCHES_SIZE) : snapshot.newMatchIds,
  };
}

/** At most this often the page re-renders for a change of the live snapshot (feed, presence…). */
export const NOTIFY_MS = 100;

/**
 * The live snapshot as an external store (useSyncExternalStore). The snapshot changes at once
 * (getSnapshot is always current); the page hears of it at most every NOTIFY_MS: at 100 events/s,
 * re-rendering the header, feed and presence per event would keep the page busy and make it fall
 * behind the stream.
 */
export class LiveStore {
  private snapshot: LiveSnapshot = initialSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly notifyTimer: Timeout;
  private lastNotifyAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly clock: LiveClock) {
    this.notifyTimer = new Timeout(clock);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): LiveSnapshot => this.snapshot;

  /** Changes the snapshot and lets the page know (throttled). */
  update(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    if (this.notifyTimer.active) return;
    const wait = this.lastNotifyAt + NOTIFY_MS - this.clock.now();
    if (wait <= 0) this.notify();
    else this.notifyTimer.start(wait, () => this.notify());
  }

  /** Changes the snapshot without telling the page (a change that comes with the next update). */
  replace(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
  }

  private notify(): void {
    this.lastNotifyAt = this.clock.now();
    for (const l of this.listeners) l();
  }
}
