import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../src/database/data-source';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { adminQuery, canConnect, ensureTestRuntimeLogin, withDatabase } from './database';

declare global {
  var __actionday_embedded_stop: (() => Promise<void>) | undefined;
}

/**
 * Finds a PostgreSQL server: TEST_DATABASE_URL, else the local one at 127.0.0.1:5432, else an
 * embedded one in a temporary directory. Then migrates a template database that every suite
 * clones, as the superuser (the owner), and makes sure the runtime login every TestApp uses exists.
 */
export default async function globalSetup(): Promise<void> {
  let server = process.env.TEST_DATABASE_URL ?? null;
  if (!server && (await canConnect('postgres://postgres@127.0.0.1:5432/postgres'))) server = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!server) {
    const dir = mkdtempSync(join(tmpdir(), 'actionday-test-pg-'));
    const embedded = await startEmbeddedPostgres(dir, (line) => process.stdout.write(`${line}\n`));
    globalThis.__actionday_embedded_stop = embedded.stop;
    server = embedded.url;
  }
  const template = `actionday_template_${process.pid}`;
  await adminQuery(server, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await adminQuery(server, `CREATE DATABASE ${template}`);
  await migrate(withDatabase(server, template));
  // After the migration: it creates the runtime group the login joins.
  await ensureTestRuntimeLogin(server);
  process.env.ACTIONDAY_TEST_SERVER_URL = server;
  process.env.ACTIONDAY_TEST_TEMPLATE_DB = template;
}
