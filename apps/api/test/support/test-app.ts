import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import {
  apiPaths,
  eventsOfFrame,
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type LiveEvent,
  type LiveFrame,
  type LoginResponse,
  type Presence,
  type ServerToClientEvents,
  type SubscribeAck,
} from '@actionday/contracts';
import { io, type Socket } from 'socket.io-client';
import { UsersService } from '../../src/auth/users.service';
import type { AppConfig } from '../../src/config/config';
import { PinoLogger } from '../../src/common/logger';
import { createApp } from '../../src/create-app';
import { createSuiteDatabase } from './database';

export const PASSWORD = 'correct horse battery staple';

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: null,
    migrationsDatabaseUrl: null,
    dataDir: '/nonexistent',
    redisUrl: null,
    admin: null,
    jwtSecret: 'test-secret-that-is-long-enough-for-hs256-signing',
    accessTokenTtl: 900,
    refreshTokenTtl: 3600,
    demo: 'off',
    demoPassword: null,
    webDist: '/nonexistent',
    corsOrigins: [],
    logLevel: 'silent',
    cookieSecure: false,
    trustProxy: false,
    retention: { days: 30, checkSeconds: 0 },
    metricsToken: null,
    victimFiguresSeconds: 900,
    pool: { poolSize: 20, statementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 60_000 },
    workers: 1,
    ...overrides,
  };
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A running API on a free port with its own fresh database. The API connects as the runtime login
 * (`databaseUrl`), as in production; `ownerUrl` is the superuser that owns the schema, for the
 * tests that must get past the triggers to play someone who tampers with the database.
 */
export class TestApp {
  private constructor(
    public app: INestApplication,
    readonly baseUrl: string,
    readonly databaseUrl: string,
    readonly ownerUrl: string,
    private readonly config: AppConfig,
    private readonly dropDatabase: () => Promise<void>,
    private readonly sockets: Socket[] = [],
  ) {}

  private static async listen(config: AppConfig, databaseUrl: string, port: number): Promise<INestApplication> {
    // Errors (500s) are printed: a test that hits one should show why.
    const app = await createApp(config, databaseUrl, PinoLogger.create(process.env.TEST_LOG_LEVEL ?? 'error'));
    await app.listen(port, '127.0.0.1');
    return app;
  }

  static async start(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
    const db = await createSuiteDatabase();
    const config = testConfig(overrides);
    const app = await TestApp.listen(config, db.url, 0);
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new TestApp(app, `http://127.0.0.1:${port}`, db.url, db.ownerUrl, config, db.drop);
  }

  /** A second API instance on the same database (and Redis, if configured), as behind a load balancer. */
  async replica(): Promise<TestApp> {
    const app = await TestApp.listen(this.config, this.databaseUrl, 0);
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new TestApp(app, `http://127.0.0.1:${port}`, this.databaseUrl, this.ownerUrl, this.config, async () => undefined);
  }

  /** Stops the API and starts a new one on the same port and database, as a redeploy would. */
  async restart(downtimeMs = 200): Promise<void> {
    const port = Number(new URL(this.baseUrl).port);
    // Like a killed process: open connections (HTTP keep-alive, websockets) drop at once.
    const server = this.app.getHttpServer() as import('node:http').Server;
    const closing = this.app.close();
    server.closeAllConnections();
    await closing;
    await new Promise((r) => setTimeout(r, downtimeMs));
    this.app = await TestApp.listen(this.config, this.databaseUrl, port);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.disconnect();
    await this.app.close();
    await this.dropDatabase();
  }

  async request<T = unknown>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = unknown>(path: string, token?: string) => this.request<T>('GET', path, { token });
  post = <T = unknown>(path: string, body: unknown, token?: string) => this.request<T>('POST', path, { token, body });
  patch = <T = unknown>(path: string, body: unknown, token?: string) => this.request<T>('PATCH', path, { token, body });

  /** Creates an account directly (no admin needed) and signs it in. */
  async user(email: string, options: { canOrganize?: boolean; isAdmin?: boolean; country?: string } = {}): Promise<{ id: string; token: string; email: string }> {
    const user = await this.app.get(UsersService).create({
      email,
      password: PASSWORD,
      displayName: email.split('@')[0],
      canOrganize: options.canOrganize,
      isAdmin: options.isAdmin,
      country: options.country,
    });
    return { id: user.id, email, token: await this.login(email) };
  }

  async login(email: string, password = PASSWORD): Promise<string> {
    const res = await this.post<LoginResponse>(apiPaths.login, { email, password });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  }

  /** A real socket.io client on /live that records every event it receives. */
  live(token: string): Promise<LiveClient> {
    return this.connect(token, false).then((socket) => new LiveClient(socket));
  }

  /** A connected socket on /live; with `reconnection`, socket.io reconnects after a drop. */
  async connect(token: string, reconnection: boolean): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.baseUrl + LIVE_NAMESPACE, {
      auth: { token },
      transports: ['websocket'],
      reconnection,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      forceNew: true,
    });
    this.sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (e) => reject(e));
    });
    return socket;
  }
}

export class LiveClient {
  /** The events as they arrived, frame after frame. */
  readonly events: LiveEvent[] = [];
  /** The frames as they arrived. */
  readonly frames: LiveFrame[] = [];
  readonly presence: Presence[] = [];
  private waiters: { predicate: (e: LiveEvent[]) => boolean; resolve: () => void }[] = [];

  constructor(readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
    socket.on('events', (frame) => {
      this.frames.push(frame);
      this.receive(eventsOfFrame(frame));
    });
    socket.on('presence', (p) => this.presence.push(p));
  }

  /** What arrives on the socket; a following client orders it first. */
  protected receive(events: LiveEvent[]): void {
    for (const e of events) this.record(e);
  }

  protected record(e: LiveEvent): void {
    this.events.push(e);
    this.waiters = this.waiters.filter((w) => (w.predicate(this.events) ? (w.resolve(), false) : true));
  }

  subscribe(operationId: string, afterSeq?: number): Promise<SubscribeAck> {
    return new Promise((resolve) => this.socket.emit('subscribe', afterSeq === undefined ? { operationId } : { operationId, afterSeq }, resolve));
  }

  /** Resolves once the recorded events satisfy the predicate; fails after `ms`. */
  waitFor(predicate: (events: LiveEvent[]) => boolean, ms = 5000): Promise<void> {
    if (predicate(this.events)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; got ${this.events.map((e) => `${e.seq}:${e.type}`).join(', ')}`)), ms);
      this.waiters.push({ predicate, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  ofType<T extends LiveEvent['type']>(type: T): Extract<LiveEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<LiveEvent, { type: T }> => e.type === type);
  }
}

/**
 * A client that follows the stream the way the web app does: it applies events strictly in seq
 * order, each once; on a gap it fetches the missing events over HTTP before applying later ones;
 * after a reconnect it subscribes again from the last seq it applied. `events` holds what was
 * applied; `dropNext` simulates an event lost on the way.
 */
export class FollowingClient extends LiveClient {
  lastSeq = 0;
  gapsFilled = 0;
  private held = new Map<number, LiveEvent>();
  private filling: Promise<void> | null = null;
  private dropSeqs = new Set<number>();

  constructor(
    socket: Socket<ServerToClientEvents, ClientToServerEvents>,
    private readonly t: TestApp,
    private readonly token: string,
    readonly operationId: string,
  ) {
    super(socket);
    // After a reconnect (a restarted API), pick up from the last applied event.
    socket.io.on('reconnect', () => void this.subscribe(this.operationId, this.lastSeq));
  }

  static async connect(t: TestApp, token: string, operationId: string): Promise<FollowingClient> {
    const client = new FollowingClient(await t.connect(token, true), t, token, operationId);
    const ack = await client.subscribe(operationId, 0);
    if (!ack.ok) throw new Error(`subscribe failed: ${ack.error}`);
    return client;
  }

  protected override receive(events: LiveEvent[]): void {
    this.offer(events);
  }

  /** The events with these seqs are dropped on arrival, as if lost in transit. */
  drop(...seqs: number[]): void {
    for (const s of seqs) this.dropSeqs.add(s);
  }

  private offer(incoming: LiveEvent[], fromHttp = false): void {
    for (const e of incoming) {
      if (!fromHttp && this.dropSeqs.delete(e.seq)) continue;
      if (e.seq > this.lastSeq) this.held.set(e.seq, e);
    }
    for (let next = this.held.get(this.lastSeq + 1); next; next = this.held.get(this.lastSeq + 1)) {
      this.held.delete(next.seq);
      this.lastSeq = next.seq;
      this.record(next);
    }
    if (this.held.size > 0 && !this.filling) this.filling = this.fill().finally(() => (this.filling = null));
  }

  private async fill(): Promise<void> {
    for (let round = 0; this.held.size > 0 && round < 20; round++) {
      this.gapsFilled += 1;
      const res = await this.t.get<{ items: LiveEvent[] }>(`${apiPaths.events(this.operationId)}?after=${this.lastSeq}`, this.token);
      this.offer(res.body.items, true);
    }
  }
}
