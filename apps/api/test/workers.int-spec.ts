import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  apiPaths,
  eventsOfFrame,
  LIVE_NAMESPACE,
  type AccessNotice,
  type ClientToServerEvents,
  type Finding,
  type LiveEvent,
  type ServerToClientEvents,
  type SubscribeAck,
} from '@actionday/contracts';
import { io, type Socket } from 'socket.io-client';
import { type ApiProcess, ensureApiBuilt, startApiProcess } from './support/api-process';
import { adminQuery, asRuntime, withDatabase } from './support/database';
import { expectStatus, scenario, type Scenario } from './support/scenario';
import { PASSWORD, TestApp, testConfig } from './support/test-app';

type Transport = 'polling' | 'websocket';

interface Client {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** The cluster worker that holds its engine.io session: the session id names it (`<worker id>.<random>`). */
  worker: string;
  events: LiveEvent[];
}

const until = async (what: string, ok: () => boolean, ms = 5000) => {
  for (const deadline = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
};

/** The pids of a process's children, from /proc. */
const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .split(' ')
    .filter(Boolean)
    .map(Number);

/**
 * WORKERS=2 on one port, without Redis (the built API, as `npm start` runs it): node:cluster hands
 * each connection to one of the workers; events reach the sockets of both through the primary;
 * an engine.io session's requests reach the worker that holds it, however they arrive (a
 * long-polling client opens a new connection for every request, so about half of them land on
 * the other worker and are passed on).
 */
describe('WORKERS=2: two API processes behind one port', () => {
  let t: TestApp;
  let s: Scenario;
  let api: ApiProcess;
  const clients: Client[] = [];

  beforeAll(async () => {
    await ensureApiBuilt();
    // The suite's database, and an in-process API on it that sets the scene.
    t = await TestApp.start();
    s = await scenario(t);
    // No REDIS_URL: the workers share events through the primary.
    api = await startApiProcess({ WORKERS: '2', DATABASE_URL: t.databaseUrl, MIGRATIONS_DATABASE_URL: t.ownerUrl, JWT_SECRET: testConfig().jwtSecret, REDIS_URL: '' });
    if (!api.lines.some((l) => l.includes('actionday is running at'))) throw new Error(`the API did not start: ${api.lines.join('\n')}`);
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.socket.disconnect();
    await api?.stop();
    await t?.close();
  });

  const primary = () => api.proc.pid ?? 0;

  const call = async <T>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(api.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };

  const connect = async (token: string, transports: Transport[]): Promise<Client> => {
    const socket: Client['socket'] = io(api.baseUrl + LIVE_NAMESPACE, { auth: { token }, transports, reconnection: false, forceNew: true });
    const client: Client = { socket, worker: '', events: [] };
    clients.push(client);
    socket.on('events', (frame) => client.events.push(...eventsOfFrame(frame)));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    client.worker = socket.io.engine.id.split('.')[0];
    const ack = await new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { operationId: s.operation.id }, resolve));
    if (!ack.ok) throw new Error(`subscribe failed: ${ack.error}`);
    return client;
  };

  /**
   * Clients of this kind until some are on each worker. New connections alternate between the
   * workers, so two handshakes sent together land on both (one after another, each client's
   * later requests could bring the next handshake back to the same worker every time).
   */
  const onBothWorkers = async (token: string, transports: Transport[]): Promise<Client[]> => {
    const got: Client[] = [];
    while (new Set(got.map((c) => c.worker)).size < 2) {
      if (got.length >= 8) throw new Error(`8 ${transports.join('+')} clients, all on worker ${got[0].worker}`);
      got.push(...(await Promise.all([connect(token, transports), connect(token, transports)])));
    }
    return got;
  };

  it('serves from both workers: every client gets every event once, whatever its transport and its worker', async () => {
    // The primary names its workers, and they are its two children.
    const running = api.lines.find((l) => l.includes('actionday is running at')) ?? '';
    const pids = (/with 2 workers, pids (\d+), (\d+)/.exec(running)?.slice(1) ?? []).map(Number);
    expect(pids).toHaveLength(2);
    expect(childrenOf(primary()).sort()).toEqual(pids.sort());

    const polling = await onBothWorkers(s.coordinator.token, ['polling']);
    const websocket = await onBothWorkers(s.coordinator.token, ['websocket']);
    // Long-polling first, then the upgrade: its websocket request too may land on the other worker.
    const upgraded = await onBothWorkers(s.coordinator.token, ['polling', 'websocket']);
    await until('the upgrades', () => upgraded.every((c) => c.socket.io.engine.transport.name === 'websocket'));
    const all = [...polling, ...websocket, ...upgraded];
    expect(new Set(all.map((c) => c.worker)).size).toBe(2);
    expect(polling.every((c) => c.socket.io.engine.transport.name === 'polling')).toBe(true);

    const posted = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        expectStatus(call<Finding>('POST', apiPaths.findings(s.operation.id), s.officerNl.token, { clientId: randomUUID(), type: 'possible_victim', alias: `Worker test ${i}` }), 201),
      ),
    );
    const ids = new Set(posted.map((f) => f.id));
    const created = (c: Client) => c.events.filter((e) => e.type === 'finding.created' && ids.has(e.data.finding.id));
    await until('every finding on every client', () => all.every((c) => created(c).length >= ids.size));
    await new Promise((r) => setTimeout(r, 300));
    for (const c of all) {
      const seen = created(c).map((e) => (e.type === 'finding.created' ? e.data.finding.id : ''));
      expect({ worker: c.worker, transport: c.socket.io.engine.transport.name, findings: seen.length, distinct: new Set(seen).size }).toEqual({
        worker: c.worker,
        transport: c.socket.io.engine.transport.name,
        findings: ids.size,
        distinct: ids.size,
      });
      expect(new Set(c.events.map((e) => e.seq)).size).toBe(c.events.length);
    }
  }, 20_000);

  it('tells a removed member’s sockets on both workers, whichever worker removed them', async () => {
    const spy = await t.user(`spy-${randomUUID()}@test.example`);
    await expectStatus(t.post(apiPaths.members(s.operation.id), { email: spy.email, role: 'coordinator' }, s.organizer.token), 201);
    const token = await t.login(spy.email, PASSWORD);
    const sockets = await onBothWorkers(token, ['websocket']);
    const told = sockets.map((c) => new Promise<AccessNotice>((resolve) => c.socket.once('access', resolve)));
    expect((await call('DELETE', apiPaths.member(s.operation.id, spy.id), s.organizer.token)).status).toBe(204);
    const notices = await Promise.race([Promise.all(told), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('not every socket was told')), 3000))]);
    for (const notice of notices) expect(notice).toMatchObject({ operationId: s.operation.id, reason: 'removed' });
  }, 15_000);

  it('starts another worker when one dies, and stops them all on SIGTERM', async () => {
    const [first] = childrenOf(primary());
    process.kill(first, 'SIGKILL');
    const said = () => api.lines.find((l) => l.includes(`(pid ${first}) stopped (killed by SIGKILL); starting another in 1 s`));
    await until('the line about the dead worker', () => said() !== undefined);
    const dead = /worker (\d+) \(pid/.exec(said() ?? '')?.[1];
    await until('its replacement', () => childrenOf(primary()).length === 2 && !childrenOf(primary()).includes(first), 10_000);
    // Once the replacement (worker 3) listens, new connections alternate between it and the other one.
    const seen = new Set<string>();
    for (const deadline = Date.now() + 10_000; !seen.has('3') && Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      seen.add((await connect(s.coordinator.token, ['websocket'])).worker);
    }
    expect([...seen].sort()).toEqual([dead === '1' ? '2' : '1', '3']);

    const workers = childrenOf(primary());
    await api.stop();
    expect(await api.exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  }, 20_000);

  it('ends a start that fails, in the primary or in a worker, with one line', async () => {
    const server = process.env.ACTIONDAY_TEST_SERVER_URL as string;
    const name = `actionday_workers_${process.pid}_${Date.now().toString(36)}`;
    await adminQuery(server, `CREATE DATABASE ${name}`);
    try {
      const cases: [string, Record<string, string>, RegExp][] = [
        ['a bad WORKERS', { WORKERS: '0' }, /^actionday: configuration error: WORKERS: must be a whole number from 1 to 128, or auto/],
        // The app's login may not create the schema: the first worker's migrations fail.
        ['a worker that cannot start', { WORKERS: '2', DATABASE_URL: asRuntime(withDatabase(server, name)) }, /^actionday: the database migrations failed over DATABASE_URL: permission denied/],
      ];
      for (const [what, env, line] of cases) {
        const failed = await startApiProcess(env);
        const code = await failed.exited;
        expect({ what, code, lines: failed.lines }).toEqual({ what, code: 1, lines: [expect.stringMatching(line)] });
      }
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 20_000);
});
