// Benchmark: live findings, from the POST to every subscribed socket, at action-day scale.
//
//   node tools/bench/live.mjs [--clients 100,500,1000] [--rates 10,100,500] [--duration 5] [--json]
//
// One run measures, against the built API (npx nx run api:build) on a fresh database of the
// local PostgreSQL server (BENCH_DATABASE_URL, see lib/api-server.mjs):
//   1. latency: open-loop POSTs of findings at each rate while N socket.io clients are subscribed;
//      for each (finding, client) pair, the time from sending the POST to that client receiving
//      `finding.created`, and per finding the time until the last of the N clients had it;
//   2. throughput: closed loop, K concurrent posters with clients subscribed, against pgbench
//      running the same statements (tools/bench/pgbench-finding.sql) on the same database;
//   3. memory: the API's RSS idle and with N clients subscribed.
// The load generator and the API share this machine's cores, so the generator's own event-loop
// delay and the CPU time of the API, PostgreSQL, the generator and everything else are reported
// next to every figure.
//
// Markdown tables go to stdout; with --json they go to stderr and one JSON document to stdout.
// All load goes to 127.0.0.1 and every phase has a time bound. Nothing here is a test.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  createBenchDatabase,
  guardedCleanup,
  jsonCaller,
  root,
  serverSettings,
  startApi,
  vacuum,
} from './lib/api-server.mjs';
import { httpPoster } from './lib/http-load.mjs';
import { Clients } from './lib/live-clients.mjs';
import {
  apiLoopLag,
  CORES,
  cpuMeter,
  cpuMsPer,
  loopDelayMonitor,
  rssMb,
  waitApiIdle,
  waitSampler,
  waitsText,
} from './lib/machine.mjs';
import { setUpLiveOperation, suspectFindingBody } from './lib/operation.mjs';
import { percentiles, sleep, sortedOf, waitQuiet } from './lib/stats.mjs';

const USAGE = `node tools/bench/live.mjs [options]
  --clients 100,500,1000     subscribed socket.io clients for the latency phases
  --rates 10,100,500         findings/s sent (open loop) at each number of clients
  --duration 5               seconds of sending per latency phase
  --grace 5                  seconds to wait for answers and deliveries after the last send
  --posters 8,32             concurrent posters of the closed-loop throughput phases
  --throughput-seconds 10    length of each throughput phase and of each pgbench run
  --throughput-clients 100   clients subscribed during the throughput phases
  --pgbench-clients 4,20,32  pgbench connections (-c) of the raw PostgreSQL runs
  --json                     JSON document on stdout (tables on stderr)
  --api-cpu-prof DIR         write a V8 CPU profile of the API to DIR`;

const { values: opts } = parseArgs({
  options: {
    clients: { type: 'string', default: '100,500,1000' },
    rates: { type: 'string', default: '10,100,500' },
    duration: { type: 'string', default: '5' },
    grace: { type: 'string', default: '5' },
    posters: { type: 'string', default: '8,32' },
    'throughput-seconds': { type: 'string', default: '10' },
    'throughput-clients': { type: 'string', default: '100' },
    'pgbench-clients': { type: 'string', default: '4,20,32' },
    json: { type: 'boolean', default: false },
    'api-cpu-prof': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
const list = (s) =>
  [
    ...new Set(
      s
        .split(',')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
    ),
  ].sort((a, b) => a - b);
const CLIENTS = list(opts.clients);
const RATES = list(opts.rates);
const DURATION_S = Number(opts.duration);
const GRACE_MS = Number(opts.grace) * 1000;
const POSTERS = list(opts.posters);
const THROUGHPUT_S = Number(opts['throughput-seconds']);
const THROUGHPUT_CLIENTS = Number(opts['throughput-clients']);
const PGBENCH_CLIENTS = list(opts['pgbench-clients']);
if (
  ![DURATION_S, GRACE_MS, THROUGHPUT_S, THROUGHPUT_CLIENTS].every((n) => n > 0) ||
  !CLIENTS.length ||
  !RATES.length ||
  !POSTERS.length ||
  !PGBENCH_CLIENTS.length
) {
  console.error(USAGE);
  process.exit(2);
}

const GOALS = {
  p99Ms: 100,
  p99Rate: 100,
  p99Clients: 500,
  findingsPerS: 1000,
  ofRaw: 0.5,
  rssMb: 300,
  rssClients: 1000,
};
// Stops the whole run however it is stuck; the phases have their own, tighter bounds.
const HARD_LIMIT_MS = 20 * 60_000;

const out = opts.json ? process.stderr : process.stdout;
const say = (line) => process.stderr.write(`[live] ${line}\n`);
/** The generator's own event-loop delay: when it is high, sends leave late and receipts are stamped late. */
const loopDelay = loopDelayMonitor();
const generatorLag = loopDelay.lag;

// ---------------------------------------------------------------------------------------------
// The load

/** The findings of one phase, their answers and their deliveries. */
class Phase {
  records = [];
  byClientId = new Map();
  pairs;
  delivered = 0;
  outstanding = 0;
  collecting = true;
  late = 0;

  constructor(ctx, clients, expectedFindings) {
    this.ctx = ctx;
    this.clients = clients;
    this.pairs = new Float64Array(Math.max(1024, expectedFindings * clients));
  }

  receive(clientId, now) {
    const rec = this.byClientId.get(clientId);
    if (!rec) return;
    if (!this.collecting) {
      this.late++;
      return;
    }
    const ms = now - rec.sentAt;
    if (rec.count === 0) rec.first = ms;
    rec.count++;
    rec.last = ms;
    if (this.delivered === this.pairs.length) {
      const bigger = new Float64Array(this.pairs.length * 2);
      bigger.set(this.pairs);
      this.pairs = bigger;
    }
    this.pairs[this.delivered++] = ms;
  }

  /** Sends one finding; resolves when it is answered (open-loop callers do not wait). */
  send() {
    const { setup, poster } = this.ctx;
    const n = this.ctx.serial++;
    const rec = {
      n,
      officer: setup.officers[n % setup.officers.length],
      clientId: randomUUID(),
      sentAt: 0,
      respondedMs: NaN,
      status: -1,
      error: null,
      count: 0,
      first: NaN,
      last: NaN,
    };
    this.records.push(rec);
    this.byClientId.set(rec.clientId, rec);
    this.outstanding++;
    rec.sentAt = performance.now();
    return poster
      .post(
        `/api/v1/operations/${setup.operationId}/findings`,
        suspectFindingBody(rec),
        rec.officer.token,
      )
      .then(({ status, error }) => {
        rec.respondedMs = performance.now() - rec.sentAt;
        rec.status = status;
        rec.error = error;
        this.outstanding--;
      });
  }

  /** After the last send: until every answer and every owed delivery is in, or the grace period ends. */
  async settle() {
    const deadline = performance.now() + GRACE_MS;
    const ok = (r) => r.status >= 200 && r.status < 300;
    const complete = () =>
      this.outstanding === 0 && this.records.every((r) => !ok(r) || r.count === this.clients);
    while (performance.now() < deadline && !complete()) await sleep(20);
    this.collecting = false;
  }

  summary() {
    const recs = this.records;
    const n = this.clients;
    const ok = recs.filter((r) => r.status >= 200 && r.status < 300);
    const errors = recs.filter((r) => r.status === 0 || r.status >= 300);
    // A finding whose answer was lost but whose event arrived still owes every client a delivery.
    const owed = recs.filter((r) => (r.status >= 200 && r.status < 300) || r.count > 0);
    const complete = owed.filter((r) => r.count === n);
    return {
      sent: recs.length,
      ok: ok.length,
      httpErrors: errors.length,
      unanswered: recs.filter((r) => r.status < 0).length,
      firstError: errors[0] ? `${errors[0].status} ${errors[0].error}` : null,
      post: percentiles(
        sortedOf(recs.filter((r) => r.status >= 0).map((r) => r.respondedMs)),
        recs.length,
      ),
      pairs: percentiles(this.pairs.subarray(0, this.delivered).sort(), owed.length * n),
      lastClient: percentiles(sortedOf(complete.map((r) => r.last)), owed.length),
      firstClient: percentiles(
        sortedOf(owed.filter((r) => r.count > 0).map((r) => r.first)),
        owed.length,
      ),
      fanOutSpread: percentiles(sortedOf(complete.map((r) => r.last - r.first))),
      delivered: this.delivered,
      missingDeliveries: owed.length * n - this.delivered,
      lateDeliveries: this.late,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The phases

/** Open loop: the i-th send is due at t0 + i/rate whatever happened to the earlier ones. */
async function latencyPhase(ctx, rate) {
  const { api, clients } = ctx;
  const total = Math.max(1, Math.round(rate * DURATION_S));
  const phase = new Phase(ctx, clients.sockets.length, total);
  clients.phase = phase;
  const disconnectsBefore = clients.disconnects;
  let peakRss = rssMb(api.pid);
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssMb(api.pid))), 250);
  await apiLoopLag(api.base);
  loopDelay.reset();
  const meter = cpuMeter(api.pid, ctx.dbName);

  const t0 = performance.now();
  const scheduleLag = [];
  let lastSendAt = t0;
  await new Promise((resolve) => {
    let i = 0;
    const tick = () => {
      // When the generator falls behind, the sends already due go out at once and the lag is
      // reported, rather than silently sending fewer.
      const now = performance.now();
      while (i < total && t0 + (i * 1000) / rate <= now) {
        scheduleLag.push(now - (t0 + (i * 1000) / rate));
        void phase.send();
        i++;
      }
      lastSendAt = performance.now();
      if (i >= total) return resolve();
      setTimeout(tick, Math.max(0, t0 + (i * 1000) / rate - performance.now()));
    };
    tick();
  });
  const generatorLoopDelay = generatorLag();
  await phase.settle();
  const cpu = meter.stop();
  clearInterval(rssTimer);
  const s = phase.summary();
  return {
    clients: phase.clients,
    rate,
    ...s,
    achievedRate: Math.round(s.sent / ((lastSendAt - t0) / 1000 + 1 / rate)),
    scheduleLag: percentiles(sortedOf(scheduleLag)),
    generatorLoopDelay,
    apiLoopLag: await apiLoopLag(api.base),
    cpu,
    apiCpuMsPerFinding: cpuMsPer(cpu.apiPct, cpu.seconds, s.ok),
    // The API is one Node.js thread: past 100 % of one core, findings queue.
    apiCpuDemandPct: Math.round((rate * cpuMsPer(cpu.apiPct, cpu.seconds, s.ok)) / 10),
    peakRssMb: peakRss,
    disconnects: clients.disconnects - disconnectsBefore,
  };
}

/** Closed loop: each of `posters` sends its next finding as soon as the last one is answered. */
async function throughputPhase(ctx, posters) {
  const { api, clients } = ctx;
  const phase = new Phase(ctx, clients.sockets.length, THROUGHPUT_S * 1000);
  clients.phase = phase;
  await apiLoopLag(api.base);
  loopDelay.reset();
  const waits = await waitSampler(ctx.dbUrl);
  const meter = cpuMeter(api.pid, ctx.dbName);
  const t0 = performance.now();
  const end = t0 + THROUGHPUT_S * 1000;
  let lastAnswerAt = t0;
  await Promise.all(
    Array.from({ length: posters }, async () => {
      while (performance.now() < end) {
        await phase.send();
        lastAnswerAt = performance.now();
      }
    }),
  );
  const cpu = meter.stop();
  const postgresWaits = await waits.stop();
  const generatorLoopDelay = generatorLag();
  const apiLag = await apiLoopLag(api.base);
  await phase.settle();
  const s = phase.summary();
  const seconds = (lastAnswerAt - t0) / 1000;
  return {
    posters,
    clients: phase.clients,
    seconds,
    ...s,
    findingsPerS: Math.round(s.ok / seconds),
    cpu,
    // What the API costs per finding on top of what PostgreSQL costs.
    apiCpuMsPerFinding: cpuMsPer(cpu.apiPct, cpu.seconds, s.ok),
    postgresCpuMsPerFinding: cpuMsPer(cpu.postgresPct, cpu.seconds, s.ok),
    generatorLoopDelay,
    apiLoopLag: apiLag,
    postgresWaits,
  };
}

/**
 * pgbench with tools/bench/pgbench-finding.sql on the bench database, given the ids of this run's
 * operation, officer and targets and the payload of a real event of each kind the API appended.
 */
async function pgbenchPhase(ctx, connections) {
  const { dbUrl, setup, api } = ctx;
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  let samples;
  try {
    const { rows } = await client.query(
      `SELECT DISTINCT ON (type) type, payload::text AS payload FROM events
        WHERE operation_id = $1 AND type IN ('finding.created', 'tally.updated') ORDER BY type, seq DESC`,
      [setup.operationId],
    );
    samples = Object.fromEntries(rows.map((r) => [r.type, r.payload]));
  } finally {
    await client.end();
  }
  if (!samples['finding.created'] || !samples['tally.updated'])
    return { connections, tps: NaN, error: 'no finding events to copy the payload of' };
  const args = [
    '-n',
    '-M',
    'extended',
    '-f',
    join(root, 'tools/bench/pgbench-finding.sql'),
    '-c',
    String(connections),
    '-j',
    String(Math.min(CORES, connections)),
    '-T',
    String(THROUGHPUT_S),
    '-D',
    `opid=${setup.operationId}`,
    '-D',
    `author=${setup.officers[0].userId}`,
    '-D',
    `targets={${setup.officers.map((o) => o.targetId).join(',')}}`,
    '-D',
    `ntargets=${setup.officers.length}`,
    '-D',
    `hour=${new Date(Math.floor(Date.now() / 3600_000) * 3600_000).toISOString()}`,
    '-D',
    `created=${samples['finding.created']}`,
    '-D',
    `tally=${samples['tally.updated']}`,
    dbUrl,
  ];
  let meter;
  const waits = await waitSampler(dbUrl);
  const { code, stdout, stderr } = await new Promise((resolve) => {
    const child = spawn(process.env.PGBENCH ?? 'pgbench', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    meter = cpuMeter(api.pid, ctx.dbName, child.pid);
    let so = '';
    let se = '';
    child.stdout.on('data', (d) => (so += d));
    child.stderr.on('data', (d) => (se += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), (THROUGHPUT_S + 30) * 1000);
    child.on('error', (e) => resolve({ code: -1, stdout: so, stderr: e.message }));
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c, stdout: so, stderr: se });
    });
  });
  const cpu = meter.stop();
  const postgresWaits = await waits.stop();
  const num = (re) => Number(re.exec(stdout)?.[1] ?? NaN);
  const tps = num(/tps = ([\d.]+) \(without initial connection time\)/);
  const aborted = stderr.split('\n').find((l) => /aborted|ERROR/.test(l)) ?? null;
  return {
    connections,
    seconds: THROUGHPUT_S,
    tps,
    latencyAvgMs: num(/latency average = ([\d.]+) ms/),
    transactions: num(/number of transactions actually processed: (\d+)/),
    failed: num(/number of failed transactions: (\d+)/) || 0,
    error:
      code === 0 && !aborted
        ? null
        : (aborted ?? (stderr.trim().split('\n').pop() || `exit ${code}`)),
    cpu,
    postgresCpuMsPerTx: Number.isFinite(tps) ? (cpu.postgresPct * 10) / tps : NaN,
    postgresWaits,
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  const db = await createBenchDatabase();
  let api = null;
  let clients = null;
  const cleanup = guardedCleanup(
    async () => {
      clients?.close();
      await api?.stop().catch(() => undefined);
      await db.drop().catch((e) => say(`could not drop ${db.name}: ${e.message}`));
    },
    { hardLimitMs: HARD_LIMIT_MS, say },
  );

  try {
    say(`database ${db.name}; starting the API`);
    const profile = opts['api-cpu-prof']
      ? ['--cpu-prof', `--cpu-prof-dir=${opts['api-cpu-prof']}`]
      : [];
    // Tokens outlive the whole run: the run must not measure re-authentication.
    api = await startApi(db.url, { ACCESS_TOKEN_TTL: '3600' }, profile);
    const setup = await setUpLiveOperation(jsonCaller(`${api.base}/api/v1`));
    say(`operation ${setup.operationId} live with ${setup.officers.length} teams`);
    const settings = await serverSettings(db.url);
    clients = new Clients(
      api.base,
      setup.operationId,
      setup.officers.map((o) => o.token),
    );
    const ctx = {
      api,
      setup,
      clients,
      dbUrl: db.url,
      dbName: db.name,
      poster: httpPoster(api.port),
      serial: 0,
    };
    // Every finding updates the same few rows (the operation's last_seq, the operation-wide
    // tally counters), so dead row versions pile up fast. A server with autovacuum off (as the
    // CI configuration of the local one is) would make each phase measure the bloat left by the
    // phases before it; vacuuming between phases stands in for autovacuum.
    const freshPhase = async () => {
      await vacuum(db.url);
      await waitApiIdle(api.pid);
    };

    // ---- memory, idle ---------------------------------------------------------------------
    await waitApiIdle(api.pid);
    const memory = { idleMb: rssMb(api.pid), byClients: [] };
    say(`API RSS idle: ${memory.idleMb} MB`);

    // ---- 1. latency, open loop --------------------------------------------------------------
    const connects = [];
    const latency = [];
    for (const n of CLIENTS) {
      say(`connecting ${n} clients`);
      const connect = await clients.connect(n);
      await waitApiIdle(api.pid);
      connect.rssMb = rssMb(api.pid);
      connects.push(connect);
      memory.byClients.push({ clients: connect.clients, rssMb: connect.rssMb });
      say(
        `  ${connect.clients} subscribed in ${(connect.subscribedMs / 1000).toFixed(1)} s, presence settled after ${(connect.settledMs / 1000).toFixed(1)} s (${connect.presenceMessages} presence messages); RSS ${connect.rssMb} MB`,
      );
      if (connect.failures) say(`  ${connect.failures} clients failed: ${connect.firstFailure}`);

      for (const [i, rate] of RATES.entries()) {
        await freshPhase();
        const result = await latencyPhase(ctx, rate);
        latency.push(result);
        say(
          `  ${result.clients} clients @ ${rate}/s: sent ${result.sent} (${result.achievedRate}/s), pairs p99 ${fmtMs(result.pairs.p99)}, last client p99 ${fmtMs(result.lastClient.p99)}, missing ${result.missingDeliveries}`,
        );
        // Whatever is still on its way would be measured by the next phase: wait for quiet, and
        // when the backlog does not clear, start the next phase with fresh connections.
        result.drained = await waitQuiet(
          () => clients.lastEventAt + clients.phase.outstanding,
          500,
          10_000,
        );
        clients.phase = null;
        if (!result.drained && i < RATES.length - 1) {
          say('  backlog did not clear within 10 s; reconnecting the clients');
          clients.close();
          await waitApiIdle(api.pid);
          const again = await clients.connect(n);
          if (again.failures)
            say(`  ${again.failures} clients failed on reconnect: ${again.firstFailure}`);
        }
      }
      clients.close();
      await waitApiIdle(api.pid);
    }

    // ---- 2. throughput, closed loop, with fan-out -------------------------------------------
    const throughput = [];
    say(
      `throughput: ${POSTERS.join(', ')} posters for ${THROUGHPUT_S} s with ${THROUGHPUT_CLIENTS} clients`,
    );
    const tpConnect = await clients.connect(THROUGHPUT_CLIENTS);
    if (tpConnect.failures)
      say(`  ${tpConnect.failures} clients failed: ${tpConnect.firstFailure}`);
    for (const k of POSTERS) {
      await freshPhase();
      const t = await throughputPhase(ctx, k);
      throughput.push(t);
      clients.phase = null;
      say(
        `  ${k} posters: ${t.findingsPerS} findings/s (${t.ok} in ${t.seconds.toFixed(1)} s), POST p99 ${fmtMs(t.post.p99)}`,
      );
      await waitQuiet(() => clients.lastEventAt, 500, 10_000);
    }
    clients.close();
    await waitApiIdle(api.pid);

    // ---- raw PostgreSQL: the same statements through pgbench ---------------------------------
    const pgbench = [];
    for (const c of PGBENCH_CLIENTS) {
      await freshPhase();
      say(`pgbench: ${c} connections for ${THROUGHPUT_S} s`);
      const r = await pgbenchPhase(ctx, c);
      pgbench.push(r);
      say(Number.isFinite(r.tps) ? `  ${Math.round(r.tps)} tps` : `  pgbench failed: ${r.error}`);
    }
    ctx.poster.close();

    const best = throughput.reduce((a, b) => (b.findingsPerS > a.findingsPerS ? b : a));
    const raw = pgbench
      .filter((p) => Number.isFinite(p.tps))
      .reduce((a, b) => (!a || b.tps > a.tps ? b : a), null) ?? { tps: NaN, connections: null };
    const report = {
      node: process.version,
      cores: CORES,
      postgres: settings,
      settings: {
        clients: CLIENTS,
        rates: RATES,
        durationS: DURATION_S,
        graceS: GRACE_MS / 1000,
        posters: POSTERS,
        throughputS: THROUGHPUT_S,
        throughputClients: THROUGHPUT_CLIENTS,
        pgbenchClients: PGBENCH_CLIENTS,
      },
      connects,
      latency,
      throughput,
      pgbench,
      ceiling: {
        apiFindingsPerS: best.findingsPerS,
        apiPosters: best.posters,
        rawTps: raw.tps,
        rawConnections: raw.connections ?? null,
        ratio: best.findingsPerS / raw.tps,
      },
      memory,
    };
    report.goals = evaluateGoals(report);
    report.runSeconds = Math.round((performance.now() - started) / 1000);
    printReport(report);
    if (opts.json)
      process.stdout.write(
        `${JSON.stringify(report, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`,
      );
  } finally {
    await cleanup.done();
  }
}

// ---------------------------------------------------------------------------------------------
// The report

function evaluateGoals(r) {
  const at = r.latency.find((l) => l.clients === GOALS.p99Clients && l.rate === GOALS.p99Rate);
  const { apiFindingsPerS, rawTps, ratio } = r.ceiling;
  const throughputGoal = Number.isFinite(rawTps)
    ? Math.min(GOALS.findingsPerS, GOALS.ofRaw * rawTps)
    : GOALS.findingsPerS;
  const mem = r.memory.byClients.find((m) => m.clients === GOALS.rssClients);
  return [
    {
      id: 'latency',
      goal: `p99 < ${GOALS.p99Ms} ms at ${GOALS.p99Rate} findings/s with ${GOALS.p99Clients} clients`,
      measured: at ? `${fmtMs(at.pairs.p99)} ms` : 'not measured',
      met: at ? at.pairs.p99 < GOALS.p99Ms : null,
    },
    {
      id: 'throughput',
      goal: `>= ${GOALS.findingsPerS} findings/s, or >= ${GOALS.ofRaw * 100} % of raw PostgreSQL when that is lower (here: ${Math.round(throughputGoal)}/s)`,
      measured: `${apiFindingsPerS}/s = ${Number.isFinite(ratio) ? Math.round(ratio * 100) : '?'} % of raw ${Number.isFinite(rawTps) ? Math.round(rawTps) : '?'}/s`,
      met: apiFindingsPerS >= throughputGoal,
    },
    {
      id: 'memory',
      goal: `API RSS < ${GOALS.rssMb} MB with ${GOALS.rssClients} clients`,
      measured: mem ? `${mem.rssMb} MB` : 'not measured',
      met: mem ? mem.rssMb < GOALS.rssMb : null,
    },
  ];
}

function fmtMs(v) {
  if (v === Infinity) return `>${GRACE_MS / 1000}s`;
  if (!Number.isFinite(v)) return '-';
  return v < 10 ? v.toFixed(1) : String(Math.round(v));
}
const trio = (p) => `${fmtMs(p.p50)} / ${fmtMs(p.p95)} / ${fmtMs(p.p99)}`;
const cpuText = (c) => `${c.apiPct} / ${c.postgresPct} / ${c.generatorPct} / ${c.otherPct}`;
const fixed = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-');

function printReport(r) {
  const w = (line = '') => out.write(`${line}\n`);
  const s = r.settings;
  w(
    `\nlive findings benchmark: node ${r.node}, ${r.cores} cores, PostgreSQL ${r.postgres.server_version} (synchronous_commit ${r.postgres.synchronous_commit}, autovacuum ${r.postgres.autovacuum}: the bench database is vacuumed before each phase), ${r.runSeconds} s in all`,
  );
  w(
    `CPU columns: % of one core used by the API / PostgreSQL (bench database) / the load generator (this script; pgbench in pgbench rows) / anything else on the machine; ${r.cores} cores = ${r.cores * 100} %`,
  );

  w('\n### Connecting\n');
  w(
    '| clients | connect + subscribe | presence settled after | presence messages received | API RSS |',
  );
  w('| ---: | ---: | ---: | ---: | ---: |');
  for (const c of r.connects) {
    w(
      `| ${c.clients}${c.failures ? ` (${c.failures} failed)` : ''} | ${(c.subscribedMs / 1000).toFixed(1)} s | ${(c.settledMs / 1000).toFixed(1)} s${c.presenceSettled ? '' : ' (not settled)'} | ${c.presenceMessages} | ${c.rssMb} MB |`,
    );
  }

  w(
    `\n### Latency: open loop for ${s.durationS} s per row, then up to ${s.graceS} s for the rest; ms from sending the POST\n`,
  );
  w(
    '| clients | findings/s | sent (achieved/s) | HTTP errors | POST answered p50 / p95 / p99 | every (finding, client) p50 / p95 / p99 | last client p50 / p95 / p99 | first client p99 | missing deliveries | generator loop delay p99 / max | API loop lag p99 / max | CPU | API CPU ms per finding |',
  );
  w('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const l of r.latency) {
    w(
      `| ${l.clients} | ${l.rate} | ${l.sent} (${l.achievedRate}) | ${l.httpErrors}${l.unanswered ? ` + ${l.unanswered} unanswered` : ''} | ${trio(l.post)} | ${trio(l.pairs)} | ${trio(l.lastClient)} | ${fmtMs(l.firstClient.p99)} | ${l.missingDeliveries}${l.drained ? '' : ' (backlog)'}${l.disconnects ? ` (${l.disconnects} disconnected)` : ''} | ${fmtMs(l.generatorLoopDelay.p99Ms)} / ${fmtMs(l.generatorLoopDelay.maxMs)} | ${fmtMs(l.apiLoopLag.p99Ms)} / ${fmtMs(l.apiLoopLag.maxMs)} | ${cpuText(l.cpu)} | ${fixed(l.apiCpuMsPerFinding)} |`,
    );
  }
  const busy = [...r.latency, ...r.throughput, ...r.pgbench].filter(
    (x) => x.cpu && x.cpu.otherPct > 25,
  );
  if (busy.length)
    w(
      `\nnote: other processes used more than 25 % of a core during ${busy.length} of the phases above (last CPU figure): those figures are pessimistic.`,
    );
  const errored = r.latency.find((l) => l.firstError);
  if (errored) w(`\nfirst HTTP error: ${errored.firstError}`);

  w(
    `\n### Throughput: closed loop for ${s.throughputS} s, ${s.throughputClients} clients subscribed\n`,
  );
  w(
    '| load | findings/s | latency | errors | CPU | CPU ms per finding | PostgreSQL backends, on average |',
  );
  w('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const t of r.throughput) {
    w(
      `| API, ${t.posters} posters | ${t.findingsPerS} | POST p50 / p99 ${fmtMs(t.post.p50)} / ${fmtMs(t.post.p99)} ms; last client p99 ${fmtMs(t.lastClient.p99)} ms | ${t.httpErrors} HTTP, ${t.missingDeliveries} deliveries missing | ${cpuText(t.cpu)} | ${fixed(t.apiCpuMsPerFinding)} API + ${fixed(t.postgresCpuMsPerFinding)} PostgreSQL | ${waitsText(t.postgresWaits)} |`,
    );
  }
  for (const p of r.pgbench) {
    w(
      `| pgbench, same statements, ${p.connections} connections | ${Number.isFinite(p.tps) ? Math.round(p.tps) : 'failed'} | avg ${fmtMs(p.latencyAvgMs)} ms | ${p.failed}${p.error ? `: ${p.error}` : ''} | ${p.cpu ? cpuText(p.cpu) : '-'} | ${fixed(p.postgresCpuMsPerTx)} PostgreSQL | ${waitsText(p.postgresWaits)} |`,
    );
  }
  const c = r.ceiling;
  w(
    `\nbest API ${c.apiFindingsPerS} findings/s (${c.apiPosters} posters) / best raw ${Number.isFinite(c.rawTps) ? Math.round(c.rawTps) : '-'} tps (${c.rawConnections} connections) = ${Number.isFinite(c.ratio) ? `${Math.round(c.ratio * 100)} %` : '-'}`,
  );
  const tpError = r.throughput.find((t) => t.firstError);
  if (tpError) w(`first HTTP error: ${tpError.firstError}`);

  w('\n### Memory\n');
  w(
    `API RSS: ${r.memory.idleMb} MB idle; ${r.memory.byClients.map((m) => `${m.rssMb} MB with ${m.clients} clients`).join('; ')}`,
  );

  w('\n### Goals\n');
  w('| goal | measured | met |');
  w('| --- | ---: | :---: |');
  for (const g of r.goals)
    w(`| ${g.goal} | ${g.measured} | ${g.met === null ? '-' : g.met ? 'yes' : 'NO'} |`);

  const missed = new Set(r.goals.filter((g) => g.met === false).map((g) => g.id));
  if (missed.size === 0) return;
  w('\nwhere the time goes, for the goals missed:');
  if (missed.has('latency')) {
    const l = r.latency.find((x) => x.clients === GOALS.p99Clients && x.rate === GOALS.p99Rate);
    w(
      `- latency, ${l.clients} clients at ${l.rate}/s: POST answered p99 ${fmtMs(l.post.p99)} ms (the write, queueing included); first client p99 ${fmtMs(l.firstClient.p99)} ms; ` +
        `first-to-last client spread p99 ${fmtMs(l.fanOutSpread.p99)} ms (fan-out); API loop lag p99 ${fmtMs(l.apiLoopLag.p99Ms)} ms; ` +
        `generator loop delay p99 ${fmtMs(l.generatorLoopDelay.p99Ms)} ms, sends late by p99 ${fmtMs(l.scheduleLag.p99)} ms; CPU ${cpuText(l.cpu)}; ` +
        `${fixed(l.apiCpuMsPerFinding)} ms API CPU per finding, so ${l.rate}/s needs ${l.apiCpuDemandPct} % of a core from the API's one thread`,
    );
  }
  if (missed.has('throughput')) {
    const t = r.throughput.find((x) => x.posters === c.apiPosters);
    const p = r.pgbench.find((x) => x.connections === c.rawConnections);
    w(
      `- throughput: the API spends ${fixed(t.apiCpuMsPerFinding)} ms of its own CPU per finding (at most ${Math.round(1000 / t.apiCpuMsPerFinding)}/s on one core) and PostgreSQL ${fixed(t.postgresCpuMsPerFinding)} ms (pgbench: ${p ? fixed(p.postgresCpuMsPerTx) : '-'} ms); ` +
        `POST p50 ${fmtMs(t.post.p50)} ms with ${t.posters} in flight vs pgbench ${p ? fmtMs(p.latencyAvgMs) : '-'} ms with ${c.rawConnections}; CPU ${cpuText(t.cpu)}; API loop lag p99 ${fmtMs(t.apiLoopLag.p99Ms)} ms; ` +
        `PostgreSQL backends: ${waitsText(t.postgresWaits)}`,
    );
    const spread = r.pgbench.filter((x) => Number.isFinite(x.tps));
    if (spread.length > 1)
      w(
        `- raw PostgreSQL by connections: ${spread.map((x) => `${x.connections}: ${Math.round(x.tps)} tps`).join(', ')}`,
      );
  }
  if (missed.has('memory')) {
    const m = r.memory.byClients.find((x) => x.clients === GOALS.rssClients);
    w(
      `- memory: ${m.rssMb - r.memory.idleMb} MB over idle for ${m.clients} clients, ${Math.round(((m.rssMb - r.memory.idleMb) * 1024) / m.clients)} kB per client`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
