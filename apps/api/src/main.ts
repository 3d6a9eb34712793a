import 'reflect-metadata';
import cluster from 'node:cluster';
import { performance } from 'node:perf_hooks';
import { runPrimary } from './cluster/primary';
import { workerChannel } from './cluster/worker-channel';
import { PinoLogger } from './common/logger';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { LOCK_KEYS, withAdvisoryLock } from './database/advisory-lock';
import { type EmbeddedDatabase, embeddedDatabaseOn } from './database/embedded-postgres';
import { checkRuntimeRole } from './database/runtime-role';
import type { DemoResult } from './demo/demo.service';
import { assertPortFree, checkDatabases, startEmbedded, StartupError } from './preflight';

/** With LOG_LEVEL=debug or trace, an unexpected start-up failure also prints its stack. */
let showStack = false;

/**
 * `node main.js` migrates and serves; `node main.js migrate` only migrates (a deployment step run
 * as the owner, so that the API's own environment never holds the owner's password). With
 * WORKERS > 1 this process is the primary of a node:cluster (cluster/primary.ts), and each of its
 * workers runs this same function to serve.
 */
async function main(): Promise<void> {
  const started = performance.now();
  const command = process.argv[2];
  if (command !== undefined && command !== 'migrate') throw new StartupError(`unknown command "${command}" (the only one is "migrate")`);
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) throw new StartupError(`configuration error: ${e.message}`);
    throw e;
  }
  showStack = config.logLevel === 'debug' || config.logLevel === 'trace';
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const url = `http://localhost:${config.port}`;
  if (command === undefined && config.workers > 1 && cluster.isPrimary) {
    const workers = await runPrimary(config, say);
    say(`actionday is running at ${url} with ${config.workers} workers, pids ${workers.pids.join(', ')} (started in ${seconds(started)} s)`);
    printDemo(workers.demo, say);
    return;
  }
  // A worker: the primary checked the port and runs the embedded database.
  const worker = cluster.isWorker ? workerChannel() : null;
  // Before the database and the migrations: a port in use is the commonest failure of a second start.
  if (command !== 'migrate' && !worker) await assertPortFree(config.port, config.host);
  const logger = PinoLogger.create(config.logLevel);
  // Loaded here, not at the top: the primary of WORKERS > 1 never loads the application.
  const [{ createApp }, { migrate }, { UsersService }, { DemoService }] = await Promise.all([
    import('./create-app'),
    import('./database/data-source'),
    import('./auth/users.service'),
    import('./demo/demo.service'),
  ]);

  // Migrations run as the owner of the schema; the app as a role that owns nothing (see README,
  // "Database roles"): the embedded superuser and its actionday_app, or MIGRATIONS_DATABASE_URL
  // and DATABASE_URL. Without MIGRATIONS_DATABASE_URL, DATABASE_URL does both, as before.
  let embedded: EmbeddedDatabase | null = null;
  let ownerUrl: string;
  let appUrl: () => Promise<string>;
  const externalUrl = config.databaseUrl;
  if (!externalUrl && worker) {
    let port: number;
    try {
      port = await worker.embeddedPort();
    } catch (e) {
      throw new StartupError(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`);
    }
    ({ url: ownerUrl, appUrl } = embeddedDatabaseOn(config.dataDir, port));
  } else if (!externalUrl) {
    embedded = await startEmbedded(config, say);
    ownerUrl = embedded.url;
    appUrl = embedded.appUrl;
  } else {
    await checkDatabases(config);
    ownerUrl = config.migrationsDatabaseUrl ?? externalUrl;
    appUrl = async () => externalUrl;
  }

  let stopping = false;
  const stopDatabase = async () => embedded?.stop().catch(() => undefined);
  try {
    // Instances started together on one database take turns here, so that the migrations, the
    // first administrator and the demo happen once; the later ones find them done.
    const ready = await withAdvisoryLock(
      ownerUrl,
      LOCK_KEYS.startup,
      async () => {
        const applied = await migrateAsOwner(migrate, ownerUrl, config.migrationsDatabaseUrl ? 'MIGRATIONS_DATABASE_URL' : externalUrl ? 'DATABASE_URL' : null);
        if (command === 'migrate') {
          say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'the database is up to date');
          return null;
        }
        if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`, 'database');

        let databaseUrl: string;
        try {
          databaseUrl = await appUrl();
        } catch (e) {
          throw new StartupError(`embedded PostgreSQL: cannot prepare the app's database role: ${e instanceof Error ? e.message : String(e)}`);
        }
        const role = await checkRuntimeRole(databaseUrl);
        if (role.error) throw new StartupError(role.error);
        // Every worker finds the same role: the primary says it once.
        if (role.warning && worker) await worker.notice(role.warning);
        else if (role.warning) say(role.warning);

        const app = await createApp(config, databaseUrl, logger);
        try {
          await app.init();
          if (config.admin && (await app.get(UsersService).ensureAdmin(config.admin.email, config.admin.password))) {
            say(`created the administrator account ${config.admin.email}`);
          }
          return { app, demo: await app.get(DemoService).seedIfEmpty() };
        } catch (e) {
          await app.close().catch(() => undefined);
          throw e;
        }
      },
      () => say('another instance is starting on this database: waiting for it to finish ...'),
    );
    if (!ready) {
      await stopDatabase();
      return;
    }
    const { app, demo } = ready;

    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      // A worker stops when told by the primary, which says so once for all of them.
      if (!worker) say(`${signal}: shutting down`);
      const force = setTimeout(() => process.exit(1), 10_000);
      await app.close().catch(() => undefined);
      await stopDatabase();
      clearTimeout(force);
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    worker?.onPrimaryGone(() => void shutdown('the primary is gone'));

    try {
      await app.listen(config.port, config.host);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new StartupError(code === 'EADDRINUSE' ? `port ${config.port} is already in use (is actionday already running? set PORT to use another)` : `cannot listen on port ${config.port}: ${String(e)}`);
    }
    if (worker) {
      await worker.ready(demo);
      return;
    }
    say(`actionday is running at ${url} (started in ${seconds(started)} s)`);
    printDemo(demo, say);
  } catch (e) {
    await stopDatabase();
    throw e;
  }
}

/**
 * The migrations, with a database's refusal as one line: a role that may not change the schema
 * is a configuration problem, not a crash.
 */
async function migrateAsOwner(migrate: (url: string) => Promise<string[]>, url: string, variable: string | null): Promise<string[]> {
  try {
    return await migrate(url);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string' || !(e instanceof Error)) throw e;
    const hint =
      code === '42501' && variable && !e.message.includes('actionday_runtime')
        ? ` (${variable} must be the owner of the schema${variable === 'DATABASE_URL' ? '; set MIGRATIONS_DATABASE_URL to the owner and keep DATABASE_URL for the app' : ''})`
        : '';
    throw new StartupError(`the database migrations failed${variable ? ` over ${variable}` : ''}: ${e.message}${hint}`);
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

function printDemo(demo: DemoResult | null, say: (line: string) => void): void {
  if (!demo) return;
  say(`demo operation "${demo.operationName}" seeded; sign in with any of these accounts, password: ${demo.password}`);
  for (const l of demo.logins) say(`  ${l.role.padEnd(12)} ${l.email}`);
  say('(the password is shown only this once; set DEMO_PASSWORD to choose it, DEMO=off to skip the demo)');
}

main().catch(async (e: unknown) => {
  let line: string;
  if (e instanceof StartupError) {
    line = e.message;
  } else {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    line = `start-up failed: ${message}${showStack ? '' : ' (LOG_LEVEL=debug shows where)'}`;
    if (showStack && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  }
  // A worker's line is printed by the primary: once, however many workers failed the same way.
  if (cluster.isWorker) await workerChannel().failed(line);
  else process.stderr.write(`actionday: ${line}\n`);
  process.exit(1);
});
