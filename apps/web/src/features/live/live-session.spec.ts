import { QueryClient } from '@tanstack/react-query';
import type { EventsResponse, LiveEvent, SubscribeAck, Tallies } from '@actionday/contracts';
import type { LiveSocket } from '../../shared/socket';
import { matchKeys, type MatchList } from '../matches';
import { tallyKeys } from '../tallies';
import { OperationLiveSession } from './live-session';
import { event, match, OP, tallies, victimDelta } from './test-fixtures';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket for the session. */
class FakeSocket {
  connected = true;
  readonly subscribes: { operationId: string; afterSeq?: number }[] = [];
  ackSeq = 0;
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
        setTimeout(() => cb(null, { ok: true, seq: this.ackSeq }), 0);
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

describe('OperationLiveSession', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  function setup(asOfSeq: number, log: LiveEvent[]) {
    // GET /tallies (the baseline) is the only request through fetch; events come from the fake.
    globalThis.fetch = jest.fn(async (url: string | URL | Request) => {
      const body = String(url).endsWith('/tallies') ? tallies(asOfSeq) : { items: [], nextCursor: null };
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
    });
    const victims = () => queryClient.getQueryData<Tallies>(tallyKeys.detail(OP))?.possibleVictims.total;
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
    socket.fire('event', log[1]);
    expect(session.getSnapshot().lastSeq).toBe(10);
    expect(victims()).toBe(0);
    await until(() => session.getSnapshot().lastSeq === 13);
    expect(fetchEvents).toHaveBeenCalledWith(10, expect.any(Number));
    expect(victims()).toBe(3);

    // Repeats (the socket delivering what the fill already brought) change nothing.
    socket.fire('event', log[1]);
    socket.fire('event', log[2]);
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

  it('ignores events of other operations and events already in the snapshot', async () => {
    const { queryClient, socket, session, victims } = setup(5, []);
    session.start();
    await until(() => session.getSnapshot().ready);
    socket.fire('event', event(5, 'tally.updated', victimDelta()));
    socket.fire('event', { ...event(6, 'tally.updated', victimDelta()), operationId: 'other' });
    await sleep(20);
    expect(victims()).toBe(0);
    socket.fire('event', event(6, 'tally.updated', victimDelta()));
    expect(victims()).toBe(1);
    session.stop();
    queryClient.clear();
  });

  it('puts live matches into the cached match list and lists their ids as new, once', async () => {
    const { queryClient, socket, session } = setup(5, []);
    session.start();
    await until(() => session.getSnapshot().ready);
    queryClient.setQueryData<MatchList>(matchKeys.list(OP), { items: [match('old', { createdAt: '2025-03-01T08:00:00.000Z' })], nextCursor: null });
    const first = event(6, 'correlation.match', { match: match('m1') });
    socket.fire('event', first);
    socket.fire('event', event(7, 'correlation.match', { match: match('m2', { createdAt: '2025-03-01T10:00:01.000Z' }) }));
    socket.fire('event', first); // a repeat
    expect(session.getSnapshot().newMatchIds).toEqual(['m2', 'm1']);
    expect(queryClient.getQueryData<MatchList>(matchKeys.list(OP))?.items.map((m) => m.id)).toEqual(['m2', 'm1', 'old']);
    expect(session.getSnapshot().feed.filter((f) => f.tone === 'match')).toHaveLength(2);
    session.stop();
    queryClient.clear();
  });
});
