// @ts-check
// What every benchmark in tools/bench (and every fault script in tools/chaos) needs around the
// built API: a database of its own on the local PostgreSQL server, the API started on it as a
// child process, and a small JSON caller. Kept apart so that the benchmarks start the API the
// same way and measure the same thing.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectPg, withPg } from './pg.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const benchAdmin = { email: 'bench-admin@bench.example', password: 'bench-admin-password' };
/** The API's METRICS_TOKEN in the benchmarks: /metrics answers only with it (see machine.mjs). */
export const benchMetricsToken = 'bench-metrics-token-0123456789';

/** The login the API runs as in the benchmarks, as in production: a member of actionday_runtime. */
const BENCH_RUNTIME = { user: 'actionday_bench_app', password: 'bench-runtime-password' };
/**
 * Bench database URL (the superuser, which migrates) -> the same database as BENCH_RUNTIME.
 * @type {Map<string, string>}
 */
const runtimeUrls = new Map();

/**
 * @typedef {object} BenchDatabase
 * @property {string} name
 * @property {string} url  the server's (super)user on this database
 * @property {() => Promise<void>} drop
 */

/**
 * A fresh, uniquely named database on BENCH_DATABASE_URL's server; `drop()` removes it. `url` is
 * the server's (super)user, for loading rows by SQL; startApi migrates over it and runs the API as
 * BENCH_RUNTIME, created here if absent (roles belong to the cluster: never dropped).
 * @returns {Promise<BenchDatabase>}
 */
export async function createBenchDatabase() {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `actionday_bench_${Date.now().toString(36)}`;
  const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  const control = await connectPg(server);
  await control.query(`CREATE DATABASE ${name}`);
  for (const role of [
    'actionday_runtime NOLOGIN',
    `${BENCH_RUNTIME.user} LOGIN PASSWORD '${BENCH_RUNTIME.password}' IN ROLE actionday_runtime`,
  ]) {
    await control.query(
      `DO $$ BEGIN CREATE ROLE ${role}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
  }
  runtimeUrls.set(
    url,
    Object.assign(new URL(url), {
      username: BENCH_RUNTIME.user,
      password: BENCH_RUNTIME.password,
    }).toString(),
  );
  return {
    name,
    url,
    async drop() {
      // FORCE: a benchmark that failed half-way may leave connections of its own behind.
      await control.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await control.end();
    },
  };
}

/** @returns {Promise<number>} a TCP port of 127.0.0.1 free a moment ago */
export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });

/**
 * @typedef {object} ApiProcess
 * @property {number} port
 * @property {number} pid  with WORKERS > 1 in extraEnv, the primary's (machine.mjs counts its workers with it)
 * @property {string} base  `http://127.0.0.1:<port>`
 * @property {() => Promise<void>} stop
 */

/**
 * Starts dist/apps/api/main.js on `databaseUrl` and resolves once it listens. Error-level log
 * lines are passed through so a failing benchmark says why. `stop()` is safe to call twice.
 * `nodeArgs` go to node itself (e.g. --cpu-prof, which NODE_OPTIONS does not take). `port`: the
 * one to listen on (a restart on the same address), else a free one.
 * @param {string | null} databaseUrl  null: the embedded database under DATA_DIR (give it in extraEnv)
 * @param {Record<string, string>} [extraEnv]
 * @param {string[]} [nodeArgs]
 * @param {{ port?: number }} [options]
 * @returns {Promise<ApiProcess>}
 */
export async function startApi(
  databaseUrl,
  extraEnv = {},
  nodeArgs = [],
  { port: fixedPort } = {},
) {
  const port = fixedPort ?? (await freePort());
  const env = {
    ...process.env,
    ...(databaseUrl !== null && runtimeUrls.has(databaseUrl)
      ? { DATABASE_URL: runtimeUrls.get(databaseUrl), MIGRATIONS_DATABASE_URL: databaseUrl }
      : { DATABASE_URL: databaseUrl ?? undefined }),
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO: 'off',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: benchAdmin.email,
    ADMIN_PASSWORD: benchAdmin.password,
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
    METRICS_TOKEN: benchMetricsToken,
    ...extraEnv,
  };
  // null: the embedded database under DATA_DIR (give it in extraEnv).
  if (databaseUrl === null) delete env.DATABASE_URL;
  const proc = spawn(process.execPath, [...nodeArgs, join(root, 'dist/apps/api/main.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  /** @type {Promise<void>} */
  const listening = new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => {
      const text = String(d);
      if (text.includes('running at')) resolve();
      if (text.includes('"level":50')) process.stderr.write(text);
    });
    proc.once('exit', (code) => reject(new Error(`API exited with ${code}`)));
  });
  await listening;
  return {
    port,
    pid: /** @type {number} */ (proc.pid),
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        // The API gives itself 10 s to close; past that it is stuck and gets no more grace.
        const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * `V8 --cpu-prof` arguments for node when `dir` is given (the benchmarks' --api-cpu-prof).
 * @param {string | undefined} dir
 * @returns {string[]}
 */
export const cpuProfileArgs = (dir) => (dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);

/**
 * The parsed JSON answer of the API, unchecked (the benchmarks read a few fields of it).
 * @typedef {any} Json
 */
/**
 * @callback JsonCall
 * @param {string} method
 * @param {string} path  under the caller's base
 * @param {unknown} [body]  JSON, or a string sent as it is
 * @param {string} [token]  access token, sent as a bearer
 * @param {Record<string, string>} [headers]
 * @returns {Promise<Json>}
 */

/**
 * `call(method, path, body, token, headers)`: JSON in (or a string as is), JSON out, throws on >= 400.
 * @param {string} base
 * @returns {JsonCall}
 */
export function jsonCaller(base) {
  return async (method, path, body, token, headers = {}) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(typeof body === 'string' ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status >= 400)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
}

/**
 * VACUUM (ANALYZE) of a bench database, in place of autovacuum when the server runs without it.
 * @param {string} url
 * @param {string[]} [tables]  all of them when empty
 */
export async function vacuum(url, tables = []) {
  await withPg(
    url,
    (client) => client.query(`VACUUM (ANALYZE)${tables.length ? ` ${tables.join(', ')}` : ''}`),
    { statementTimeoutMs: 60_000 },
  );
}

/**
 * The server settings a figure depends on, by name (`server_version`, `shared_buffers`, ...).
 * @param {string} url
 * @returns {Promise<Record<string, string>>}
 */
export async function serverSettings(url) {
  const { rows } = await withPg(url, (client) =>
    client.query(
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'autovacuum', 'synchronous_commit', 'fsync', 'shared_buffers', 'max_connections', 'work_mem', 'jit')`,
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}

const API_BUNDLE = join(root, 'dist/apps/api/main.js');
/** What the API bundle is built from (tools/build/build-api.mjs): the API and the workspace libs. */
const API_SOURCES = [join(root, 'apps/api/src'), join(root, 'libs')];

/**
 * The most recently changed TypeScript source under `dir` (specs left out).
 * @param {string} dir
 * @returns {{ mtimeMs: number, path: string | null }}
 */
function newestSource(dir) {
  /** @type {{ mtimeMs: number, path: string | null }} */
  let newest = { mtimeMs: 0, path: null };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      const n = newestSource(path);
      if (n.mtimeMs > newest.mtimeMs) newest = n;
    } else if (/\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name)) {
      const { mtimeMs } = statSync(path);
      if (mtimeMs > newest.mtimeMs) newest = { mtimeMs, path };
    }
  }
  return newest;
}

/**
 * Makes sure dist/apps/api/main.js exists and, with `mode` 'auto', is not older than its sources
 * (the build runs `npx nx run api:build`'s command); 'always' rebuilds, 'never' only checks that
 * a bundle exists. A failed build falls back on an existing bundle, said in `note`. Resolves to
 * `{ built, stale, bundleAt, note }`.
 * @param {'auto' | 'always' | 'never'} [mode]
 * @param {(line: string) => void} [log]
 * @returns {{ built: boolean, stale: boolean, bundleAt: string, note: string | null }}
 */
export function ensureApiBuilt(mode = 'auto', log = () => undefined) {
  const bundleAt = () => {
    try {
      return statSync(API_BUNDLE).mtimeMs;
    } catch {
      return null;
    }
  };
  const before = bundleAt();
  const newest = API_SOURCES.map(newestSource).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
  const newestPath = (newest.path ?? '').slice(root.length + 1);
  const stale = before === null || newest.mtimeMs > before;
  if (mode === 'never' || (mode === 'auto' && !stale)) {
    if (before === null) throw new Error('dist/apps/api/main.js is missing: npx nx run api:build');
    return {
      built: false,
      stale,
      bundleAt: new Date(before).toISOString(),
      note: stale ? `older than ${newestPath}` : null,
    };
  }
  log(
    before === null
      ? 'building the API (no bundle yet)'
      : `building the API (${mode === 'always' ? 'asked' : `bundle older than ${newestPath}`})`,
  );
  const res = spawnSync(process.execPath, [join(root, 'tools/build/build-api.mjs')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (res.status === 0)
    return {
      built: true,
      stale: false,
      bundleAt: new Date(bundleAt() ?? Date.now()).toISOString(),
      note: null,
    };
  const why = `${res.stderr || res.stdout || res.error?.message || ''}`
    .trim()
    .split('\n')
    .slice(-5)
    .join(' | ');
  if (before === null) throw new Error(`the API does not build: ${why}`);
  log(`the build failed (${why}); using the existing bundle`);
  return {
    built: false,
    stale: true,
    bundleAt: new Date(before).toISOString(),
    note: `build failed, ran the older bundle: ${why.slice(0, 300)}`,
  };
}

/**
 * Makes `release` (stop the API, drop the database, ...) run exactly once, whoever asks first: a
 * signal, the hard time limit, or the script's own `finally`. Every caller waits for the same
 * run, so that nothing exits before the database is dropped. `done()` cancels the time limit and
 * releases.
 * @param {() => Promise<void>} release
 * @param {{ hardLimitMs: number, say: (line: string) => void }} options
 * @returns {{ done(): Promise<void> }}
 */
export function guardedCleanup(release, { hardLimitMs, say }) {
  /** @type {Promise<void> | null} */
  let cleaning = null;
  const cleanup = () => (cleaning ??= release());
  const hard = setTimeout(() => {
    say(`hard limit of ${hardLimitMs / 60_000} min reached; stopping`);
    void cleanup().finally(() => process.exit(2));
  }, hardLimitMs);
  hard.unref();
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().finally(() => process.exit(143)));
  return {
    done() {
      clearTimeout(hard);
      return cleanup();
    },
  };
}
