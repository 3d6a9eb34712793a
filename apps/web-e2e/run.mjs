// Browser tests against the real built app: the bundled API with the demo operation seeded into
// a fresh database (the local PostgreSQL when it answers, else the embedded one in a temporary
// DATA_DIR), driven by Playwright through Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { findChromium } from '../../tools/scripts/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const chromium = findChromium();
if (!chromium) {
  console.log("browser tests skipped: no Chromium found (install Debian's chromium or set CHROMIUM_PATH)");
  process.exit(0);
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function localServer() {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return { client, url };
  } catch {
    await client.end().catch(() => undefined);
    return null;
  }
}

const env = { ...process.env, CHROMIUM_PATH: chromium, DEMO: 'on', DEMO_PASSWORD: 'e2e-demo-password', LOG_LEVEL: 'warn' };
const cleanups = [];
const local = await localServer();
if (local) {
  const name = `actionday_e2e_${Date.now().toString(36)}`;
  await local.client.query(`CREATE DATABASE ${name}`);
  const u = new URL(local.url);
  u.pathname = `/${name}`;
  // As in production: migrations as the owner (the server's superuser), the app as a login in the
  // runtime group that owns nothing. Roles belong to the cluster: created if absent, never dropped.
  for (const role of ['actionday_runtime NOLOGIN', "actionday_e2e_app LOGIN PASSWORD 'e2e-runtime-password' IN ROLE actionday_runtime"]) {
    await local.client.query(`DO $$ BEGIN CREATE ROLE ${role}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
  }
  env.MIGRATIONS_DATABASE_URL = u.toString();
  env.DATABASE_URL = Object.assign(new URL(u), { username: 'actionday_e2e_app', password: 'e2e-runtime-password' }).toString();
  cleanups.push(async () => {
    await local.client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await local.client.end();
  });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'actionday-e2e-'));
  env.DATA_DIR = dir;
  delete env.DATABASE_URL;
  delete env.MIGRATIONS_DATABASE_URL;
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
}
env.PORT = String(await freePort());
env.JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-signing';

const result = spawnSync(join(root, 'node_modules/.bin/playwright'), ['test', '-c', join(root, 'apps/web-e2e/playwright.config.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env,
});
for (const cleanup of cleanups) await cleanup().catch((e) => console.warn(`cleanup: ${e}`));
process.exit(result.status ?? 1);
