import { createServer } from 'node:net';
import { PgClient } from './database/pg-client';
import type { AppConfig } from './config/config';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';

/** A start-up failure a user can fix: one clear line, no stack trace. */
export class StartupError extends Error {}

/** Binds the port for a moment, so that one in use is said in one line before any work is done. */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      reject(new StartupError(e.code === 'EADDRINUSE' ? `port ${port} is already in use (is actionday already running? set PORT to use another)` : `cannot listen on ${host}:${port}: ${e.message}`)),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Fails fast with a readable line when a database URL points nowhere useful. */
export async function checkDatabase(url: string, variable: string): Promise<void> {
  const client = new PgClient({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    const where = url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1@');
    throw new StartupError(`cannot connect to ${variable} ${where}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** DATABASE_URL and MIGRATIONS_DATABASE_URL, when set, answer. */
export async function checkDatabases(config: AppConfig): Promise<void> {
  if (config.databaseUrl) await checkDatabase(config.databaseUrl, 'DATABASE_URL');
  if (config.migrationsDatabaseUrl) await checkDatabase(config.migrationsDatabaseUrl, 'MIGRATIONS_DATABASE_URL');
}

/** The embedded PostgreSQL under DATA_DIR (no DATABASE_URL), its failure as one line. */
export async function startEmbedded(config: AppConfig, say: (line: string) => void): Promise<EmbeddedDatabase> {
  say(`starting the embedded PostgreSQL (data in ${config.dataDir}) ...`);
  try {
    return await startEmbeddedPostgres(config.dataDir, say);
  } catch (e) {
    throw new StartupError(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`);
  }
}
