// What every benchmark in tools/bench needs around the built API: a database of its own on the
// local PostgreSQL server, the API started on it as a child process, and a small JSON caller.
// Kept apart so that the benchmarks start the API the same way and measure the same thing.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const benchAdmin = { email: 'bench-admin@bench.example', password: 'bench-admin-password' };

/** A fresh, uniquely named database on BENCH_DATABASE_URL's server; `drop()` removes it. */
export async function createBenchDatabase() {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `actionday_bench_${Date.now().toString(36)}`;
  const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
  const control = new pg.Client({ connectionString: server });
  await control.connect();
  await control.query(`CREATE DATABASE ${name}`);
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

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * Starts dist/apps/api/main.js on `databaseUrl` and resolves once it listens. Error-level log
 * lines are passed through so a failing benchmark says why. `stop()` is safe to call twice.
 * `nodeArgs` go to node itself (e.g. --cpu-prof, which NODE_OPTIONS does not take).
 */
export async function startApi(databaseUrl, extraEnv = {}, nodeArgs = []) {
  const port = await freePort();
  const proc = spawn(process.execPath, [...nodeArgs, join(root, 'dist/apps/api/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: 'off',
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: benchAdmin.email,
      ADMIN_PASSWORD: benchAdmin.password,
      JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  await new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => {
      const text = String(d);
      if (text.includes('running at')) resolve();
      if (text.includes('"level":50')) process.stderr.write(text);
    });
    proc.once('exit', (code) => reject(new Error(`API exited with ${code}`)));
  });
  return {
    port,
    pid: proc.pid,
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

/** `call(method, path, body, token, headers)`: JSON in (or a string as is), JSON out, throws on >= 400. */
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
