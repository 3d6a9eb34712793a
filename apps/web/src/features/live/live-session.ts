import type { QueryClient } from '@tanstack/react-query';
import { apiPaths, eventsOfFrame, REMOVED_MESSAGE, type AccessNotice, type EventsResponse, type LiveEvent, type LiveFrame, type LogHead, type Presence } from '@actionday/contracts';
import { apiRequest } from '../../shared/api-client';
import type { FeedLookupsSource, LiveFeedDescriber } from '../../shared/live-feed';
import { applyLiveEvent, sectionOfKey, type LiveBaseline, type LiveContext, type LiveEventHandler } from '../../shared/live-handlers';
import { operationScope } from '../../shared/query-keys';
import type { LiveSocket } from '../../shared/socket';
import { BASELINE_RETRY_MS, isFinalRefusal, refreshCachedBefore } from './baseline';
import { EventApplier } from './event-applier';
import { OrderedEventStream } from './event-stream';
import { loadHistoryFeed, mergeFeed } from './history-feed';
import { systemClock, Timeout, type LiveClock } from './live-clock';
import { afterEvents, initialSnapshot, LiveStore, type LiveSnapshot } from './live-store';
import { ReplayJournal } from './replay-journal';
import { listenToSocket } from './socket-listeners';

export type { ConnectionState, FeedEntry, LiveSnapshot } from './live-store';
export { FEED_SIZE, NOTIFY_MS } from './live-store';
export { GAP_WAIT_MS } from './event-stream';

const SUBSCRIBE_RETRY_MS = 2000;
const SUBSCRIBE_TIMEOUT_MS = 10_000;

export interface LiveSessionOptions {
  queryClient: QueryClient;
  operationId: string;
  currentUserId: string | null;
  getSocket: () => LiveSocket;
  /** How each feature's events patch the cache (features/<domain>/live-handlers.ts), composed by the app. */
  handlers: readonly LiveEventHandler[];
  /** What is read first: its seq is where the event stream starts. */
  baseline: LiveBaseline;
  /** How each feature's events read in the feed (features/<domain>/live-feed.ts), composed by the app. */
  describers: readonly LiveFeedDescriber[];
  /** Where the feed's names come from, composed by the app. */
  feedLookups: FeedLookupsSource;
  fetchEvents?: (after: number, limit: number) => Promise<EventsResponse>;
  /** Time and timers; the system's unless given (specs). */
  clock?: LiveClock;
}

/**
 * Keeps one operation's query cache in step with its event stream (socket.io namespace /live):
 * loads the baseline first and starts from its seq, subscribes with afterSeq, applies each event
 * exactly once and in order (through the handlers it is given), fills gaps over HTTP,
 * re-subscribes after a reconnect, and keeps the feed and presence. Not a React object: the hook
 * wraps it with useSyncExternalStore.
 */
export class OperationLiveSession {
  private readonly store: LiveStore;
  private readonly ctx: LiveContext;
  private readonly clock: LiveClock;
  private readonly stream: OrderedEventStream;
  private readonly journal: ReplayJournal;
  private readonly applier: EventApplier;
  private readonly retryTimer: Timeout;
  private running = false;
  private generation = 0;
  private everSubscribed = false;
  private socket: LiveSocket | null = null;
  private unlistenSocket: (() => void) | null = null;
  private unsubscribeCache: (() => void) | null = null;
  /** Pending waits of the history feed, released on stop. */
  private readonly waits = new Set<() => void>();

  constructor(private readonly opts: LiveSessionOptions) {
    this.clock = opts.clock ?? systemClock;
    this.ctx = { queryClient: opts.queryClient, operationId: opts.operationId, currentUserId: opts.currentUserId };
    this.store = new LiveStore(this.clock);
    this.retryTimer = new Timeout(this.clock);
    this.stream = new OrderedEventStream({ clock: this.clock, fetchEvents: this.fetchEvents, onReady: this.onReady });
    this.journal = new ReplayJournal({
      queryClient: opts.queryClient,
      sectionOf: (key) => sectionOfKey(opts.handlers, key, opts.operationId),
      baselineSection: opts.baseline.section,
      lastSeq: () => this.stream.lastSeq,
      replay: (e, section) => applyLiveEvent(opts.handlers, this.ctx, e, section),
    });
    this.applier = new EventApplier({
      ctx: this.ctx,
      handlers: opts.handlers,
      describers: opts.describers,
      feedLookups: opts.feedLookups,
      clock: this.clock,
      onApplied: (e) => this.journal.record(e),
      onFlushed: this.onFlushed,
    });
  }

  // --- store interface (useSyncExternalStore) ---

  get subscribe(): LiveStore['subscribe'] {
    return this.store.subscribe;
  }

  get getSnapshot(): LiveStore['getSnapshot'] {
    return this.store.getSnapshot;
  }

  private get snapshot(): LiveSnapshot {
    return this.store.getSnapshot();
  }

  // --- lifecycle ---

  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation += 1;
    this.stream.reset();
    this.everSubscribed = false;
    this.journal.clear();
    this.applier.reset();
    this.store.replace({ ...initialSnapshot, feed: this.snapshot.feed, newMatchIds: this.snapshot.newMatchIds });

    const socket = this.opts.getSocket();
    this.socket = socket;
    const { onConnect, onDisconnect, onConnectError, onFrame, onPresence, onAccess, onHead } = this;
    this.unlistenSocket = listenToSocket(socket, { onConnect, onDisconnect, onConnectError, onFrame, onPresence, onAccess, onHead });
    this.unsubscribeCache = this.opts.queryClient.getQueryCache().subscribe(this.journal.onCacheEvent);
    void this.loadBaseline(this.generation);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation += 1;
    this.stream.stop();
    this.retryTimer.clear();
    // What waited is applied, not lost: the cache stays consistent with its seq.
    this.applier.flushNow();
    this.applier.reset();
    for (const release of [...this.waits]) release();
    this.unsubscribeCache?.();
    this.unsubscribeCache = null;
    const socket = this.socket;
    this.socket = null;
    this.unlistenSocket?.();
    this.unlistenSocket = null;
    if (socket?.connected) socket.emit('unsubscribe', { operationId: this.opts.operationId });
  }

  /** The baseline first: its seq is where this client's event stream starts. Retried until it loads or is refused for good. */
  private async loadBaseline(generation: number): Promise<void> {
    const { queryClient, operationId, baseline, handlers } = this.opts;
    try {
      const asOfSeq = await baseline.load(this.ctx);
      if (generation !== this.generation) return;
      this.stream.begin(asOfSeq);
      refreshCachedBefore(queryClient, operationId, Date.now(), (key) => sectionOfKey(handlers, key, operationId) === baseline.section);
      this.store.update({ ready: true, error: null, lastSeq: asOfSeq });
      this.stream.releaseEarly();
      if (this.socket?.connected) this.subscribeToOperation();
      void this.loadHistory(generation, asOfSeq);
    } catch (e) {
      if (generation !== this.generation) return;
      this.store.update({ connection: 'offline', error: e instanceof Error ? e.message : 'Could not load the operation' });
      if (!isFinalRefusal(e)) this.retryTimer.start(BASELINE_RETRY_MS, () => void this.loadBaseline(generation));
    }
  }

  /** The last events before this visit, for the feed only. */
  private async loadHistory(generation: number, upTo: number): Promise<void> {
    const entries = await loadHistoryFeed(upTo, {
      ctx: this.ctx,
      describers: this.opts.describers,
      lookups: this.opts.feedLookups,
      clock: this.clock,
      fetchEvents: this.fetchEvents,
      isCurrent: () => generation === this.generation,
      waits: this.waits,
    });
    if (entries) this.store.update({ feed: mergeFeed(this.snapshot.feed, entries) });
  }

  private readonly fetchEvents = (after: number, limit: number): Promise<EventsResponse> => {
    if (this.opts.fetchEvents) return this.opts.fetchEvents(after, limit);
    return apiRequest<EventsResponse>(apiPaths.events(this.opts.operationId), { query: { after, limit } });
  };

  // --- socket ---

  private readonly onConnect = (): void => {
    this.subscribeToOperation();
  };

  private readonly onDisconnect = (): void => {
    this.store.update({ connection: this.everSubscribed ? 'reconnecting' : 'connecting', online: [] });
  };

  private readonly onConnectError = (): void => {
    this.store.update({ connection: this.everSubscribed ? 'reconnecting' : 'connecting' });
  };

  /** Subscribes from what this client has applied; retried while connected when the server does not answer. */
  private subscribeToOperation(): void {
    const socket = this.socket;
    const afterSeq = this.stream.lastSeq;
    if (!this.running || !socket?.connected || afterSeq === null) return;
    const generation = this.generation;
    // After a reconnect the server replays everything after what this client has applied.
    socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit('subscribe', { operationId: this.opts.operationId, afterSeq }, (err, ack) => {
      if (generation !== this.generation || socket !== this.socket) return;
      if (err) {
        // No answer: try again while connected (a reconnect subscribes anyway).
        this.retryTimer.start(SUBSCRIBE_RETRY_MS, () => this.subscribeToOperation());
        return;
      }
      if (!ack.ok) {
        // The baseline was read as a member a moment ago: 'not found' now means the removal
        // raced this subscribe (the server's notice goes only to sockets already subscribed).
        if (ack.error === 'not found') return this.onAccess({ operationId: this.opts.operationId, reason: 'removed', message: REMOVED_MESSAGE });
        this.store.update({ connection: 'offline', error: `Live updates refused: ${ack.error}` });
        return;
      }
      this.everSubscribed = true;
      this.store.update({ connection: 'live', error: null });
      this.stream.expect(ack.seq);
    });
  }

  private readonly onFrame = (frame: LiveFrame): void => {
    if (frame.operationId === this.opts.operationId) this.stream.receive(eventsOfFrame(frame));
  };

  /** The log is further than what arrived: the missing events are fetched. */
  private readonly onHead = (h: LogHead): void => {
    if (h.operationId === this.opts.operationId) this.stream.expect(h.seq);
  };

  private readonly onPresence = (p: Presence): void => {
    if (p.operationId === this.opts.operationId) this.store.update({ online: p.online });
  };

  /**
   * The server changed this member's access to the operation. Whatever the cache holds was read
   * with the old access: it is dropped, not patched (a demoted coordinator must not keep a
   * victim's details on screen), and read again with the new one, or not at all after a removal.
   */
  private readonly onAccess = (notice: AccessNotice): void => {
    if (notice.operationId !== this.opts.operationId) return;
    const qc = this.opts.queryClient;
    const scope = operationScope(this.opts.operationId);
    if (notice.reason === 'removed') {
      this.stop();
      this.store.update({ connection: 'offline', error: notice.message, online: [], removed: notice.message, feed: [], newMatchIds: [] });
      qc.removeQueries({ queryKey: scope });
      void qc.invalidateQueries({ queryKey: ['me'] });
      void qc.invalidateQueries({ queryKey: ['operations'] });
      return;
    }
    this.stop();
    // The feed was written with the old access too (a match's number, a target's value).
    this.store.replace({ feed: [], newMatchIds: [] });
    void qc.resetQueries({ queryKey: scope });
    this.start();
    this.store.update({ error: notice.message });
  };

  // --- applying ---

  /** The next events in seq order: applied (or held for their batch) and journaled; the page hears of it. */
  private readonly onReady = (events: LiveEvent[]): void => {
    const change = afterEvents(this.snapshot, this.applier.applyAll(events), this.stream.lastSeq ?? this.snapshot.lastSeq);
    if (change) this.store.update(change);
    this.applier.schedule();
  };

  /** Held-back events reached the cache: the page learns how far it is. */
  private readonly onFlushed = (): void => {
    const lastSeq = this.stream.lastSeq;
    if (lastSeq !== null && this.snapshot.lastSeq !== lastSeq) this.store.update({ lastSeq });
  };
}
