// @ts-check
// Fault: Redis, which carries live events between API instances, gone for a while under two
// instances, while officers post findings to both and members watch on both. Each instance must
// keep serving its own clients (no 5xx at all, its events still live to them); the clients of the
// other must catch up once Redis is back. After it: every finding stored once, counters equal to
// the recount, the log without gaps, the audit chain intact, every listener converged.
//
//   node tools/chaos/redis-down.mjs [--findings 1000] [--concurrency 8] [--down 5] [--json]
//
// Needs redis-server on the PATH: it runs one of its own (the shared one is never stopped), on
// a fresh database of the local PostgreSQL server. Ends by itself within 5 minutes.
import { spawn } from 'node:child_process';
import { createBenchDatabase, freePort, startApi } from '../bench/lib/api-server.mjs';
import { usageError } from '../bench/lib/args.mjs';
import { sleep } from '../bench/lib/stats.mjs';
import { startPosting } from './lib/posters.mjs';
import { afterTheFault, liveDay, runScenario, scenarioArgs } from './lib/scenario.mjs';

const USAGE =
  'usage: node tools/chaos/redis-down.mjs [--findings 1000] [--concurrency 8] [--down 5] [--json]   (needs redis-server)';
const args = scenarioArgs(USAGE, { findings: 1000, concurrency: 8 }, { down: 5 });
const DOWN_MS = Number(args.down) * 1000;
if (!(DOWN_MS >= 1000 && DOWN_MS <= 60_000)) usageError(USAGE);

/**
 * A redis-server of this run's own, keeping nothing on disk; resolves once it accepts connections.
 * @param {number} port
 * @returns {Promise<import('node:child_process').ChildProcess>}
 */
function redisServer(port) {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.once('error', (e) =>
      reject(new Error(`cannot run redis-server (${e.message}); install Redis to run this script`)),
    );
    proc.stdout.on(
      'data',
      (d) => String(d).includes('Ready to accept connections') && resolve(proc),
    );
    proc.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
  });
}

await runScenario(
  'redis-down',
  { hardLimitMs: 5 * 60_000, json: args.json },
  async ({ log, cleanup }) => {
    const redisPort = await freePort();
    let redis = await redisServer(redisPort);
    cleanup(async () => redis.kill('SIGKILL'));
    const db = await createBenchDatabase();
    cleanup(() => db.drop());
    const env = { REDIS_URL: `redis://127.0.0.1:${redisPort}` };
    const apis = [await startApi(db.url, env), await startApi(db.url, env)];
    for (const api of apis) cleanup(() => api.stop());
    const bases = apis.map((api) => () => api.base);
    const { setup, listeners } = await liveDay(bases[0], { listenerBases: bases });
    log(
      `two instances on one database, Redis on port ${redisPort}; posting ${args.findings} findings to both, ${args.concurrency} at a time`,
    );

    const { posting, answered, until } = startPosting({
      // Every other finding to the other instance.
      base: (f) => bases[f ? f.n % 2 : 0](),
      setup,
      total: args.findings,
      concurrency: args.concurrency,
    });
    await until(0.3);
    const downAt = answered();
    const receivedBefore = listeners.map((l) => l.received);
    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    await sleep(DOWN_MS);
    const receivedDuring = listeners.map((l, i) => l.received - receivedBefore[i]);
    const answeredDuring = answered() - downAt;
    redis = await redisServer(redisPort);
    log(
      `Redis gone for ${DOWN_MS} ms from ${downAt} answered; ${answeredDuring} findings answered meanwhile; events received meanwhile per listener: ${receivedDuring.join(', ')}`,
    );

    const posted = await posting;
    const { checks, figures } = await afterTheFault({
      ownerUrl: db.url,
      operationId: setup.operationId,
      posted,
      listeners,
    });
    const fiveHundreds = Object.entries(posted.byStatus).filter(([s]) => Number(s) >= 500);
    checks.push(
      {
        name: 'no 5xx at all, 503 included',
        ok: fiveHundreds.length === 0,
        detail: fiveHundreds.length ? JSON.stringify(Object.fromEntries(fiveHundreds)) : 'none',
      },
      {
        name: 'writes went on while Redis was away',
        ok: answeredDuring > 0,
        detail: `${answeredDuring} findings answered in the ${DOWN_MS} ms`,
      },
      {
        name: 'each instance kept its own clients live while Redis was away',
        ok: receivedDuring.every((n) => n > 0),
        detail: listeners.map((l, i) => `${l.name}: ${receivedDuring[i]}`).join('; '),
      },
    );
    return {
      scenario: 'redis-down',
      ok: checks.every((c) => c.ok),
      checks,
      figures: { ...figures, sent: args.findings, downAtAnswered: downAt, downMs: DOWN_MS },
    };
  },
);
