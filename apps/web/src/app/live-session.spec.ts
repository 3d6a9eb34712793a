import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { toFrame, type EventsResponse, type LiveEvent, type SubscribeAck, type Tallies } from '@actionday/contracts';
import { event, OP, operation } from '../entities/operations/test-fixtures';
import { talliesQueryOptions, tallyKeys } from '../entities/tallies';
import { tallies, victimDelta } from '../entities/tallies/test-fixtures';
import { GAP_WAIT_MS, OperationLiveSession } from '../features/live/live-session';
import { matchKeys, type MatchList } from '../features/matches';
import { match } from '../features/matches/test-fixtures';
import type { LiveSocket } from '../shared/socket';
import { operationLive } from './live-handlers';

/** One event as the socket sends it: a frame of its own. */
const frameOf = (e: LiveEvent) => toFrame(e.operationId, [e]);

/**
 * The live session with the app's own handlers (features/<domain>/live-handlers.ts) and baseline
 * (the tallies), on a fake socket and virtual time: jest's fake timers drive the session's clock,
 * the socket's acks and the query cache's notifications, so nothing here waits on real time.
 */

function operationCore() {
  const { myRole: _role, myTeamId: _team, ...core } = operation();
  return core;
}

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket for the session. */
class FakeSocket {
  connected = true;
  readonly subscribes: { operationId: string; afterSeq?: number }[] = [];
  ackSeq = 0;
  ackError: string | null = null;
  private readonly handlers = new Map<string, Set<Handler>>();
  on(name: string, fn: Handler) {
    if (!this.handlers.has(name)) this.handlers.set(name, new Set());
    this.handlers.get(name)?.add(fn);
    return this;
  }
  off(name: string, fn: Handler) {
    this.handlers.get(name)?.delete(fn);
    return this;
  }
  emit() {
    return this;
  }
  timeout() {
    return {
      emit: (name: string, payload: { operationId: string; afterSeq?: number }, cb: (err: Error | null, ack: SubscribeAck) => void) => {
        if (name === 'subscribe') this.subscribes.push(payload);
        setTimeout(() => cb(null, this.ackError ? { ok: false, error: this.ackError } : { ok: true, seq: this.ackSeq }), 0);
      },
    };
  }
  fire(name: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(name) ?? []) fn(...args);
  }
  listenerCount() {
    return [...this.handlers.values()].reduce((n, s) => n + s.size, 0);
  }
}

/** Lets `ms` of virtual time pass: due timers fire, and the promises they settle run in between. */
const sleep = (ms: number) => jest.advanceTimersByTimeAsync(ms);
/** Lets virtual time pass, 10 ms at a time, until `check` holds (at most `ms`). */
async function until(check: () => boolean, ms = 2000) {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > ms) throw new Error('timed out');
    await sleep(10);
  }
}

describe('OperationLiveSession', () => {
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    // Promise jobs stay real: fetch's Response and the query cache settle as usual between timers.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
  });
  afterEach(() => {
    jest.useRealTimers();
    globalThis.fetch = realFetch;
  });

  function setup(asOfSeq: number, log: LiveEvent[], talliesBody: () => Tallies = () => tallies(asOfSeq)) {
    // GET /tallies (the baseline) is the only request through fetch; events come from the fake.
    globalThis.fetch = jest.fn(async (url: string | URL | Request) => {
      const body = String(url).endsWith('/tallies') ? talliesBody() : { items: [], nextCursor: null };
      return new Response(JSON.stringify(body), { status: 200 });
    }) as typeof fetch;
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const socket = new FakeSocket();
    const fetchEvents = jest.fn(async (after: number, limit: number): Promise<EventsResponse> => {
      const items = log.filter((e) => e.seq > after).slice(0, limit);
      return { items, lastSeq: log.length ? log[log.length - 1].seq : 0 };
    });
    const session = new OperationLiveSession({
      queryClient,
      operationId: OP,
      currentUserId: null,
      getSocket: () => socket as unknown as LiveSocket,
      fetchEvents,
      ...operationLive,
    });
    const victims = () => queryClient.getQueryData<Tallies>(tallyKeys.detail(OP))?.possibleVictims?.total;
    return { queryClient, socket, session, fetchEvents, victims };
  }

  it('starts from the tallies, fills a gap over HTTP, applies each event once and re-subscribes after a reconnect', async () => {
    const log = [11, 12, 13].map((seq) => event(seq, 'tally.updated', victimDelta()));
    const { queryClient, socket, session, fetchEvents, victims } = setup(10, log);
    socket.ackSeq = 10;
    session.start();
    await until(() => socket.subscribes.length === 1);
    expect(socket.subscribes[0]).toEqual({ operationId: OP, afterSeq: 10 });
    await until(() => session.getSnapshot().connection === 'live');

    // 12 arrives before 11: held back, then 11 is fetched after ~300 ms.
    socket.fire('events', frameOf(log[1]));
    expect(session.getSnapshot().lastSeq).toBe(10);
    expect(victims()).toBe(0);
    // Not at once: the missing event may still come by the socket.
    await sleep(GAP_WAIT_MS - 10);
    expect(fetchEvents).not.toHaveBeenCalledWith(10, expect.any(Number));
    await until(() => session.getSnapshot().lastSeq === 13);
    expect(fetchEvents).toHaveBeenCalledWith(10, expect.any(Number));
    expect(victims()).toBe(3);

    // Repeats (the socket delivering what the fill already brought) change nothing.
    socket.fire('events', frameOf(log[1]));
    socket.fire('events', frameOf(log[2]));
    expect(victims()).toBe(3);

    socket.fire('disconnect');
    expect(session.getSnapshot().connection).toBe('reconnecting');
    socket.fire('connect');
    await until(() => socket.subscribes.length === 2);
    expect(socket.subscribes[1]).toEqual({ operationId: OP, afterSeq: 13 });
    await until(() => session.getSnapshot().connection === 'live');

    session.stop();
    expect(socket.listenerCount()).toBe(0);
    queryClient.clear();
  });

  it('fetches what it missed when the server says the log is further, with no event to show the gap', async () => {
    const log = [6, 7].map((seq) => event(seq, 'tally.updated', victimDelta()));
    const { queryClient, socket, session, fetchEvents, victims } = setup(5, log);
    socket.ackSeq = 5;
    session.start();
    await until(() => session.getSnapshot().connection === 'live');
    await sleep(50);
    // The feed's history is read once at the start; what counts is what the heads make it read.
    const before = fetchEvents.mock.calls.length;
    // Another instance's events never came (its link to this one was down); only the head does.
    socket.fire('head', { operationId: 'other', seq: 99 });
    socket.fire('head', { operationId: OP, seq: 5 });
    await sleep(400);
    expect(fetchEvents.mock.calls.length).toBe(before);
    socket.fire('head', { operationId: OP, seq: 7 });
    await until(() => session.getSnapshot().lastSeq === 7);
    expect(fetchEvents.mock.calls.slice(before)[0]).toEqual([5, expect.any(Number)]);
    expect(victims()).toBe(2);
    session.stop();
    queryClient.clear();
  });

  it('tells a member removed while subscribing that they are no longer a member, and drops what was cached', async () => {
    const { queryClient, socket, session } = setup(5, []);
    // The removal landed between the baseline read and the subscribe: the server refuses it.
    socket.ackError = 'not found';
    session.start();
    await until(() => session.getSnapshot().removed !== null);
    expect(session.getSnapshot()).toMatchObject({ removed: 'You are no longer a member of this operation.', connection: 'offline' });
    expect(queryClient.getQueryData(tallyKeys.detail(OP))).toBeUndefined();
    session.stop();
    queryClient.clear();
  });

  it('ignores events of other operations and events already in the snapshot', async () => {
    const { queryClient, socket, session, victims } = setup(5, []);
    session.start();
    await until(() => session.getSnapshot().ready);
    socket.fire('events', frameOf(event(5, 'tally.updated', victimDelta())));
    socket.fire('events', frameOf({ ...event(6, 'tally.updated', victimDelta()), operationId: 'other' }));
    await sleep(20);
    expect(victims()).toBe(0);
    socket.fire('events', frameOf(event(6, 'tally.updated', victimDelta())));
    expect(victims()).toBe(1);
    session.stop();
    queryClient.clear();
  });

  it('applies a burst of tally events in a few writes, with every delta once and asOfSeq at the last', async () => {
    const { queryClient, socket, session, victims } = setup(0, []);
    session.start();
    await until(() => session.getSnapshot().ready);
    let writes = 0;
    const unsubscribeCache = queryClient.getQueryCache().subscribe((e) => {
      if (e.type === 'updated' && e.action.type === 'success' && e.query.queryKey[2] === 'tallies') writes += 1;
    });
    let notifications = 0;
    const unsubscribe = session.subscribe(() => {
      notifications += 1;
    });
    // 100 events within ~a second: what the dashboard gets from a busy day.
    for (let seq = 1; seq <= 100; seq++) {
      socket.fire('events', frameOf(event(seq, 'tally.updated', victimDelta())));
      if (seq % 10 === 0) await sleep(100);
    }
    await until(() => session.getSnapshot().lastSeq === 100);
    expect(victims()).toBe(100);
    expect(queryClient.getQueryData<Tallies>(tallyKeys.detail(OP))?.asOfSeq).toBe(100);
    // Far fewer writes (and page renders) than events: at most one per 250 ms, plus the first.
    expect(writes).toBeLessThanOrEqual(8);
    expect(notifications).toBeLessThanOrEqual(8);
    unsubscribe();
    unsubscribeCache();
    session.stop();
    queryClient.clear();
  });

  it('reads the tallies once more when the operation closes, and drops deltas the frozen snapshot holds', async () => {
    let frozen = false;
    const { queryClient, socket, session, victims } = setup(5, [], () =>
      frozen
        ? tallies(7, { frozen: true, closedAt: '2025-03-01T19:00:00.000Z', snapshotSha256: 'ab'.repeat(32), possibleVictims: { total: 2, minors: 0, byNationality: {} } })
        : tallies(5),
    );
    const talliesRequests = () => (globalThis.fetch as jest.Mock).mock.calls.filter(([url]) => String(url).endsWith('/tallies')).length;
    session.start();
    await until(() => session.getSnapshot().ready);
    // An observer keeps the tallies query active, as the dashboard does.
    const observer = new QueryObserver(queryClient, { ...talliesQueryOptions(OP) });
    const stopObserving = observer.subscribe(() => undefined);
    expect(talliesRequests()).toBe(1);
    socket.fire('events', frameOf(event(6, 'tally.updated', victimDelta())));
    socket.fire('events', frameOf(event(7, 'tally.updated', victimDelta())));
    frozen = true;
    socket.fire('events', frameOf(event(8, 'operation.updated', { operation: { ...operationCore(), status: 'closed', closedAt: '2025-03-01T19:00:00.000Z', version: 3 } })));
    await until(() => queryClient.getQueryData<Tallies>(tallyKeys.detail(OP))?.frozen === true);
    await sleep(300); // the waiting deltas (6, 7) are flushed meanwhile: already in the snapshot
    expect(talliesRequests()).toBe(2);
    expect(victims()).toBe(2);
    expect(queryClient.getQueryData<Tallies>(tallyKeys.detail(OP))?.asOfSeq).toBe(7);
    stopObserving();
    session.stop();
    queryClient.clear();
  });

  it('puts live matches into the cached match list and lists their ids as new, once', async () => {
    const { queryClient, socket, session } = setup(5, []);
    session.start();
    await until(() => session.getSnapshot().ready);
    queryClient.setQueryData<MatchList>(matchKeys.list(OP), { items: [match('old', { createdAt: '2025-03-01T08:00:00.000Z' })], nextCursor: null });
    const first = event(6, 'correlation.match', { match: match('m1') });
    socket.fire('events', frameOf(first));
    socket.fire('events', frameOf(event(7, 'correlation.match', { match: match('m2', { createdAt: '2025-03-01T10:00:01.000Z' }) })));
    socket.fire('events', frameOf(first)); // a repeat
    expect(session.getSnapshot().newMatchIds).toEqual(['m2', 'm1']);
    expect(queryClient.getQueryData<MatchList>(matchKeys.list(OP))?.items.map((m) => m.id)).toEqual(['m2', 'm1', 'old']);
    expect(session.getSnapshot().feed.filter((f) => f.tone === 'match')).toHaveLength(2);
    session.stop();
    queryClient.clear();
  });
});
