import type { CreateFindingRequest, Finding } from '@actionday/contracts';
import { ApiError } from '../../shared/api-client';
import type { KeyValueStorage } from './finding-draft';
import { outboxKey } from './outbox';
import { OFFLINE_POLL_MS, OutboxStore, type OutboxDeps } from './outbox-store';

const OP = '11111111-1111-4111-8111-111111111111';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const body = (n: number): CreateFindingRequest => ({ clientId: id(n), type: 'suspect', alias: `S${n}` });

interface Harness {
  store: OutboxStore;
  sent: string[];
  data: Map<string, string>;
  timers: { fn: () => void; ms: number }[];
  clock: { now: number };
  net: { online: boolean; reply: (b: CreateFindingRequest) => Promise<Finding> };
  user: { id: string | null };
}

function harness(): Harness {
  const data = new Map<string, string>();
  const storage: KeyValueStorage = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
  const sent: string[] = [];
  const timers: Harness['timers'] = [];
  const clock = { now: 1_000 };
  const user = { id: 'u1' as string | null };
  const net: Harness['net'] = { online: true, reply: async (b) => ({ id: `f-${b.clientId}` }) as Finding };
  const deps: OutboxDeps = {
    send: async (b) => {
      sent.push(b.clientId);
      return net.reply(b);
    },
    storage,
    now: () => clock.now,
    isOnline: () => net.online,
    currentUserId: () => user.id,
    setTimer: (fn, ms) => {
      const t = { fn, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      const i = timers.indexOf(h as Harness['timers'][number]);
      if (i !== -1) timers.splice(i, 1);
    },
  };
  return { store: new OutboxStore(OP, deps), sent, data, timers, clock, net, user };
}

const add = (h: Harness, n: number) => h.store.add({ operationId: OP, body: body(n), draft: null, targetId: null, targetLabel: null, userId: 'u1' });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('OutboxStore', () => {
  it('sends a queued finding at once when online and forgets it after the 201/200', async () => {
    const h = harness();
    add(h, 1);
    await settle();
    expect(h.sent).toEqual([id(1)]);
    expect(h.store.entries).toEqual([]);
    expect(h.store.getSnapshot().lastSent).toMatchObject({ clientId: id(1), count: 1 });
    expect(h.data.has(outboxKey(OP))).toBe(false);
  });

  it('keeps it in storage while offline, polls slowly, and sends it with the same body when back online', async () => {
    const h = harness();
    h.net.online = false;
    add(h, 1);
    await settle();
    expect(h.sent).toEqual([]);
    expect(JSON.parse(h.data.get(outboxKey(OP)) ?? '[]')[0].body).toEqual(body(1));
    expect(h.timers.map((t) => t.ms)).toEqual([OFFLINE_POLL_MS]);
    h.net.online = true;
    await h.store.flush({ force: true });
    expect(h.sent).toEqual([id(1)]);
    expect(h.store.entries).toEqual([]);
  });

  it('a reload finds the entries in storage and sends them', async () => {
    const h = harness();
    h.net.online = false;
    add(h, 1);
    add(h, 2);
    const reloaded = new OutboxStore(OP, {
      send: async (b) => ({ id: b.clientId }) as Finding,
      storage: { getItem: (k) => h.data.get(k) ?? null, setItem: (k, v) => void h.data.set(k, v), removeItem: (k) => void h.data.delete(k) },
      now: () => 0,
      isOnline: () => true,
      currentUserId: () => 'u1',
      setTimer: () => null,
      clearTimer: () => undefined,
    });
    expect(reloaded.entries.map((e) => e.clientId)).toEqual([id(1), id(2)]);
    await reloaded.flush();
    expect(reloaded.entries).toEqual([]);
  });

  it('stops at the first unreachable attempt, backs off, and defers the others as well', async () => {
    const h = harness();
    h.net.online = false;
    add(h, 1);
    add(h, 2);
    h.net.online = true;
    h.net.reply = async () => {
      throw new ApiError(0, 'Network error', 'Cannot reach the server');
    };
    await h.store.flush();
    expect(h.sent).toEqual([id(1)]); // not hammering the dead connection with the second one
    expect(h.store.entries.map((e) => [e.state, e.nextAttemptAt])).toEqual([
      ['waiting', 3_000],
      ['waiting', 3_000],
    ]);
    expect(h.timers.map((t) => t.ms)).toEqual([2_000]);
    // The timer fires after the backoff; the server answers again.
    h.net.reply = async (b) => ({ id: b.clientId }) as Finding;
    h.clock.now = 3_000;
    h.timers[0].fn();
    await settle();
    expect(h.sent).toEqual([id(1), id(1), id(2)]);
    expect(h.store.entries).toEqual([]);
  });

  it('marks a refused entry failed and goes on with the next one', async () => {
    const h = harness();
    h.net.online = false;
    add(h, 1);
    add(h, 2);
    h.net.online = true;
    h.net.reply = async (b) => {
      if (b.clientId === id(1)) throw new ApiError(400, 'Bad Request', 'Validation failed', [{ path: 'nationality', message: 'bad' }]);
      return { id: b.clientId } as Finding;
    };
    await h.store.flush();
    expect(h.sent).toEqual([id(1), id(2)]);
    expect(h.store.entries).toHaveLength(1);
    expect(h.store.entries[0]).toMatchObject({ clientId: id(1), state: 'failed', message: 'Validation failed' });
    // Failed entries are not retried by themselves…
    await h.store.flush({ force: true });
    expect(h.sent).toEqual([id(1), id(2)]);
    // …but can be taken out to be edited in the form.
    expect(h.store.take(id(1))?.body).toEqual(body(1));
    expect(h.store.entries).toEqual([]);
  });

  it('sends nothing while nobody is signed in, nor another account’s entries', async () => {
    const h = harness();
    h.user.id = null;
    add(h, 1);
    await settle();
    expect(h.sent).toEqual([]);
    expect(h.timers).toEqual([]);
    h.user.id = 'u2';
    await h.store.flush({ force: true });
    expect(h.sent).toEqual([]);
    h.user.id = 'u1';
    await h.store.flush({ force: true });
    expect(h.sent).toEqual([id(1)]);
  });

  it('runs one sender at a time', async () => {
    const h = harness();
    let release: () => void = () => undefined;
    h.net.reply = (b) =>
      new Promise<Finding>((resolve) => {
        release = () => resolve({ id: b.clientId } as Finding);
      });
    add(h, 1);
    void h.store.flush({ force: true });
    void h.store.flush({ force: true });
    await settle();
    expect(h.sent).toEqual([id(1)]);
    expect(h.store.entries[0].state).toBe('sending');
    release();
    await settle();
    await settle();
    expect(h.sent).toEqual([id(1)]);
    expect(h.store.entries).toEqual([]);
  });
});
