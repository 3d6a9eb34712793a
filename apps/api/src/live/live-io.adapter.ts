import cluster from 'node:cluster';
import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { keepSessionsOnTheirWorker, type SessionAffinity } from '../cluster/session-affinity';
import { WorkersAdapter } from '../cluster/workers-adapter';
import { liveParser } from './frame-encoder';

/**
 * socket.io with the origins allowed by CORS_ORIGINS (none by default: the web app is served on
 * the same origin) and, when REDIS_URL is set, the Redis adapter so that an event emitted by one
 * API instance reaches the clients connected to every other one. In a worker of WORKERS > 1, an
 * event reaches the other workers' clients through Redis when it is set, else through the primary
 * (cluster/workers-adapter.ts), and each engine.io session is served by the worker that holds it
 * (cluster/session-affinity.ts).
 */
export class LiveIoAdapter extends IoAdapter {
  private readonly log = new Logger('live');
  private redisAdapter: ReturnType<typeof createAdapter> | null = null;
  private clients: Redis[] = [];
  private readonly restored = new Set<() => void>();
  private affinity: SessionAffinity | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: string[],
  ) {
    super(app);
  }

  async connectToRedis(url: string): Promise<void> {
    const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const sub = pub.duplicate();
    // The adapter publishes without waiting for Redis's answer: while Redis is away each publish
    // fails after its retries, and an unanswered rejection would end the process. An event that
    // does not reach the other instances is fetched by their clients later (see announceHeads).
    const publish = pub.publish.bind(pub) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
    pub.publish = ((channel: string | Buffer, message: string | Buffer) => publish(channel, message).catch(() => 0)) as typeof pub.publish;
    await Promise.all([pub.connect(), sub.connect()]);
    this.clients = [pub, sub];
    this.redisAdapter = createAdapter(pub, sub);
    // Without Redis each instance goes on serving its own clients; events of the others miss them
    // meanwhile. Said once per outage, and when the link is back, whoever listens is told.
    let down = false;
    for (const client of this.clients) {
      client.on('error', (e: Error) => {
        if (!down) this.log.warn(`Redis unreachable (${e.message}): live events of other instances miss this one's clients until it is back`);
        down = true;
      });
    }
    sub.on('ready', () => {
      if (!down) return;
      down = false;
      this.log.log('Redis is back: clients are told how far the logs are, to fetch what they missed');
      for (const fn of this.restored) fn();
    });
  }

  /** `fn` runs each time the link to the other instances comes back after an outage. */
  onLinkRestored(fn: () => void): void {
    this.restored.add(fn);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      cors: this.corsOrigins.length ? { origin: this.corsOrigins, credentials: true } : undefined,
      // A finding is a few kB; nothing a client sends is legitimately larger than this.
      maxHttpBufferSize: 100_000,
      parser: liveParser,
    } as ServerOptions);
    if (this.redisAdapter) server.adapter(this.redisAdapter);
    else if (cluster.isWorker) server.adapter(WorkersAdapter);
    if (cluster.isWorker) this.affinity = keepSessionsOnTheirWorker(server);
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await this.affinity?.close();
    await Promise.all(this.clients.map((c) => c.quit().catch(() => undefined)));
  }
}
