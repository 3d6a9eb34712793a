// `npm test`: every level of every project, in order: unit tests, integration tests (real
// PostgreSQL), browser tests (real Chromium). Prints one total at the end and exits non-zero if
// anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'node:net';
import { findChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const summary = join(root, 'tmp/test-results/summary.jsonl');
rmSync(summary, { force: true });

const nx = join(root, 'node_modules/.bin/nx');
const run = (label, args, env = {}) => {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(nx, [...args, '--skip-nx-cache', '--outputStyle=stream'], { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', ...env } });
  return r.status === 0;
};

const results = [];
results.push(run('unit tests', ['run-many', '-t', 'test']));
// The scale-out suite needs a Redis server; a fresh machine may have none (PostgreSQL falls back to
// the embedded one, Redis cannot), so that suite alone is left out, with a line saying so.
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = await redisAnswers(redisUrl);
if (!redis) console.log(`\nscale-out tests (two API instances) skipped: no Redis answers at ${redisUrl} (set TEST_REDIS_URL)`);
results.push(run('integration tests (HTTP + socket.io + PostgreSQL)', ['run', 'api:integration'], redis ? { TEST_REDIS_URL: redisUrl } : { ACTIONDAY_SKIP_SCALE_OUT: '1' }));
const chromium = findChromium();
if (chromium) {
  results.push(run(`browser tests (${chromium})`, ['run', 'web-e2e:e2e'], { CHROMIUM_PATH: chromium }));
} else {
  console.log('\nbrowser tests skipped: no Chromium found (install Debian\'s chromium or set CHROMIUM_PATH)');
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(summary)) {
  for (const line of readFileSync(summary, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line);
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
  }
}
const ok = results.every(Boolean);
if (!ok && failed === 0) failed = 1; // a level that crashed before reporting still fails the run
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);

function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379), timeout: 1000 });
    const done = (ok) => (socket.destroy(), resolve(ok));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(String(d).startsWith('+PONG') || String(d).startsWith('-NOAUTH')));
    socket.on('timeout', () => done(false));
    socket.on('error', () => done(false));
  });
}
