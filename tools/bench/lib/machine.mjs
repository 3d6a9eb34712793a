// @ts-check
// The machine under a benchmark: CPU per process from /proc, what PostgreSQL's backends are doing,
// the API's event-loop lag and memory. The load generator shares the cores with the API and
// PostgreSQL, so a slow figure must be told apart from the generator starving the API (or
// something else starving both).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { benchMetricsToken } from './api-server.mjs';
import { connectPg } from './pg.mjs';
import { sleep } from './stats.mjs';

export const CORES = availableParallelism();
export const CLK_TCK =
  Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU ticks (user + system) a process used so far; 0 once it is gone.
 * @param {number | string} pid
 */
export function procTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch {
    return 0; // the process is gone
  }
}

/**
 * CPU ticks of each process of the API, by pid: `pid` itself and, when it is the primary of
 * WORKERS > 1, its workers (its descendants running the same program; an embedded PostgreSQL it
 * started is PostgreSQL's, counted by postgresTicks). One pass over /proc.
 * @param {number | string} pid
 * @returns {Map<number, number>}
 */
export function apiTicks(pid) {
  return new Map([...apiStat(pid)].map(([at, t]) => [at, t.ticks]));
}

/**
 * Per process of the API (see apiTicks): its CPU ticks, and how many of them were in the
 * kernel (system time: on loopback, a socket write also runs the receiving side's TCP path).
 * @param {number | string} pid
 * @returns {Map<number, { ticks: number, system: number }>}
 */
function apiStat(pid) {
  /** @type {Map<number, { ppid: number, comm: string, ticks: number, system: number }>} */
  const all = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' ');
      all.set(Number(entry), {
        ppid: Number(f[1]),
        comm: stat.slice(stat.indexOf('(') + 1, close),
        ticks: Number(f[11]) + Number(f[12]),
        system: Number(f[12]),
      });
    } catch {
      // raced with the process exiting
    }
  }
  /** @type {Map<number, { ticks: number, system: number }>} */
  const ticks = new Map();
  const root = all.get(Number(pid));
  if (!root) return ticks;
  for (const queue = [Number(pid)]; queue.length;) {
    const at = /** @type {number} */ (queue.pop());
    const p = /** @type {{ ticks: number, system: number }} */ (all.get(at));
    ticks.set(at, { ticks: p.ticks, system: p.system });
    for (const [child, p] of all) if (p.ppid === at && p.comm === root.comm) queue.push(child);
  }
  return ticks;
}

/**
 * The pids of the API's processes (see apiTicks).
 * @param {number | string} pid
 */
export const apiPids = (pid) => [...apiTicks(pid).keys()];

/**
 * Ticks of the PostgreSQL processes that work for this benchmark, by pid: the server's own
 * processes (WAL writer, checkpointer, ...) and the backends connected to the bench database,
 * not those of other databases on the same server (a test suite running meanwhile).
 * @param {string} dbName
 * @returns {Map<string, number>}
 */
export function postgresTicks(dbName) {
  /** @type {Map<string, number>} */
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

/** Busy and total ticks of the whole machine, from /proc/stat. */
export function machineTicks() {
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
 * CPU used over a phase, in % of one core.
 * @typedef {object} CpuUsage
 * @property {number} apiPct
 * @property {number} apiSystemPct  the part of apiPct spent in the kernel
 * @property {number} postgresPct  the bench database's backends and the server's own processes
 * @property {number} generatorPct  this process, or the generator given (pgbench)
 * @property {number} otherPct  the rest of the machine
 * @property {number} machinePct
 * @property {number} seconds
 */

/**
 * CPU used from now until stop(), in % of one core (the machine has CORES x 100 %): the API (all
 * its processes, with WORKERS > 1), PostgreSQL, the load generator (this process, or pgbench) and
 * everything else. Backends come and go (pgbench opens its own), and so may a worker, so they are
 * sampled every 250 ms and the last sample of a process counts after it exited.
 * @param {number} apiPid
 * @param {string} dbName
 * @param {number | null} [generatorPid]
 * @returns {{ stop(): CpuUsage }}
 */
export function cpuMeter(apiPid, dbName, generatorPid = null) {
  const at = performance.now();
  const apiFirst = apiStat(apiPid);
  const apiLast = new Map(apiFirst);
  const own = process.cpuUsage();
  const machine = machineTicks();
  const pgFirst = postgresTicks(dbName);
  const pgLast = new Map(pgFirst);
  let generator = 0;
  const sample = () => {
    for (const [pid, t] of apiStat(apiPid)) apiLast.set(pid, t);
    for (const [pid, t] of postgresTicks(dbName)) pgLast.set(pid, t);
    if (generatorPid) generator = Math.max(generator, procTicks(generatorPid));
  };
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - at) / 1000;
      const pct = (/** @type {number} */ ticks) => Math.round((100 * ticks) / CLK_TCK / seconds);
      let pgTicks = 0;
      for (const [pid, t] of pgLast) pgTicks += t - (pgFirst.get(pid) ?? 0);
      let ticksOfApi = 0;
      let systemOfApi = 0;
      for (const [pid, t] of apiLast) {
        ticksOfApi += t.ticks - (apiFirst.get(pid)?.ticks ?? 0);
        systemOfApi += t.system - (apiFirst.get(pid)?.system ?? 0);
      }
      const used = process.cpuUsage(own);
      const m = machineTicks();
      const apiPct = pct(ticksOfApi);
      const postgresPct = pct(pgTicks);
      const generatorPct = generatorPid
        ? pct(generator)
        : Math.round((100 * (used.user + used.system)) / 1e6 / seconds);
      const machinePct = Math.round(
        (CORES * 100 * (m.busy - machine.busy)) / Math.max(1, m.total - machine.total),
      );
      return {
        apiPct,
        apiSystemPct: pct(systemOfApi),
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
 * @param {string} url
 * @returns {Promise<{ stop(): Promise<BackendWait[]> }>}
 */
export async function waitSampler(url) {
  // Dropping the bench database ends this connection when a phase failed before stop().
  const client = await connectPg(url, { ignoreErrors: true });
  /** @type {Map<string, number>} */
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
/** @typedef {{ what: string, backends: number }} BackendWait */

/**
 * "INSERT INTO tally_counters", "SELECT FROM targets": enough to tell the statements of a finding apart.
 * @param {string} sql
 */
export function statementLabel(sql) {
  const text = sql.replace(/\s+/g, ' ').replace(/;\s*$/, '').trim();
  if (/^SELECT/i.test(text)) return `SELECT FROM ${/ FROM "?(\w+)/i.exec(text)?.[1] ?? '?'}`;
  return text.split(' ').slice(0, 3).join(' ');
}
/** @param {BackendWait[] | null | undefined} waits */
export const waitsText = (waits) =>
  waits?.length ? waits.map((w) => `${w.backends.toFixed(1)} ${w.what}`).join('; ') : '-';

/**
 * CPU milliseconds per item of a phase, from a % of one core over the phase.
 * @param {number} pct
 * @param {number} seconds
 * @param {number} items
 */
export const cpuMsPer = (pct, seconds, items) => (items > 0 ? (pct * 10 * seconds) / items : NaN);

/**
 * The API's resident memory in MB: of all its processes, with WORKERS > 1 (see apiTicks).
 * @param {number} pid
 */
export function rssMb(pid) {
  let kb = 0;
  for (const each of apiPids(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${each}/status`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {
      // raced with the process exiting
    }
  }
  return kb > 0 ? Math.round(kb / 1024) : NaN;
}

/**
 * Reading the API's /metrics also resets prom-client's event-loop histogram: read once to open a
 * window. /metrics needs the METRICS_TOKEN the benchmarks start the API with (api-server.mjs).
 * @param {string} base  the API's address
 * @param {string} [token]
 * @returns {Promise<LoopLag>}
 */
export async function apiLoopLag(base, token = benchMetricsToken) {
  try {
    const text = await (
      await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    const metric = (/** @type {string} */ name) =>
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

/**
 * Waits (at most 20 s) until the API (all its processes) uses under 5 % of a core, so that no
 * phase inherits another's work.
 * @param {number} pid
 */
export async function waitApiIdle(pid) {
  const deadline = performance.now() + 20_000;
  const total = () => [...apiTicks(pid).values()].reduce((a, b) => a + b, 0);
  let prev = total();
  while (performance.now() < deadline) {
    await sleep(250);
    const now = total();
    if (((now - prev) / CLK_TCK) * 4 < 0.05) return true;
    prev = now;
  }
  return false;
}

/** @typedef {{ p99Ms: number, maxMs: number }} LoopLag */

/**
 * This process's own event-loop delay: when it is high, sends leave late and receipts are stamped late.
 * @returns {{ reset(): void, lag(): LoopLag }}
 */
export function loopDelayMonitor() {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return {
    reset: () => h.reset(),
    lag: () => ({ p99Ms: h.percentile(99) / 1e6, maxMs: h.max / 1e6 }),
  };
}
