// @ts-check
// Fault: the API process killed with -9, twice, while officers post findings (each retried with
// its clientId until answered) and members watch the live board. After it: every finding stored
// once, counters equal to the recount, the log without gaps, the audit chain intact, every
// listener converged on the log.
//
//   node tools/chaos/kill-api.mjs [--findings 1000] [--concurrency 8] [--json]
//
// On a fresh database of the local PostgreSQL server (BENCH_DATABASE_URL, see
// tools/bench/lib/api-server.mjs), which is not stopped. Ends by itself within 5 minutes.
import { createBenchDatabase, freePort, startApi } from '../bench/lib/api-server.mjs';
import { startPosting } from './lib/posters.mjs';
import { afterTheFault, liveDay, runScenario, scenarioArgs } from './lib/scenario.mjs';

const USAGE = 'usage: node tools/chaos/kill-api.mjs [--findings 1000] [--concurrency 8] [--json]';
const args = scenarioArgs(USAGE, { findings: 1000, concurrency: 8 });
/** Kills at these shares of the findings answered. */
const KILL_AT = [0.3, 0.65];

await runScenario(
  'kill-api',
  { hardLimitMs: 5 * 60_000, json: args.json },
  async ({ log, cleanup }) => {
    const db = await createBenchDatabase();
    cleanup(() => db.drop());
    const port = await freePort();
    const base = () => `http://127.0.0.1:${port}`;
    let api = await startApi(db.url, {}, [], { port });
    cleanup(() => api.stop());
    const { setup, listeners } = await liveDay(base);
    log(
      `operation ${setup.operationId} live; ${listeners.length} listeners; posting ${args.findings} findings, ${args.concurrency} at a time`,
    );

    /** @type {{ atAnswered: number, downMs: number }[]} */
    const kills = [];
    const { posting, answered, until } = startPosting({
      base,
      setup,
      total: args.findings,
      concurrency: args.concurrency,
    });
    for (const share of KILL_AT) {
      await until(share);
      const at = answered();
      process.kill(api.pid, 'SIGKILL');
      await api.stop();
      const down = Date.now();
      api = await startApi(db.url, {}, [], { port });
      kills.push({ atAnswered: at, downMs: Date.now() - down });
      log(`killed the API (-9) at ${at} answered; back after ${Date.now() - down} ms`);
    }
    const posted = await posting;
    const { checks, figures } = await afterTheFault({
      ownerUrl: db.url,
      operationId: setup.operationId,
      posted,
      listeners,
    });
    return {
      scenario: 'kill-api',
      ok: checks.every((c) => c.ok),
      checks,
      figures: { ...figures, sent: args.findings, kills },
    };
  },
);
