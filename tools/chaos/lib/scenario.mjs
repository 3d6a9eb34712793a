// @ts-check
// What every fault script shares: its arguments, a live operation with officers posting and
// members watching, the checks afterwards, and the report (a table, or JSON with --json; exit 1
// when a check failed). Each script stops by itself: a hard time limit ends it, cleaned up.
import { ensureApiBuilt, guardedCleanup, jsonCaller } from '../../bench/lib/api-server.mjs';
import { parseOptions, usageError } from '../../bench/lib/args.mjs';
import { setUpLiveOperation } from '../../bench/lib/operation.mjs';
import { withPg } from '../../bench/lib/pg.mjs';
import { logger, markdownTable, yes } from '../../bench/lib/report.mjs';
import { converged, Listener } from './listeners.mjs';
import { checkDay, checkListeners } from './verify.mjs';

/** @typedef {import('./verify.mjs').Check} Check */

/**
 * What a fault script reports (apps/api/test/support/chaos.ts reads it from --json).
 * @typedef {object} ScenarioReport
 * @property {string} scenario
 * @property {boolean} ok
 * @property {string} [error]
 * @property {Check[]} checks
 * @property {Record<string, unknown>} [figures]
 */

/**
 * --findings, --concurrency, --json, --help, and the script's own `extra` options (strings).
 * @template {string} [K=never]
 * @param {string} usage
 * @param {{ findings?: number, concurrency?: number }} defaults
 * @param {Record<K, number>} [extra]  option name -> default
 * @returns {{ findings: number, concurrency: number, json: boolean } & Record<K, string>}
 */
export function scenarioArgs(usage, defaults, extra = /** @type {Record<K, number>} */ ({})) {
  const { values } = parseOptions(usage, {
    findings: { type: 'string', default: String(defaults.findings ?? 1000) },
    concurrency: { type: 'string', default: String(defaults.concurrency ?? 8) },
    json: { type: 'boolean', default: false },
    ...Object.fromEntries(
      Object.entries(extra).map(([k, d]) => [
        k,
        { type: /** @type {const} */ ('string'), default: String(d) },
      ]),
    ),
  });
  const findings = Number(values.findings);
  const concurrency = Number(values.concurrency);
  if (
    !Number.isInteger(findings) ||
    findings < 10 ||
    findings > 100_000 ||
    !Number.isInteger(concurrency) ||
    concurrency < 1 ||
    concurrency > 64
  )
    usageError(usage);
  return /** @type {{ findings: number, concurrency: number, json: boolean } & Record<K, string>} */ ({
    ...values,
    findings,
    concurrency,
    json: values.json,
  });
}

/**
 * The scenario's log lines: to stderr, so that --json keeps stdout for the report.
 * @param {string} name
 */
export const say = (name) => logger(name);

/**
 * Runs `body(ctx)` with cleanup guaranteed (signals, the hard limit, failures): `ctx.cleanup(fn)`
 * registers what to undo, last registered first. Prints the report and exits (1 when a check failed).
 * @param {string} name
 * @param {{ hardLimitMs: number, json: boolean }} options
 * @param {(ctx: { log: (line: string) => void, cleanup: (fn: () => Promise<unknown>) => void }) => Promise<ScenarioReport>} body
 * @returns {Promise<never>}
 */
export async function runScenario(name, { hardLimitMs, json }, body) {
  const log = say(name);
  /** @type {(() => Promise<unknown>)[]} */
  const undo = [];
  const cleanup = guardedCleanup(
    async () => {
      for (const fn of undo.reverse()) await fn().catch((e) => log(`cleanup: ${e.message}`));
    },
    { hardLimitMs, say: log },
  );
  /** @type {ScenarioReport} */
  let report;
  try {
    ensureApiBuilt('auto', log);
    report = await body({ log, cleanup: (fn) => undo.push(fn) });
  } catch (e) {
    report = {
      scenario: name,
      ok: false,
      error: e instanceof Error ? e.message : String(e),
      checks: [],
    };
  } finally {
    await cleanup.done();
  }
  print(report, json);
  process.exit(report.ok ? 0 : 1);
}

/**
 * @param {ScenarioReport} report
 * @param {boolean} json
 */
function print(report, json) {
  if (json) {
    console.log(JSON.stringify(report));
    return;
  }
  console.log(
    `\n${report.scenario}: ${report.ok ? 'all checks hold' : 'FAILED'}${report.error ? ` (${report.error})` : ''}\n`,
  );
  if (report.figures)
    for (const [k, v] of Object.entries(report.figures))
      console.log(`- ${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  if (report.checks.length) {
    const lines = markdownTable(
      ['check', 'holds', 'detail'],
      report.checks.map((c) => [c.name, yes(c.ok), c.detail]),
    );
    console.log(`\n${lines.join('\n')}`);
  }
}

/**
 * A live operation of `countries.length` teams on the API at `base()`, and listeners on it: the
 * organizer and one officer per team, spread over `listenerBases`.
 * @param {() => string} base
 * @param {{ countries?: string[], accountPrefix?: string, listenerBases?: (() => string)[] }} [options]
 */
export async function liveDay(
  base,
  {
    countries = ['NL', 'DE', 'RO', 'UA'],
    accountPrefix = 'chaos-officer',
    listenerBases = [base],
  } = {},
) {
  const call = jsonCaller(`${base()}/api/v1`);
  const setup = await setUpLiveOperation(call, {
    name: 'chaos day',
    countries,
    accountPrefix,
    targetPrefix: `${accountPrefix}-site`,
  });
  // The organizer's full view and each team's view, spread over the API instances given.
  const tokens = [
    { name: 'organizer', token: setup.adminToken },
    ...setup.officers.map((o) => ({ name: `officer ${o.country}`, token: o.token })),
  ];
  const where = (/** @type {number} */ i) =>
    listenerBases.length > 1 ? ` on instance ${(i % listenerBases.length) + 1}` : '';
  const listeners = tokens.map(
    (t, i) =>
      new Listener({
        base: listenerBases[i % listenerBases.length],
        operationId: setup.operationId,
        token: t.token,
        name: `${t.name}${where(i)}`,
      }),
  );
  await Promise.all(listeners.map((l) => l.start()));
  return { setup, listeners };
}

/**
 * The checks after the fault: the database's side, every listener's, and what the posters saw.
 * @param {object} options
 * @param {string} options.ownerUrl  the database as its owner
 * @param {string} options.operationId
 * @param {import('./posters.mjs').Posted} options.posted
 * @param {Listener[]} options.listeners
 * @param {number} [options.convergeMs]
 * @returns {Promise<{ checks: Check[], figures: Record<string, unknown> }>}
 */
export async function afterTheFault({
  ownerUrl,
  operationId,
  posted,
  listeners,
  convergeMs = 30_000,
}) {
  const lastSeq = await withPg(ownerUrl, async (db) =>
    Number(
      (await db.query('SELECT last_seq FROM operations WHERE id = $1', [operationId])).rows[0]
        .last_seq,
    ),
  );
  /** @type {string | null} */
  let convergence = null;
  try {
    await converged(listeners, lastSeq, convergeMs);
  } catch (e) {
    convergence = e instanceof Error ? e.message : String(e);
  }
  const day = await checkDay(ownerUrl, operationId, posted.findings);
  const server5xx = Object.entries(posted.byStatus).filter(
    ([s]) => Number(s) >= 500 && Number(s) !== 503,
  );
  const checks = [
    ...day.checks,
    ...checkListeners(listeners, lastSeq),
    {
      name: 'no answer but 200, 201 and the retryable ones',
      ok: posted.unexpected.length === 0,
      detail: posted.unexpected.length ? JSON.stringify(posted.unexpected.slice(0, 3)) : 'none',
    },
    {
      name: 'no 500 (or other 5xx than 503)',
      ok: server5xx.length === 0,
      detail: server5xx.length ? JSON.stringify(Object.fromEntries(server5xx)) : 'none',
    },
    {
      name: 'every 503 said Retry-After',
      ok: posted.without503RetryAfter === 0,
      detail: `${posted.byStatus[503] ?? 0} answers 503, ${posted.without503RetryAfter} without Retry-After`,
    },
  ];
  if (convergence)
    checks.push({ name: 'listeners converged in time', ok: false, detail: convergence });
  for (const l of listeners) l.stop();
  return { checks, figures: { ...day.figures, answers: posted.byStatus } };
}
