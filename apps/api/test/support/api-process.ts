import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = process.cwd();
const BUNDLES = ['dist/apps/api/main.js', 'dist/apps/api/audit-verify.js', 'dist/apps/api/embedded-db.js', 'dist/apps/api/archive.js'].map((p) => join(root, p));
const SOURCES = [join(root, 'apps/api/src'), join(root, 'libs')];
const LOCK = join(root, 'dist/apps/api/.build-lock');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, entry.name === 'node_modules' ? 0 : newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const fresh = () => BUNDLES.every((b) => existsSync(b)) && Math.min(...BUNDLES.map((b) => statSync(b).mtimeMs)) > Math.max(...SOURCES.map(newestSource));

/**
 * Bundles the API (tools/build/build-api.mjs) unless the bundle is newer than its sources. Test
 * files running side by side take turns on a lock directory, so that none starts a bundle that
 * another is still writing.
 */
export async function ensureApiBuilt(): Promise<void> {
  mkdirSync(join(root, 'dist/apps/api'), { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed run is stale after a minute.
      if (waited > 60_000) rmdirSync(LOCK);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    if (!fresh()) await run(process.execPath, [join(root, 'tools/build/build-api.mjs')], { cwd: root });
  } finally {
    rmdirSync(LOCK);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ApiProcess {
  proc: ChildProcess;
  baseUrl: string;
  /** Every line printed so far, stdout and stderr together. */
  lines: string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * `node dist/apps/api/main.js` with this environment on top of a neutral one (no DATABASE_URL
 * from the caller's environment), on a free port; resolved once it says it is running, or has
 * exited (a failed start-up, or the `migrate` command).
 */
export async function startApiProcess(env: Record<string, string | undefined>, args: string[] = []): Promise<ApiProcess> {
  const port = await freePort();
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(DATABASE_URL|MIGRATIONS_DATABASE_URL|DATA_DIR|PORT|DEMO|ADMIN_EMAIL|ADMIN_PASSWORD|LOG_LEVEL)$/.test(k)) base[k] = v;
  }
  const proc = spawn(process.execPath, [join(root, 'dist/apps/api/main.js'), ...args], {
    cwd: root,
    env: { ...base, PORT: String(port), HOST: '127.0.0.1', DEMO: 'off', LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent', JWT_SECRET: 'process-test-secret-long-enough-for-hs256', ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let ready: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (ready = resolve));
  const collect = (chunk: Buffer) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    if (lines.some((l) => l.includes('actionday is running at'))) ready();
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([running, exited, new Promise((r) => (timer = setTimeout(r, 45_000)))]);
  clearTimeout(timer);
  return {
    proc,
    baseUrl: `http://127.0.0.1:${port}`,
    lines,
    exited,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
