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
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io } from 'socket.io-client';
import { benchAdmin, createBenchDatabase, jsonCaller, root, startApi } from './lib/api-server.mjs';

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
const TEAMS = ['NL', 'DE', 'BE', 'FR', 'ES', 'IT', 'PL', 'RO', 'BG', 'SE'];
// Clients connect this many at a time: a thundering herd of handshakes would measure the herd.
const CONNECT_BATCH = 50;
// Stops the whole run however it is stuck; the phases have their own, tighter bounds.
const HARD_LIMIT_MS = 20 * 60_000;
const CORES = availableParallelism();
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

const out = opts.json ? process.stderr : process.stdout;
const say = (line) => process.stderr.write(`[live] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The machine: CPU per process from /proc, so that a slow figure can be told apart from the
// generator starving the API (or something else starving both) on shared cores.

function procTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch {
    return 0; // the process is gone
  }
}

/**
 * Ticks of the PostgreSQL processes that work for this benchmark, by pid: the server's own
 * processes (WAL writer, checkpointer, ...) and the backends connected to the bench database,
 * not those of other databases on the same server (a test suite running meanwhile).
 */
function postgresTicks(dbName) {
  const ticks = new Map();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const backend = /\(\d+\)|\[local\]/.test(title);
      if (!backend || title.includes(` ${dbName} `)) ticks.set(pid, procTicks(pid));
    } catch {
      // raced with the process exiting
    }
  }
  return ticks;
}

function machineTicks() {
  const v = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - v[3] - v[4], total };
}

/**
 * CPU used from now until stop(), in % of one core (the machine has CORES x 100 %): the API,
 * PostgreSQL, the load generator (this process, or pgbench) and everything else. Backends come
 * and go (pgbench opens its own), so they are sampled every 250 ms and the last sample of a
 * backend counts after it exited.
 */
function cpuMeter(apiPid, dbName, generatorPid = null) {
  const at = performance.now();
  const api = procTicks(apiPid);
  const own = process.cpuUsage();
  const machine = machineTicks();
  const pgFirst = postgresTicks(dbName);
  const pgLast = new Map(pgFirst);
  let generator = 0;
  const sample = () => {
    for (const [pid, t] of postgresTicks(dbName)) pgLast.set(pid, t);
    if (generatorPid) generator = Math.max(generator, procTicks(generatorPid));
  };
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - at) / 1000;
      const pct = (ticks) => Math.round((100 * ticks) / CLK_TCK / seconds);
      let pgTicks = 0;
      for (const [pid, t] of pgLast) pgTicks += t - (pgFirst.get(pid) ?? 0);
      const used = process.cpuUsage(own);
      const m = machineTicks();
      const apiPct = pct(procTicks(apiPid) - api);
      const postgresPct = pct(pgTicks);
      const generatorPct = generatorPid
        ? pct(generator)
        : Math.round((100 * (used.user + used.system)) / 1e6 / seconds);
      const machinePct = Math.round(
        (CORES * 100 * (m.busy - machine.busy)) / Math.max(1, m.total - machine.total),
      );
      return {
        apiPct,
        postgresPct,
        generatorPct,
        otherPct: Math.max(0, machinePct - apiPct - postgresPct - generatorPct),
        machinePct,
        seconds,
      };
    },
  };
}

/**
 * What the bench database's backends are doing, sampled every 200 ms from pg_stat_activity:
 * running, waiting for a lock (and in which statement), or idle in a transaction while the
 * client (the API) prepares its next statement. stop() gives the average number of backends
 * in each state, the largest first.
 */
async function waitSampler(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map();
  let samples = 0;
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    try {
      const { rows } = await client.query(
        `SELECT state, wait_event_type, wait_event, query FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            AND state IN ('active', 'idle in transaction')`,
      );
      samples++;
      for (const r of rows) {
        const statement = statementLabel(r.query);
        const key =
          r.state === 'active'
            ? `${r.wait_event_type ? `${r.wait_event_type}:${r.wait_event}` : 'running'} in ${statement}`
            : 'idle in transaction (waiting for the client)';
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void sample().catch(() => undefined), 200);
  return {
    async stop() {
      clearInterval(timer);
      while (busy) await sleep(10);
      await client.end();
      return [...counts]
        .map(([what, n]) => ({ what, backends: n / Math.max(1, samples) }))
        .sort((a, b) => b.backends - a.backends)
        .slice(0, 4);
    },
  };
}
/** "INSERT INTO tally_counters", "SELECT FROM targets": enough to tell the statements of a finding apart. */
function statementLabel(sql) {
  const text = sql.replace(/\s+/g, ' ').replace(/;\s*$/, '').trim();
  if (/^SELECT/i.test(text)) return `SELECT FROM ${/ FROM "?(\w+)/i.exec(text)?.[1] ?? '?'}`;
  return text.split(' ').slice(0, 3).join(' ');
}
const waitsText = (waits) =>
  waits?.length ? waits.map((w) => `${w.backends.toFixed(1)} ${w.what}`).join('; ') : '-';

/** CPU milliseconds per item of a phase, from a % of one core over the phase. */
const cpuMsPer = (pct, seconds, items) => (items > 0 ? (pct * 10 * seconds) / items : NaN);

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Reading the API's /metrics also resets prom-client's event-loop histogram: read once to open a window. */
async function apiLoopLag(base) {
  try {
    const text = await (await fetch(`${base}/metrics`)).text();
    const metric = (name) =>
      Number(
        new RegExp(`^actionday_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(
          text,
        )?.[1] ?? NaN,
      ) * 1000;
    return { p99Ms: metric('p99'), maxMs: metric('max') };
  } catch {
    return { p99Ms: NaN, maxMs: NaN };
  }
}

/** The generator's own event-loop delay: when it is high, sends leave late and receipts are stamped late. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const generatorLag = () => ({ p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 });

/** Waits (at most 20 s) until the API uses under 5 % of a core, so that no phase inherits another's work. */
async function waitApiIdle(pid) {
  const deadline = performance.now() + 20_000;
  let prev = procTicks(pid);
  while (performance.now() < deadline) {
    await sleep(250);
    const now = procTicks(pid);
    if (((now - prev) / CLK_TCK) * 4 < 0.05) return true;
    prev = now;
  }
  return false;
}

/** Resolves true once `counter()` has not changed for `quietMs`, false if that takes longer than `maxMs`. */
async function waitQuiet(counter, quietMs, maxMs) {
  const deadline = performance.now() + maxMs;
  let last = counter();
  let since = performance.now();
  while (performance.now() < deadline) {
    await sleep(50);
    const now = counter();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Statistics. A delivery that never came is not left out of the percentiles: it counts as
// infinitely late, so a p99 is never better than what 99 % of the pairs actually saw.

function percentiles(sorted, total = sorted.length) {
  const at = (q) => {
    if (total === 0) return NaN;
    const i = Math.max(0, Math.ceil(q * total) - 1);
    return i < sorted.length ? sorted[i] : Infinity;
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
const sortedOf = (values) => Float64Array.from(values).sort();

// ---------------------------------------------------------------------------------------------
// The load

/** POSTs over keep-alive connections (node:http costs the generator less than fetch); never throws. */
function httpPoster(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const post = (path, body, token) =>
    new Promise((resolve) => {
      const payload = Buffer.from(JSON.stringify(body));
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': payload.length,
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => res.statusCode >= 400 && chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode,
              error: res.statusCode >= 400 ? Buffer.concat(chunks).toString().slice(0, 200) : null,
            }),
          );
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('no response within 30 s')));
      req.on('error', (e) => resolve({ status: 0, error: e.message }));
      req.end(payload);
    });
  return { post, close: () => agent.destroy() };
}

/** An operation going live with one team, one officer and one target per country. */
async function setUp(call) {
  const { accessToken: admin } = await call('POST', '/auth/login', benchAdmin);
  const now = Date.now();
  const op = await call(
    'POST',
    '/operations',
    {
      name: 'live findings bench',
      kind: 'joint_action_day',
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
      timezone: 'UTC',
      countries: TEAMS,
    },
    admin,
  );
  const officers = [];
  for (const [i, country] of TEAMS.entries()) {
    const team = await call(
      'POST',
      `/operations/${op.id}/teams`,
      { name: `Team ${country}`, country },
      admin,
    );
    const email = `bench-officer-${i}@bench.example`;
    const password = `bench-officer-password-${i}`;
    await call(
      'POST',
      '/users',
      { email, displayName: `Officer ${country}`, password, country },
      admin,
    );
    await call(
      'POST',
      `/operations/${op.id}/members`,
      { email, role: 'officer', teamId: team.id },
      admin,
    );
    // Tagged, so that a finding moves as many tally counters as a real one does (8).
    const target = await call(
      'POST',
      `/operations/${op.id}/targets`,
      {
        kind: 'platform',
        value: `bench-site-${i}.example`,
        country,
        tags: ['bench', 'ukraine-related'],
      },
      admin,
    );
    await call(
      'POST',
      `/operations/${op.id}/assignments`,
      { teamId: team.id, targetIds: [target.id] },
      admin,
    );
    officers.push({ email, password, teamId: team.id, targetId: target.id });
  }
  await call('POST', `/operations/${op.id}/transitions`, { to: 'live' }, admin);
  // Once per account: logins hash with argon2 and are throttled per e-mail address, so the
  // sockets and posters of each team share its officer's token.
  for (const o of officers) {
    const res = await call('POST', '/auth/login', { email: o.email, password: o.password });
    o.token = res.accessToken;
    o.userId = res.user.id;
  }
  return { operationId: op.id, officers };
}

/** A suspect, so that every member receives the same full payload (no victim details to withhold). */
function findingBody(rec) {
  return {
    clientId: rec.clientId,
    type: 'suspect',
    targetId: rec.officer.targetId,
    alias: `bench suspect ${rec.n}`,
    nationality: 'RO',
    role: 'recruiter',
    // Unique per finding: no correlation matches, the common case on an action day.
    identifiers: [{ kind: 'phone', value: `+31 6 ${10_000_000 + (rec.n % 89_999_999)}` }],
    indicators: ['third_party_control', 'multi_country_ads'],
    notes:
      'Advert reposted daily from the same number; same photos as in two other countries. Benchmark finding.',
  };
}

/**
 * The subscribed clients. One event handler for all of them hands each receipt to the phase
 * that is collecting, stamped with performance.now() of this process, the clock the send was
 * stamped with.
 */
class Clients {
  sockets = [];
  phase = null;
  lastEventAt = 0;
  presenceMessages = 0;
  disconnects = 0;

  constructor(base, operationId, tokens) {
    this.base = base;
    this.operationId = operationId;
    this.tokens = tokens;
    this.onEvent = (e) => {
      const now = performance.now();
      this.lastEventAt = now;
      if (e.type === 'finding.created') this.phase?.receive(e.data.finding.clientId, now);
    };
  }

  connectOne(token) {
    return new Promise((resolve, reject) => {
      const socket = io(`${this.base}/live`, {
        auth: { token },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      const fail = (e) => {
        clearTimeout(timer);
        socket.close();
        reject(e);
      };
      const timer = setTimeout(() => fail(new Error('no subscribe ack within 30 s')), 30_000);
      socket.once('connect_error', fail);
      socket.once('connect', () =>
        socket.emit('subscribe', { operationId: this.operationId }, (ack) => {
          if (!ack?.ok) return fail(new Error(`subscribe refused: ${ack?.error}`));
          clearTimeout(timer);
          socket.on('disconnect', () => this.disconnects++);
          resolve(socket);
        }),
      );
      socket.on('event', this.onEvent);
      socket.on('presence', () => this.presenceMessages++);
    });
  }

  /** Connects and subscribes n clients, in batches, then waits for the presence broadcasts to stop. */
  async connect(n) {
    this.presenceMessages = 0;
    const t0 = performance.now();
    const failures = [];
    for (let i = 0; i < n; i += CONNECT_BATCH) {
      const batch = [];
      for (let j = i; j < Math.min(n, i + CONNECT_BATCH); j++)
        batch.push(this.connectOne(this.tokens[j % this.tokens.length]));
      for (const r of await Promise.allSettled(batch)) {
        if (r.status === 'fulfilled') this.sockets.push(r.value);
        else failures.push(r.reason.message);
      }
    }
    const subscribedMs = performance.now() - t0;
    // Subscribing makes the API broadcast presence: the last ack is not the end of its work.
    const presenceSettled = await waitQuiet(() => this.presenceMessages, 500, 60_000);
    return {
      clients: this.sockets.length,
      failures: failures.length,
      firstFailure: failures[0] ?? null,
      subscribedMs,
      settledMs: performance.now() - t0,
      presenceMessages: this.presenceMessages,
      presenceSettled,
    };
  }

  close() {
    for (const s of this.sockets) s.close();
    this.sockets = [];
  }
}

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
      .post(`/api/v1/operations/${setup.operationId}/findings`, findingBody(rec), rec.officer.token)
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

/** VACUUM (ANALYZE) of the bench database; see the note on autovacuum in main(). */
async function vacuum(url) {
  const client = new pg.Client({ connectionString: url, statement_timeout: 60_000 });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}

async function serverSettings(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'autovacuum', 'synchronous_commit', 'fsync', 'shared_buffers', 'max_connections')`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
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
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    clients?.close();
    await api?.stop().catch(() => undefined);
    await db.drop().catch((e) => say(`could not drop ${db.name}: ${e.message}`));
  };
  const hard = setTimeout(() => {
    say(`hard limit of ${HARD_LIMIT_MS / 60_000} min reached; stopping`);
    void cleanup().finally(() => process.exit(2));
  }, HARD_LIMIT_MS);
  hard.unref();
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    say(`database ${db.name}; starting the API`);
    const profile = opts['api-cpu-prof']
      ? ['--cpu-prof', `--cpu-prof-dir=${opts['api-cpu-prof']}`]
      : [];
    // Tokens outlive the whole run: the run must not measure re-authentication.
    api = await startApi(db.url, { ACCESS_TOKEN_TTL: '3600' }, profile);
    const setup = await setUp(jsonCaller(`${api.base}/api/v1`));
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
    clearTimeout(hard);
    await cleanup();
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
