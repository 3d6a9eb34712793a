// @ts-check
// Fault: the default first start (no DATABASE_URL: the embedded PostgreSQL under DATA_DIR) loses
// both its processes to kill -9, the API and postgres, while officers post findings; then it is
// started again as `npm start` would. The next start must recover the data: every finding that
// was answered, and every one retried after it, stored once; counters, log and audit chain intact.
//
//   node tools/chaos/embedded-crash.mjs [--findings 1000] [--concurrency 8] [--json]
//
// In a temporary DATA_DIR of its own. Ends by itself within 5 minutes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startApi } from '../bench/lib/api-server.mjs';
import { sleep } from '../bench/lib/stats.mjs';
import { postmaster, removeDataDir, tempDataDir } from './lib/database.mjs';
import { startPosting } from './lib/posters.mjs';
import { afterTheFault, liveDay, runScenario, scenarioArgs } from './lib/scenario.mjs';

const USAGE =
  'usage: node tools/chaos/embedded-crash.mjs [--findings 1000] [--concurrency 8] [--json]';
const args = scenarioArgs(USAGE, { findings: 1000, concurrency: 8 });

await runScenario(
  'embedded-crash',
  { hardLimitMs: 5 * 60_000, json: args.json },
  async ({ log, cleanup }) => {
    const dataDir = tempDataDir('actionday-chaos-data-');
    cleanup(async () => {
      try {
        // Whatever still runs on the cluster (a failed run), then the cluster itself, wherever it lives.
        process.kill(postmaster(dataDir).pid, 'SIGINT');
        await sleep(1000);
      } catch {
        // not running
      }
      removeDataDir(dataDir);
    });
    const port = await freePort();
    const base = () => `http://127.0.0.1:${port}`;
    const env = { DATA_DIR: dataDir, DEMO: 'off' };
    let api = await startApi(null, env, [], { port });
    cleanup(() => api.stop());
    const { setup, listeners } = await liveDay(base);
    log(
      `embedded database in ${dataDir}; operation ${setup.operationId} live; posting ${args.findings} findings`,
    );

    const { posting, answered, until } = startPosting({
      base,
      setup,
      total: args.findings,
      concurrency: args.concurrency,
    });
    await until(0.5);
    const killedAt = answered();
    const pgPid = postmaster(dataDir).pid;
    // Both at once, as a power cut or the OOM killer would: neither gets to clean up.
    process.kill(api.pid, 'SIGKILL');
    process.kill(pgPid, 'SIGKILL');
    await api.stop();
    await sleep(500);
    const t0 = Date.now();
    api = await startApi(null, env, [], { port });
    const restartMs = Date.now() - t0;
    log(
      `killed the API and postgres (-9) at ${killedAt} answered; the next start took ${restartMs} ms`,
    );

    const posted = await posting;
    // The owner's URL of the recovered cluster, as `npm run audit:verify` finds it.
    const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
    const pgPort = postmaster(dataDir).port;
    const ownerUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/actionday`;
    const { checks, figures } = await afterTheFault({
      ownerUrl,
      operationId: setup.operationId,
      posted,
      listeners,
    });
    const pgPidNow = postmaster(dataDir).pid;
    checks.push({
      name: 'postgres was restarted by the next start, not left over',
      ok: pgPidNow !== pgPid,
      detail: `postmaster ${pgPid} killed, ${pgPidNow} now`,
    });
    return {
      scenario: 'embedded-crash',
      ok: checks.every((c) => c.ok),
      checks,
      figures: { ...figures, sent: args.findings, killedAtAnswered: killedAt, restartMs },
    };
  },
);
