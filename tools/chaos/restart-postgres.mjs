// @ts-check
// Fault: PostgreSQL restarted, then away for 10 s, under a running API, while officers post
// findings (each retried with its clientId until answered) and members watch the live board.
// While it is away, writes must answer 503 with Retry-After and /api/health must say the database
// is down; the API must recover without a restart. After it: every finding stored once, counters
// equal to the recount, the log without gaps, the audit chain intact, every listener converged.
//
//   node tools/chaos/restart-postgres.mjs [--findings 1000] [--concurrency 8] [--away 10] [--json]
//
// On a PostgreSQL of its own (the embedded one, in a temporary folder): the shared server is never
// stopped. Ends by itself within 5 minutes.
import { freePort, startApi } from '../bench/lib/api-server.mjs';
import { usageError } from '../bench/lib/args.mjs';
import { sleep } from '../bench/lib/stats.mjs';
import { privateDatabase } from './lib/database.mjs';
import { startPosting } from './lib/posters.mjs';
import { afterTheFault, liveDay, runScenario, scenarioArgs } from './lib/scenario.mjs';

const USAGE =
  'usage: node tools/chaos/restart-postgres.mjs [--findings 1000] [--concurrency 8] [--away 10] [--json]';
const args = scenarioArgs(USAGE, { findings: 1000, concurrency: 8 }, { away: 10 });
const AWAY_MS = Number(args.away) * 1000;
if (!(AWAY_MS >= 1000 && AWAY_MS <= 60_000)) usageError(USAGE);

/** @param {number} pid */
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

await runScenario(
  'restart-postgres',
  { hardLimitMs: 5 * 60_000, json: args.json },
  async ({ log, cleanup }) => {
    const db = await privateDatabase();
    cleanup(() => db.remove());
    await db.start();
    const port = await freePort();
    const base = () => `http://127.0.0.1:${port}`;
    const api = await startApi(db.url, {}, [], { port });
    cleanup(() => api.stop());
    const { setup, listeners } = await liveDay(base);
    log(
      `operation ${setup.operationId} live; posting ${args.findings} findings, ${args.concurrency} at a time`,
    );

    const { posting, answered, until } = startPosting({
      base,
      setup,
      total: args.findings,
      concurrency: args.concurrency,
    });

    await until(0.25);
    const restartAt = answered();
    let t0 = Date.now();
    await db.stop();
    await db.start();
    log(`restarted PostgreSQL at ${restartAt} answered (${Date.now() - t0} ms)`);

    await until(0.55);
    const awayAt = answered();
    await db.stop();
    t0 = Date.now();
    // While it is away: what a write and the health check answer, probed every half second.
    /** @type {{ writes: Record<number, number>, writesWithRetryAfter: number, health: Record<number, number>, healthSaysDown: number }} */
    const probes = { writes: {}, writesWithRetryAfter: 0, health: {}, healthSaysDown: 0 };
    const officer = setup.officers[0];
    while (Date.now() - t0 < AWAY_MS) {
      const write = await fetch(`${base()}/api/v1/operations/${setup.operationId}/findings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${officer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: crypto.randomUUID(),
          type: 'suspect',
          alias: 'probe while the database is away',
        }),
      });
      probes.writes[write.status] = (probes.writes[write.status] ?? 0) + 1;
      if (write.status === 503 && write.headers.get('retry-after')) probes.writesWithRetryAfter++;
      const health = await fetch(`${base()}/api/health`);
      const body = /** @type {{ database?: string }} */ (await health.json().catch(() => ({})));
      probes.health[health.status] = (probes.health[health.status] ?? 0) + 1;
      if (health.status === 503 && body.database === 'down') probes.healthSaysDown++;
      await sleep(500);
    }
    await db.start();
    log(
      `PostgreSQL away for ${Date.now() - t0} ms at ${awayAt} answered; writes answered ${JSON.stringify(probes.writes)}, health ${JSON.stringify(probes.health)}`,
    );
    const healthBack = await fetch(`${base()}/api/health`).then((r) => r.status);

    const posted = await posting;
    const { checks, figures } = await afterTheFault({
      ownerUrl: db.url,
      operationId: setup.operationId,
      posted,
      listeners,
    });
    const writes = Object.values(probes.writes).reduce((a, b) => a + b, 0);
    const healths = Object.values(probes.health).reduce((a, b) => a + b, 0);
    checks.push(
      {
        name: 'while away, every write answered 503 with Retry-After',
        ok: writes > 0 && probes.writesWithRetryAfter === writes,
        detail: JSON.stringify(probes.writes),
      },
      {
        name: 'while away, /api/health said the database is down',
        ok: healths > 0 && probes.healthSaysDown === healths,
        detail: JSON.stringify(probes.health),
      },
      {
        name: 'the API recovered without a restart',
        ok: alive(api.pid) && healthBack === 200,
        detail: `same process (pid ${api.pid}); health ${healthBack} once the database was back`,
      },
    );
    return {
      scenario: 'restart-postgres',
      ok: checks.every((c) => c.ok),
      checks,
      figures: {
        ...figures,
        sent: args.findings,
        restartAtAnswered: restartAt,
        awayAtAnswered: awayAt,
        awayMs: AWAY_MS,
      },
    };
  },
);
