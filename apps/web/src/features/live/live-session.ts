import type { QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query';
import {
  apiPaths,
  type EventsResponse,
  type LiveEvent,
  type Member,
  type Presence,
  type Tallies,
  type Target,
  type Team,
} from '@actionday/contracts';
import { apiRequest, isApiError } from '../../shared/api-client';
import { operationScope } from '../../shared/query-keys';
import type { LiveSocket } from '../../shared/socket';
import { memberKeys, membersQueryOptions, teamKeys, teamsQueryOptions } from '../operations';
import { tallyKeys, talliesQueryOptions } from '../tallies';
import { targetKeys } from '../targets';
import { applyEventToCache, sectionOfKey, type ApplyContext } from './apply-event';
import { describeEvent, type FeedLookups } from './describe-event';
import { createSequencer, hasGap, offerEvents, type SequencerState } from './event-sequencer';
import { applyPendingTallies, TallyCoalescer, type PendingTallyEvent } from './tally-coalescer';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface FeedEntry {
  seq: number;
  at: string;
  text: string;
  tone: 'normal' | 'match';
}

export interface LiveSnapshot {
  connection: ConnectionState;
  /** The tallies baseline is loaded: lists fetched from now on cannot miss an event. */
  ready: boolean;
  error: string | null;
  lastSeq: number;
  online: Presence['online'];
  /** Most recent first. */
  feed: FeedEntry[];
  /**
   * Ids of the matches that arrived live during this visit, newest first: the matches themselves
   * are in the query cache (matchKeys), this only says which ones are new to the viewer.
   */
  newMatchIds: string[];
}

export const FEED_SIZE = 200;
/** At most this often the page re-renders for a change of the live snapshot (feed, presence…). */
export const NOTIFY_MS = 100;
const NEW_MATCHES_SIZE = 200;
/** How long a gap may stay open before the missing events are fetched over HTTP. */
export const GAP_WAIT_MS = 300;
/** After subscribing, how long the server may take to send what was missed before we fetch it. */
const CATCH_UP_WAIT_MS = 1500;
const EVENTS_PAGE = 1000;
const JOURNAL_SIZE = 5000;
/** Events shown in the feed on arrival, from before this visit. */
const HISTORY_SIZE = 50;

export interface LiveSessionOptions {
  queryClient: QueryClient;
  operationId: string;
  currentUserId: string | null;
  getSocket: () => LiveSocket;
  fetchEvents?: (after: number, limit: number) => Promise<EventsResponse>;
}

const initialSnapshot: LiveSnapshot = {
  connection: 'connecting',
  ready: false,
  error: null,
  lastSeq: 0,
  online: [],
  feed: [],
  newMatchIds: [],
};

/**
 * Keeps one operation's query cache in step with its event stream (socket.io namespace /live):
 * loads the tallies first and starts from their asOfSeq, subscribes with afterSeq, applies each
 * event exactly once and in order, fills gaps over HTTP, re-subscribes after a reconnect, and keeps
 * the feed and presence. Not a React object: the hook wraps it with useSyncExternalStore.
 */
export class OperationLiveSession {
  private snapshot: LiveSnapshot = initialSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly ctx: ApplyContext;
  private running = false;
  private generation = 0;
  private seq: SequencerState<LiveEvent> | null = null;
  private early: LiveEvent[] = [];
  private expectedSeq = 0;
  private everSubscribed = false;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private filling = false;
  private fruitlessFills = 0;
  /** Applied events, oldest first, to replay over a list fetched while they arrived. */
  private journal: LiveEvent[] = [];
  private readonly fetchStartSeq = new Map<string, number>();
  private socket: LiveSocket | null = null;
  private unsubscribeCache: (() => void) | null = null;
  /** Pending waitForData calls, released on stop. */
  private readonly waits = new Set<() => void>();
  /** tally.updated events wait here and reach the cache together, a few times a second at most. */
  private readonly tallies: TallyCoalescer;
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  private lastNotifyAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: LiveSessionOptions) {
    this.ctx = { queryClient: opts.queryClient, operationId: opts.operationId, currentUserId: opts.currentUserId };
    this.tallies = new TallyCoalescer({ flush: this.flushTallies });
  }

  // --- store interface (useSyncExternalStore) ---

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): LiveSnapshot => this.snapshot;

  /**
   * The snapshot changes at once (getSnapshot is always current); the page hears of it at most
   * every NOTIFY_MS: at 100 events/s, re-rendering the header, feed and presence per event would
   * keep the page busy and make it fall behind the stream.
   */
  private update(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    if (this.notifyTimer) return;
    const wait = this.lastNotifyAt + NOTIFY_MS - Date.now();
    if (wait <= 0) {
      this.notify();
      return;
    }
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      this.notify();
    }, wait);
  }

  private notify(): void {
    this.lastNotifyAt = Date.now();
    for (const l of this.listeners) l();
  }

  // --- lifecycle ---

  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation += 1;
    this.seq = null;
    this.early = [];
    this.expectedSeq = 0;
    this.everSubscribed = false;
    this.journal = [];
    this.fetchStartSeq.clear();
    this.tallies.reset();
    this.snapshot = { ...initialSnapshot, feed: this.snapshot.feed, newMatchIds: this.snapshot.newMatchIds };

    const socket = this.opts.getSocket();
    this.socket = socket;
    socket.on('connect', this.onConnect);
    socket.on('disconnect', this.onDisconnect);
    socket.on('connect_error', this.onConnectError);
    socket.on('event', this.onEvent);
    socket.on('presence', this.onPresence);
    this.unsubscribeCache = this.opts.queryClient.getQueryCache().subscribe(this.onCacheEvent);
    void this.loadBaseline(this.generation);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation += 1;
    this.clearTimers();
    // What waited is applied, not lost: the cache stays consistent with its asOfSeq.
    this.tallies.flushNow();
    this.tallies.reset();
    for (const release of [...this.waits]) release();
    this.unsubscribeCache?.();
    this.unsubscribeCache = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.off('connect', this.onConnect);
      socket.off('disconnect', this.onDisconnect);
      socket.off('connect_error', this.onConnectError);
      socket.off('event', this.onEvent);
      socket.off('presence', this.onPresence);
      if (socket.connected) socket.emit('unsubscribe', { operationId: this.opts.operationId });
    }
  }

  private clearTimers(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.gapTimer = null;
    this.retryTimer = null;
  }

  /** Tallies first: their asOfSeq is where this client's event stream starts. */
  private async loadBaseline(generation: number): Promise<void> {
    const qc = this.opts.queryClient;
    const { operationId } = this.opts;
    try {
      const tallies = await qc.fetchQuery({ ...talliesQueryOptions(operationId), staleTime: 0 });
      if (generation !== this.generation) return;
      const loadedAt = Date.now();
      this.seq = createSequencer<LiveEvent>(tallies.asOfSeq);
      // Anything cached before this point (an earlier visit, or a request that raced the tallies)
      // may predate events we will now skip: read it again. Lists not loaded yet load after this.
      void qc.invalidateQueries({
        queryKey: operationScope(operationId),
        predicate: (q) =>
          sectionOfKey(q.queryKey, operationId) !== 'tallies' &&
          (q.state.fetchStatus === 'fetching' || (q.state.data !== undefined && q.state.dataUpdatedAt <= loadedAt)),
      });
      this.update({ ready: true, error: null, lastSeq: tallies.asOfSeq });
      const early = this.early;
      this.early = [];
      if (early.length) this.offer(early);
      if (this.socket?.connected) this.subscribeToOperation();
      void this.loadHistory(generation, tallies.asOfSeq);
    } catch (e) {
      if (generation !== this.generation) return;
      this.update({ connection: 'offline', error: e instanceof Error ? e.message : 'Could not load the operation' });
      // 404/403: not (or no longer) a member; retrying will not help. Anything else: try again.
      const final = isApiError(e) && e.status >= 400 && e.status < 500 && e.status !== 429 && e.status !== 401;
      if (!final) this.retryTimer = setTimeout(() => void this.loadBaseline(generation), 3000);
    }
  }

  /** The last events before this visit, for the feed only (they are already in the cache). */
  private async loadHistory(generation: number, upTo: number): Promise<void> {
    if (upTo <= 0) return;
    try {
      const after = Math.max(0, upTo - HISTORY_SIZE);
      const qc = this.opts.queryClient;
      const { operationId } = this.opts;
      const [res] = await Promise.all([
        this.fetchEvents(after, upTo - after),
        qc.ensureQueryData(teamsQueryOptions(operationId)).catch(() => []),
        // Names of who did what (and who is online): every member may list the members.
        qc.ensureQueryData(membersQueryOptions(operationId)).catch(() => []),
      ]);
      // Target values, if the page is loading them anyway (board, queue); never loaded just for this.
      if (generation !== this.generation) return;
      await this.waitForData(targetKeys.list(operationId), 5000);
      if (generation !== this.generation) return;
      const lookups = this.lookups();
      // Today's cache is not the cache of then: a team that exists now was mostly created then.
      const historyLookups: FeedLookups = {
        ...lookups,
        teamExists: () => false,
        memberExists: () => false,
        target: (id) => {
          const t = lookups.target(id);
          return t ? { value: t.value, kind: t.kind } : null;
        },
      };
      const entries: FeedEntry[] = [];
      for (const e of res.items) {
        if (e.seq > upTo) continue;
        const entry = this.describe(e, historyLookups);
        if (entry) entries.push(entry);
      }
      entries.sort((a, b) => b.seq - a.seq);
      const seen = new Set(this.snapshot.feed.map((f) => f.seq));
      const feed = [...this.snapshot.feed, ...entries.filter((en) => !seen.has(en.seq))].sort((a, b) => b.seq - a.seq).slice(0, FEED_SIZE);
      this.update({ feed });
    } catch {
      // The feed simply starts empty.
    }
  }

  /**
   * Resolves when the query, if the page is loading it right now, has finished (or after `ms`);
   * at once when nobody is loading it. Never fetches it itself.
   */
  private waitForData(queryKey: readonly unknown[], ms: number): Promise<void> {
    const cache = this.opts.queryClient.getQueryCache();
    const has = () => cache.find({ queryKey, exact: true })?.state.fetchStatus !== 'fetching';
    if (has()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        this.waits.delete(done);
        resolve();
      };
      this.waits.add(done);
      const timer = setTimeout(done, ms);
      const unsubscribe = cache.subscribe(() => {
        if (has()) done();
      });
    });
  }

  private fetchEvents(after: number, limit: number): Promise<EventsResponse> {
    if (this.opts.fetchEvents) return this.opts.fetchEvents(after, limit);
    return apiRequest<EventsResponse>(apiPaths.events(this.opts.operationId), { query: { after, limit } });
  }

  private describe(e: LiveEvent, lookups: FeedLookups): FeedEntry | null {
    let text: string | null = null;
    try {
      text = describeEvent(e, lookups);
    } catch {
      text = null;
    }
    if (!text) return null;
    return { seq: e.seq, at: e.at, text, tone: e.type === 'correlation.match' ? 'match' : 'normal' };
  }

  // --- socket ---

  private readonly onConnect = (): void => {
    this.subscribeToOperation();
  };

  private readonly onDisconnect = (): void => {
    this.update({ connection: this.everSubscribed ? 'reconnecting' : 'connecting', online: [] });
  };

  private readonly onConnectError = (): void => {
    this.update({ connection: this.everSubscribed ? 'reconnecting' : 'connecting' });
  };

  private subscribeToOperation(): void {
    const socket = this.socket;
    if (!this.running || !socket?.connected || !this.seq) return;
    const generation = this.generation;
    // After a reconnect the server replays everything after what this client has applied.
    const afterSeq = this.seq.lastSeq;
    socket.timeout(10_000).emit('subscribe', { operationId: this.opts.operationId, afterSeq }, (err, ack) => {
      if (generation !== this.generation || socket !== this.socket) return;
      if (err) {
        // No answer: try again while connected (a reconnect subscribes anyway).
        this.retryTimer = setTimeout(() => this.subscribeToOperation(), 2000);
        return;
      }
      if (!ack.ok) {
        this.update({ connection: 'offline', error: `Live updates refused: ${ack.error}` });
        return;
      }
      this.everSubscribed = true;
      this.update({ connection: 'live', error: null });
      this.expect(ack.seq);
    });
  }

  private readonly onEvent = (e: LiveEvent): void => {
    if (e.operationId !== this.opts.operationId) return;
    if (!this.seq) {
      this.early.push(e);
      return;
    }
    this.offer([e]);
  };

  private readonly onPresence = (p: Presence): void => {
    if (p.operationId === this.opts.operationId) this.update({ online: p.online });
  };

  // --- ordering ---

  private expect(seq: number): void {
    if (seq > this.expectedSeq) this.expectedSeq = seq;
    if (this.seq && hasGap(this.seq, this.expectedSeq)) this.scheduleFill(CATCH_UP_WAIT_MS);
  }

  private offer(events: LiveEvent[]): void {
    if (!this.seq) return;
    const result = offerEvents(this.seq, events);
    this.seq = result.state;
    if (result.ready.length) {
      const entries: FeedEntry[] = [];
      const newMatchIds: string[] = [];
      let talliesOnly = true;
      for (const e of result.ready) {
        const entry = this.apply(e);
        if (entry) entries.push(entry);
        if (e.type === 'correlation.match') newMatchIds.push(e.data.match.id);
        if (e.type !== 'tally.updated') talliesOnly = false;
        if (e.seq > this.expectedSeq) this.expectedSeq = e.seq;
      }
      entries.sort((a, b) => b.seq - a.seq);
      const known = new Set(this.snapshot.newMatchIds);
      const added = newMatchIds.filter((id) => !known.has(id)).reverse();
      // A batch of tally.updated alone changes nothing the page shows until the tallies are
      // flushed: the flush publishes lastSeq, so that the page does not re-render per event.
      if (!talliesOnly || entries.length || added.length) {
        this.update({
          lastSeq: this.seq.lastSeq,
          feed: entries.length ? [...entries, ...this.snapshot.feed].slice(0, FEED_SIZE) : this.snapshot.feed,
          newMatchIds: added.length ? [...added, ...this.snapshot.newMatchIds].slice(0, NEW_MATCHES_SIZE) : this.snapshot.newMatchIds,
        });
      }
      this.tallies.schedule();
    }
    if (hasGap(this.seq, this.expectedSeq)) this.scheduleFill(GAP_WAIT_MS);
    else if (this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    }
  }

  private scheduleFill(delay: number): void {
    if (this.gapTimer || !this.running) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      void this.fillGap();
    }, delay);
  }

  /** GET /events?after=lastSeq until caught up; what the socket brings meanwhile is deduplicated. */
  private async fillGap(): Promise<void> {
    if (this.filling || !this.seq || !hasGap(this.seq, this.expectedSeq)) return;
    const generation = this.generation;
    this.filling = true;
    const before = this.seq.lastSeq;
    try {
      for (let round = 0; round < 100; round++) {
        const res = await this.fetchEvents(this.seq.lastSeq, EVENTS_PAGE);
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

  // --- applying ---

  private lookups(): FeedLookups {
    const qc = this.opts.queryClient;
    const { operationId } = this.opts;
    const teams = qc.getQueryData<Team[]>(teamKeys.list(operationId)) ?? [];
    const members = qc.getQueryData<Member[]>(memberKeys.list(operationId)) ?? [];
    const targets = qc.getQueryData<Target[]>(targetKeys.list(operationId));
    let targetIndex: Map<string, Target> | null = null;
    return {
      teamName: (id) => (id ? (teams.find((t) => t.id === id)?.name ?? null) : null),
      memberName: (id) => (id ? (members.find((m) => m.userId === id)?.displayName ?? null) : null),
      teamExists: (id) => teams.some((t) => t.id === id),
      memberExists: (id) => members.some((m) => m.userId === id),
      target: (id) => {
        if (!id || !targets) return null;
        targetIndex ??= new Map(targets.map((t) => [t.id, t]));
        return targetIndex.get(id) ?? null;
      },
    };
  }

  private apply(e: LiveEvent): FeedEntry | null {
    // Described before it is applied: "took" vs "reopened" depends on the previous state.
    const entry = this.describe(e, this.lookups());
    try {
      if (e.type === 'tally.updated') this.tallies.add(e.seq, e.data.deltas);
      else applyEventToCache(this.ctx, e);
    } catch (err) {
      // A malformed event must not stop the stream; the next reload repairs the cache.
      console.error('live: could not apply event', e.seq, e.type, err);
    }
    this.journal.push(e);
    if (this.journal.length > JOURNAL_SIZE) this.journal.splice(0, this.journal.length - JOURNAL_SIZE);
    return entry;
  }

  /** Writes the waiting tally deltas into the cache in one go, and publishes how far we are. */
  private readonly flushTallies = (pending: PendingTallyEvent[]): void => {
    const qc = this.opts.queryClient;
    const { operationId } = this.opts;
    const teams = qc.getQueryData<Team[]>(teamKeys.list(operationId)) ?? [];
    const teamName = (id: string) => teams.find((t) => t.id === id)?.name ?? '';
    try {
      qc.setQueryData<Tallies>(tallyKeys.detail(operationId), (old) => applyPendingTallies(old, pending, teamName));
    } catch (err) {
      console.error('live: could not apply tally deltas', pending[0]?.seq, err);
    }
    if (this.seq && this.snapshot.lastSeq !== this.seq.lastSeq) this.update({ lastSeq: this.seq.lastSeq });
  };

  /**
   * A list whose request started before some events and finished after them may lack them (the
   * patch found no list to patch, or the server read it first): replay those events over it.
   */
  private readonly onCacheEvent = (event: QueryCacheNotifyEvent): void => {
    if (event.type !== 'updated' || !this.seq) return;
    const section = sectionOfKey(event.query.queryKey, this.opts.operationId);
    if (!section || section === 'tallies') return;
    const hash = event.query.queryHash;
    if (event.action.type === 'fetch') {
      if (!this.fetchStartSeq.has(hash)) this.fetchStartSeq.set(hash, this.seq.lastSeq);
      return;
    }
    if (event.action.type === 'error') {
      this.fetchStartSeq.delete(hash);
      return;
    }
    if (event.action.type !== 'success' || event.action.manual) return;
    const from = this.fetchStartSeq.get(hash);
    this.fetchStartSeq.delete(hash);
    if (from === undefined || from >= this.seq.lastSeq) return;
    const oldest = this.journal[0];
    if (!oldest || oldest.seq > from + 1) {
      // The journal no longer reaches back that far: read the list again.
      void this.opts.queryClient.invalidateQueries({ queryKey: event.query.queryKey });
      return;
    }
    for (const e of this.journal) if (e.seq > from) applyEventToCache(this.ctx, e, section);
  };
}
