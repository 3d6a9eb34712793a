import cluster, { type Worker } from 'node:cluster';
import { PgClient } from '../database/pg-client';
import type { AppConfig } from '../config/config';
import type { EmbeddedDatabase } from '../database/embedded-postgres';
import type { DemoResult } from '../demo/demo.service';
import { assertPortFree, checkDatabases, startEmbedded, StartupError } from '../preflight';
import { isToPrimary, type ToWorker } from './messages';
import { relayWorkersAdapter } from './workers-adapter';

/** A worker that died is started again after this, doubled for each death in a row, up to RESTART_MAX_MS. */
const RESTART_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** A worker that served this long before it died starts the count of deaths in a row again. */
const STABLE_MS = 60_000;
/** How long the workers get to close after SIGTERM before they are killed (each gives itself 10 s). */
const STOP_MS = 15_000;

interface Slot {
  worker: Worker | null;
  startedAt: number;
  /** Deaths in a row, each one shortly after its start. */
  deaths: number;
  /** The line a worker that failed to start sent before it exited. */
  failure: string | null;
  restart: NodeJS.Timeout | null;
}

export interface Cluster {
  pids: number[];
  /** The demo, when a worker seeded it: its logins are printed once. */
  demo: DemoResult | null;
}

const ignore = () => undefined;

/**
 * WORKERS > 1: this process serves nothing itself. It does what happens once per machine (the
 * port check, the embedded PostgreSQL when DATABASE_URL is unset), then forks the workers one after
 * another; each runs the whole API on the shared port (node:cluster hands each connection to one
 * of them) and does the start-up work under the database's advisory lock like any instance, so
 * the migrations, the first administrator and the demo happen once. It resolves when all of them
 * serve; a worker that fails to start stops the start with its line. Later, a worker that dies is
 * started again (after 1 s, doubling for deaths in a row, at most 30 s), said in one line.
 * SIGTERM and SIGINT stop the workers (each closes its connections), then the embedded database.
 *
 * It also relays the workers' live events to each other when there is no Redis
 * (workers-adapter.ts) and tells them where each other's sessions are (session-affinity.ts).
 */
export async function runPrimary(config: AppConfig, say: (line: string) => void): Promise<Cluster> {
  await assertPortFree(config.port, config.host);
  let embedded: EmbeddedDatabase | null = null;
  if (config.databaseUrl) await checkDatabases(config);
  else embedded = await startEmbedded(config, say);
  const stopDatabase = async () => embedded?.stop().catch(() => undefined);
  try {
    const warning = await poolWarning(config, embedded?.url ?? config.migrationsDatabaseUrl ?? config.databaseUrl ?? '');
    if (warning) say(warning);
  } catch {
    // Only a warning: the workers say what is wrong with the database if anything is.
  }

  if (!config.redisUrl) relayWorkersAdapter();
  const slots: Slot[] = Array.from({ length: config.workers }, () => ({ worker: null, startedAt: 0, deaths: 0, failure: null, restart: null }));
  const slotOf = (worker: Worker) => slots.find((s) => s.worker === worker);
  const alive = () => slots.flatMap((s) => (s.worker ? [s.worker] : []));
  let phase: 'starting' | 'serving' | 'stopping' = 'starting';
  let demo: DemoResult | null = null;
  const notices = new Set<string>();

  /** Each worker's private entry for the engine.io requests of its sessions. */
  const sessionPorts = new Map<number, number>();
  const tellSessionPorts = () => {
    const message: ToWorker = { type: 'actionday:session-ports', ports: Object.fromEntries(sessionPorts) };
    for (const worker of alive()) if (worker.isConnected()) worker.send(message, ignore);
  };

  const fork = (slot: Slot) => {
    slot.failure = null;
    slot.startedAt = Date.now();
    slot.worker = cluster.fork();
  };

  let started: { resolve: () => void; reject: (e: Error) => void } = { resolve: ignore, reject: ignore };
  const allServing = new Promise<void>((resolve, reject) => (started = { resolve, reject }));
  let allGone: () => void = ignore;
  const gone = new Promise<void>((resolve) => (allGone = resolve));

  const stop = () => {
    phase = 'stopping';
    for (const slot of slots) if (slot.restart) clearTimeout(slot.restart);
    for (const worker of alive()) worker.process.kill('SIGTERM');
    const force = setTimeout(() => alive().forEach((w) => w.process.kill('SIGKILL')), STOP_MS);
    force.unref();
    if (alive().length === 0) allGone();
  };
  const onSignal = (signal: string) => {
    if (phase === 'stopping') return;
    say(`${signal}: shutting down`);
    stop();
    void gone.then(stopDatabase).then(() => process.exit(0));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  cluster.on('message', (worker, m: unknown) => {
    const slot = slotOf(worker);
    if (!slot || !isToPrimary(m)) return;
    switch (m.type) {
      case 'actionday:database?':
        worker.send({ type: 'actionday:database', embeddedPort: embedded?.port ?? null } satisfies ToWorker, ignore);
        break;
      case 'actionday:session-port':
        sessionPorts.set(worker.id, m.port);
        tellSessionPorts();
        break;
      case 'actionday:failed':
        slot.failure = m.line;
        break;
      case 'actionday:notice':
        if (!notices.has(m.line)) say(m.line);
        notices.add(m.line);
        break;
      case 'actionday:ready': {
        demo ??= m.demo;
        if (phase !== 'starting') break;
        // One after another: each takes its turn on the start-up lock anyway, and a worker that
        // waits then waits for another instance, not for its sibling.
        const next = slots.find((s) => !s.worker);
        if (next) fork(next);
        else {
          phase = 'serving';
          started.resolve();
        }
        break;
      }
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    const slot = slotOf(worker);
    if (!slot) return;
    slot.worker = null;
    if (sessionPorts.delete(worker.id)) tellSessionPorts();
    if (phase === 'stopping') {
      if (alive().length === 0) allGone();
      return;
    }
    const why = slot.failure ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
    if (phase === 'starting') {
      stop();
      started.reject(new StartupError(slot.failure ?? `a worker stopped during start-up (${why})`));
      return;
    }
    slot.deaths = Date.now() - slot.startedAt >= STABLE_MS ? 1 : slot.deaths + 1;
    const delay = Math.min(RESTART_MAX_MS, RESTART_MS * 2 ** (slot.deaths - 1));
    process.stderr.write(`actionday: worker ${worker.id} (pid ${worker.process.pid}) stopped (${why}); starting another in ${delay / 1000} s\n`);
    slot.restart = setTimeout(() => {
      slot.restart = null;
      if (phase === 'serving') fork(slot);
    }, delay);
  });

  fork(slots[0]);
  try {
    await allServing;
  } catch (e) {
    // The other workers were told to stop; the database goes once they are gone.
    await gone;
    await stopDatabase();
    throw e;
  }
  return { pids: alive().map((w) => w.process.pid ?? 0), demo };
}

/** A line when the workers' pools together may open more connections than the server takes. */
async function poolWarning(config: AppConfig, url: string): Promise<string | null> {
  const client = new PgClient({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ max: string; reserved: string }>(
      `SELECT current_setting('max_connections') AS max, current_setting('superuser_reserved_connections') AS reserved`,
    );
    const available = Number(rows[0].max) - Number(rows[0].reserved);
    const wanted = config.workers * config.pool.poolSize;
    return wanted > available
      ? `warning: ${config.workers} workers with DATABASE_POOL_SIZE=${config.pool.poolSize} may open ${wanted} connections, and the database takes ${available}; lower DATABASE_POOL_SIZE or WORKERS`
      : null;
  } finally {
    await client.end().catch(() => undefined);
  }
}
