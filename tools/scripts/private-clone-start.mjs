// The first start of a newcomer, as CI runs it: a clone of this repository in a private folder
// (mode 0700, a space in its path, as every clone in root's home folder is), `npm ci`, then
// `npm start` with nothing configured, until the platform answers on /api/health; then a clean
// stop. Prints every line the platform printed; exits 1 when it did not come up.
//
//   node tools/scripts/private-clone-start.mjs
//
// Stops by itself: at most 6 minutes for the install, 4 for the start.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const say = (line) => console.log(`private-clone: ${line}`);
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const base = mkdtempSync(join(tmpdir(), 'actionday private '));
chmodSync(base, 0o700);
const clone = join(base, 'action day');
let failed = null;
let relocatedCluster = null;
try {
  const cloned = spawnSync('git', ['clone', '--quiet', root, clone], { encoding: 'utf8' });
  if (cloned.status !== 0) throw new Error(`git clone failed: ${cloned.stderr.trim()}`);
  // As root, the embedded PostgreSQL runs as the postgres user, who cannot enter a 0700 folder:
  // the case this proves. As another user the folder is merely private.
  const uid = process.getuid?.() ?? -1;
  say(`cloned into ${clone} (mode 0700 above it) as ${uid === 0 ? 'root' : `uid ${uid}`}, running npm ci ...`);
  const t0 = Date.now();
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: clone, encoding: 'utf8', timeout: 360_000, maxBuffer: 64 * 1024 * 1024 });
  if (ci.status !== 0) throw new Error(`npm ci failed (${ci.status ?? ci.signal}): ${(ci.stderr || ci.stdout).trim().split('\n').slice(-5).join(' / ')}`);
  say(`npm ci took ${((Date.now() - t0) / 1000).toFixed(0)} s; npm start ...`);

  const port = await freePort();
  const env = { ...process.env, PORT: String(port) };
  // Nothing of this machine's configuration: the newcomer has none.
  for (const key of ['DATABASE_URL', 'MIGRATIONS_DATABASE_URL', 'DATA_DIR', 'DEMO', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'NODE_ENV', 'REDIS_URL']) delete env[key];
  const start = spawn('npm', ['start'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines = [];
  const print = (chunk) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      lines.push(line);
      console.log(`  | ${line}`);
    }
  };
  start.stdout.on('data', print);
  start.stderr.on('data', print);
  const exited = new Promise((resolve) => start.once('exit', (code, signal) => resolve(code ?? signal)));
  const started = Date.now();
  let healthy = false;
  while (!healthy && Date.now() - started < 240_000 && start.exitCode === null) {
    await new Promise((r) => setTimeout(r, 1000));
    healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
  }
  const pgLink = join(clone, '.data', 'pg');
  if (existsSync(pgLink) && lstatSync(pgLink).isSymbolicLink()) relocatedCluster = dirname(readlinkSync(pgLink));
  if (!healthy) failed = start.exitCode === null ? 'no answer on /api/health within 4 minutes' : `npm start exited (${start.exitCode}) before answering`;
  else say(`answered on /api/health ${((Date.now() - started) / 1000).toFixed(0)} s after npm start`);
  const stack = lines.find((l) => /^\s+at .+\(.+:\d+:\d+\)$/.test(l));
  if (!failed && stack) failed = `it printed a stack trace: ${stack.trim()}`;

  // A clean stop: the whole process group gets the Ctrl+C a user would press.
  if (start.exitCode === null) process.kill(-start.pid, 'SIGINT');
  const timer = setTimeout(() => process.kill(-start.pid, 'SIGKILL'), 20_000);
  const code = await exited;
  clearTimeout(timer);
  // npm itself dies of the SIGINT; what matters is that the platform stopped, its database too.
  if (!failed && code !== 0 && code !== 'SIGINT') failed = `npm start ended with ${code} after Ctrl+C`;
  const serverOf = relocatedCluster ?? clone;
  const leftOver = () => spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.split('\n').some((l) => l.includes(serverOf) && l.includes('postgres'));
  for (let i = 0; i < 20 && leftOver(); i++) await new Promise((r) => setTimeout(r, 500));
  if (!failed && leftOver()) failed = 'its PostgreSQL was still running 10 s after the platform stopped';
  if (!failed && !lines.some((l) => l.includes('shutting down'))) failed = 'it did not say it was shutting down';
} catch (e) {
  failed = e instanceof Error ? e.message : String(e);
} finally {
  rmSync(base, { recursive: true, force: true });
  // A cluster kept outside the private folder (root's case) goes with the clone.
  if (relocatedCluster) rmSync(relocatedCluster, { recursive: true, force: true });
}
if (failed) {
  say(`FAILED: ${failed}`);
  process.exit(1);
}
say('ok');
