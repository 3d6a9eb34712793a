import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { UsersService } from './auth/users.service';
import { PinoLogger } from './common/logger';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { createApp } from './create-app';
import { migrate } from './database/data-source';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { DemoService } from './demo/demo.service';

/** A start-up failure a user can fix: one clear line, no stack trace. */
class StartupError extends Error {}

async function main(): Promise<void> {
  const started = performance.now();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) throw new StartupError(`configuration error: ${e.message}`);
    throw e;
  }
  const logger = PinoLogger.create(config.logLevel);
  const say = (line: string) => process.stdout.write(`${line}\n`);

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    say(`starting the embedded PostgreSQL (data in ${config.dataDir}) ...`);
    try {
      embedded = await startEmbeddedPostgres(config.dataDir, say);
    } catch (e) {
      throw new StartupError(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`);
    }
    databaseUrl = embedded.url;
  } else {
    await checkDatabase(databaseUrl);
  }

  let stopping = false;
  const stopDatabase = async () => embedded?.stop().catch(() => undefined);
  try {
    const applied = await migrate(databaseUrl);
    if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`, 'database');

    const app = await createApp(config, databaseUrl, logger);
    await app.init();
    if (config.admin && (await app.get(UsersService).ensureAdmin(config.admin.email, config.admin.password))) {
      say(`created the administrator account ${config.admin.email}`);
    }
    const demo = await app.get(DemoService).seedIfEmpty();

    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: shutting down`);
      const force = setTimeout(() => process.exit(1), 10_000);
      await app.close().catch(() => undefined);
      await stopDatabase();
      clearTimeout(force);
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));

    try {
      await app.listen(config.port, config.host);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new StartupError(code === 'EADDRINUSE' ? `port ${config.port} is already in use (set PORT)` : `cannot listen on port ${config.port}: ${String(e)}`);
    }
    const url = `http://localhost:${config.port}`;
    say(`actionday is running at ${url} (started in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    if (demo) {
      say(`demo operation "${demo.operationName}" seeded; sign in with any of these accounts, password: ${demo.password}`);
      for (const l of demo.logins) say(`  ${l.role.padEnd(12)} ${l.email}`);
      say('(the password is shown only this once; set DEMO_PASSWORD to choose it, DEMO=off to skip the demo)');
    }
  } catch (e) {
    await stopDatabase();
    throw e;
  }
}

/** Fails fast with a readable line when DATABASE_URL points nowhere useful. */
async function checkDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    const where = url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1@');
    throw new StartupError(`cannot connect to DATABASE_URL ${where}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().catch((e: unknown) => {
  if (e instanceof StartupError) {
    process.stderr.write(`actionday: ${e.message}\n`);
  } else {
    process.stderr.write(`actionday: start-up failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  process.exit(1);
});
