// @ts-check
// Benchmark: the end of an action day, with 1,000,000 findings in one operation.
//
//   node tools/bench/end-of-day.mjs [--findings 1000000] [--reads 300] [--recounts 10] [--json]
//
// One run, against the built API (rebuilt first when older than its sources, see --build) on a
// fresh database of the local PostgreSQL server (BENCH_DATABASE_URL, see lib/api-server.mjs):
//   1. setup: an operation with ten teams goes live through the REST API; then the bulk of the
//      day (--findings findings, --targets targets) is loaded with a few INSERT ... SELECT
//      generate_series statements, NOT through the API, and the operation's tally counters are set
//      from tally_counters_from_rows(op), the recount of the raw rows (apps/api/test/
//      tallies.int-spec.ts proves that the API's incremental counters equal that recount);
//   2. tallies read: GET /operations/:id/tallies as an officer, sequentially, against the same
//      figures recounted from the raw rows with GROUP BY (tally_counters_from_rows) in the same run,
//      and that recount folded by libs/tallies as the API folds its counters;
//   3. ingestion with the audit chain on: closed-loop posters logging findings, in rounds that
//      alternate between an empty live operation of the same database and that operation, each
//      write appending hash-chained audit entries; the audit chain must advance by exactly the
//      number of findings accepted;
//   4. close: the transition to closed, which takes the frozen snapshot inside the request, and
//      the frozen tallies read back.
// The database is dropped at the end, also on failure. The load generator, the API and
// PostgreSQL share this machine's cores: the CPU each used is reported next to the throughput.
//
// Markdown tables go to stdout; with --json they go to stderr and one JSON document to stdout.
// All load goes to 127.0.0.1 and every phase has a time bound. Nothing here is a test.
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  cpuProfileArgs,
  createBenchDatabase,
  ensureApiBuilt,
  guardedCleanup,
  jsonCaller,
  serverSettings,
  startApi,
  vacuum,
} from './lib/api-server.mjs';
import { integerAtLeast, parseOptions, usageError } from './lib/args.mjs';
import { httpPoster, ok2xx } from './lib/http-load.mjs';
import { Clients } from './lib/live-clients.mjs';
import {
  apiLoopLag,
  CORES,
  cpuMeter,
  cpuMsPer,
  loopDelayMonitor,
  waitApiIdle,
  waitSampler,
  waitsText,
} from './lib/machine.mjs';
import { refreshTokens, setUpLiveOperation, suspectFindingBody } from './lib/operation.mjs';
import { connectPg } from './lib/pg.mjs';
import {
  cpuText,
  fmt,
  goalsTable,
  jsonDocument,
  logger,
  markdownTable,
  reportOutput,
  yes,
} from './lib/report.mjs';
import { distribution, waitQuiet, within } from './lib/stats.mjs';
import { importWorkspaceLib } from './lib/workspace-lib.mjs';

/** @typedef {import('pg').Client} PgClient */
/** @typedef {import('./lib/operation.mjs').LiveSetup} LiveSetup */
/** @typedef {import('./lib/stats.mjs').Distribution} Distribution */

const USAGE = `node tools/bench/end-of-day.mjs [options]
  --findings 1000000      findings loaded by SQL into the operation (plus the ones POSTed)
  --targets 20000         targets loaded by SQL into the operation
  --hours 14              the loaded findings' created_at spread over the last N hours
  --reads 300             sequential GET /tallies measured (after --warmups)
  --warmups 5             GET /tallies not measured, first
  --recounts 10           tally_counters_from_rows(op) runs measured (after one warm-up)
  --posters 8             concurrent posters of the ingestion phases (closed loop)
  --ingest-seconds 10     length of each ingestion phase
  --ingest-clients 100    socket.io clients subscribed during ingestion (as in live.mjs's
                          throughput phase, which the reference figure comes from); 0: none
  --ingest-rounds 2       ingestion phases per operation, alternating between them
  --ingest-warmup 5       seconds of ingestion not measured first (the API's connection pool,
                          PostgreSQL's backends and V8 warm up); 0: none
  --skip-baseline         no ingestion into an empty live operation
  --build auto            auto: rebuild the API when dist/apps/api/main.js is older than its
                          sources; always; never (use the bundle as it is)
  --json                  JSON document on stdout (tables on stderr)
  --api-cpu-prof DIR      write a V8 CPU profile of the API to DIR`;

const { values: opts } = parseOptions(USAGE, {
  findings: { type: 'string', default: '1000000' },
  targets: { type: 'string', default: '20000' },
  hours: { type: 'string', default: '14' },
  reads: { type: 'string', default: '300' },
  warmups: { type: 'string', default: '5' },
  recounts: { type: 'string', default: '10' },
  posters: { type: 'string', default: '8' },
  'ingest-seconds': { type: 'string', default: '10' },
  'ingest-clients': { type: 'string', default: '100' },
  'ingest-rounds': { type: 'string', default: '2' },
  'ingest-warmup': { type: 'string', default: '5' },
  'skip-baseline': { type: 'boolean', default: false },
  build: { type: 'string', default: 'auto' },
  json: { type: 'boolean', default: false },
  'api-cpu-prof': { type: 'string' },
});
/**
 * The integer an option stands for, at least `min`; anything else is a usage error.
 * @param {string} text
 * @param {number} min
 */
const int = (text, min) => integerAtLeast(text, min) ?? usageError(USAGE);
const FINDINGS = int(opts.findings, 1);
const TARGETS = int(opts.targets, 100);
const HOURS = int(opts.hours, 1);
const READS = int(opts.reads, 1);
const WARMUPS = int(opts.warmups, 0);
const RECOUNTS = int(opts.recounts, 1);
const POSTERS = int(opts.posters, 1);
const INGEST_S = int(opts['ingest-seconds'], 1);
const INGEST_CLIENTS = int(opts['ingest-clients'], 0);
const ROUNDS = int(opts['ingest-rounds'], 1);
const INGEST_WARMUP_S = int(opts['ingest-warmup'], 0);
/** @type {readonly string[]} */
const BUILD_MODES = ['auto', 'always', 'never'];
if (HOURS > 23 || !BUILD_MODES.includes(opts.build)) usageError(USAGE);
const BUILD = /** @type {'auto' | 'always' | 'never'} */ (opts.build);

const GOALS = { readP50Ms: 50, readP99Ms: 50 };
// The live findings benchmark's sustained rate (tools/bench/live.mjs, throughput phase: 8 posters,
// its default 100 subscribed clients, this 2-core machine), as measured before the audit log
// existed (commit 5b0164e added the audit chain to every write): what the ingestion here is
// compared with. A constant from an earlier run, not measured here.
const LIVE_REFERENCE = { findingsPerS: 172, posters: 8, clients: 100 };
// Stops the whole run however it is stuck; the phases have their own, tighter bounds.
const HARD_LIMIT_MS = 45 * 60_000;
// Bounds of the phases: one statement of the bulk load, one recount, all recounts together,
// all reads together, the close request.
const LOAD_STATEMENT_MS = 15 * 60_000;
const RECOUNT_STATEMENT_MS = 5 * 60_000;
const RECOUNT_PHASE_MS = 10 * 60_000;
const READ_PHASE_MS = 5 * 60_000;
const CLOSE_MS = 5 * 60_000;

const EMPTY_LABEL = 'empty live operation';
const LOADED_LABEL = `${FINDINGS.toLocaleString('en')} findings`;

const { w } = reportOutput(opts.json);
const say = logger('end-of-day');
const loopDelay = loopDelayMonitor();
/** @param {number} t0  a performance.now() */
const since = (t0) => performance.now() - t0;

// ---------------------------------------------------------------------------------------------
// The bulk of the day, loaded by SQL. Spread (fractions of rows):
//   targets: kind platform .30, url .20, username .20, phone .12, email .08, messaging .08,
//     other .02; state unassigned .10, assigned .20, in_progress .15, done .55 (outcome
//     no_indicators .45, suspicious .30, confirmed .15, referred .10); teams skewed (the first
//     countries work more); category one of 13 skewed, none for .15; 0-8 tags, 1.3 on average.
//   findings: type site_assessment .35, suspect .30, possible_victim .25, link .10; status
//     submitted .50, confirmed .38, rejected .07, duplicate .05 (of the finding before it); on a
//     target of the team (tags and category of that target) for .85 (site assessments always);
//     author the officer of the team; nationality skewed over 20 countries, none for .10; minors
//     .15 of the possible victims; links aside, 0-14 indicators (1.6 on average) and one phone
//     identifier for .60 (unique: no correlation matches); created_at over the last --hours
//     hours, denser at mid-day, in the order of the rows.
// random() draws from setseed(): the same arguments load the same rows, up to the ids of the
// teams and accounts the REST API created.

const CATEGORIES = [
  'escort',
  'classifieds',
  'massage',
  'dating_social',
  'advertising_aggregator',
  'sugar_dating',
  'messaging_group',
  'forum',
  'job_recruitment',
  'marketplace',
  'hobby_board',
  'other',
  'csam_related',
];
const TAGS = [
  'ukraine-related',
  'cross-border',
  'minors-risk',
  'escort-ads',
  'labour-exploitation',
  'refugees',
  'priority',
  'follow-up',
];
const INDICATORS = [
  'third_party_control',
  'multi_country_ads',
  'same_phone_many_ads',
  'unrealistic_prices',
  'frequent_relocation',
  'lingo_new_arrival',
  'restricted_communication',
  'visibly_very_young',
  'false_job_offer',
  'debt_bondage',
  'no_own_documents',
  'refugee_targeting',
  'rented_for_days',
  'virginity_auction',
];
const NATIONALITIES = [
  'RO',
  'UA',
  'BG',
  'HU',
  'NG',
  'MD',
  'CO',
  'VE',
  'TH',
  'CN',
  'AL',
  'BR',
  'DO',
  'PL',
  'SK',
  'VN',
  'PY',
  'ES',
  'NL',
  'DE',
];
const NOTES = [
  'Advert reposted daily from the same number; same photos as in two other countries.',
  'Third party answers the phone and negotiates on her behalf.',
  'Ad text in broken English, prices far below the local market.',
  'Same profile seen on two escort sites under different names.',
  'Recruitment post offering hostess work abroad, travel paid.',
];

/**
 * A SQL expression drawing, for each row, a sub-array of `values` (constants of this file), the
 * k-th (from 1) with probability `p(k)`: one random() per value, no subquery per row.
 * @param {string[]} values
 * @param {(k: number) => number} p
 */
const someOf = (values, p) =>
  `array_remove(ARRAY[${values.map((v, i) => `CASE WHEN random() < ${p(i + 1).toFixed(4)} THEN '${v}' END`).join(', ')}]::text[], NULL)`;

const SQL_TARGETS = `
INSERT INTO targets (id, operation_id, kind, value, normalized, platform, category, country, language, tags,
                     priority, status, outcome, team_id, team_country, created_by, created_at, updated_at)
SELECT md5($1::uuid::text || ':target:' || g.j)::uuid, $1::uuid, g.kind,
       CASE g.kind
         WHEN 'platform' THEN 'eod-site-' || g.j || '.example'
         WHEN 'url' THEN 'https://eod-ads-' || g.j % 400 || '.example/listing/' || g.j
         WHEN 'username' THEN '@eod_user_' || g.j
         WHEN 'phone' THEN '+44 7700 ' || lpad(g.j::text, 6, '0')
         WHEN 'email' THEN 'contact.' || g.j || '@eod-mail.example'
         WHEN 'messaging' THEN 'telegram:eod_handle_' || g.j
         ELSE 'eod note ' || g.j END,
       CASE g.kind
         WHEN 'platform' THEN 'eod-site-' || g.j || '.example'
         WHEN 'url' THEN 'eod-ads-' || g.j % 400 || '.example/listing/' || g.j
         WHEN 'username' THEN 'instagram.com/eod_user_' || g.j
         WHEN 'phone' THEN '+447700' || lpad(g.j::text, 6, '0')
         WHEN 'email' THEN 'contact.' || g.j || '@eod-mail.example'
         WHEN 'messaging' THEN 'telegram:eod_handle_' || g.j
         ELSE 'eod note ' || g.j END,
       CASE WHEN g.kind = 'username' THEN 'instagram.com' END,
       CASE WHEN g.r_cat >= 0.15 THEN ($5::text[])[1 + floor(13 * power((g.r_cat - 0.15) / 0.85, 1.6))::int] END,
       coalesce(($4::text[])[g.team], ($4::text[])[1 + g.j % array_length($4::text[], 1)]),
       'en',
       ${someOf(TAGS, (k) => 0.4 / k ** 0.8)},
       floor(g.r_prio * 6)::int,
       g.status,
       CASE WHEN g.status = 'done' THEN CASE WHEN g.r_out < 0.45 THEN 'no_indicators' WHEN g.r_out < 0.75 THEN 'suspicious'
                                             WHEN g.r_out < 0.90 THEN 'confirmed' ELSE 'referred' END END,
       ($3::uuid[])[g.team], ($4::text[])[g.team],
       $6::uuid,
       $7::timestamptz - interval '1 day' + g.j * interval '1 second',
       $7::timestamptz - interval '1 day' + g.j * interval '1 second'
  FROM (SELECT x.*,
               CASE WHEN x.r_kind < 0.30 THEN 'platform' WHEN x.r_kind < 0.50 THEN 'url' WHEN x.r_kind < 0.70 THEN 'username'
                    WHEN x.r_kind < 0.82 THEN 'phone' WHEN x.r_kind < 0.90 THEN 'email' WHEN x.r_kind < 0.98 THEN 'messaging'
                    ELSE 'other' END AS kind,
               CASE WHEN x.r_state < 0.10 THEN 'unassigned' WHEN x.r_state < 0.30 THEN 'assigned'
                    WHEN x.r_state < 0.45 THEN 'in_progress' ELSE 'done' END AS status,
               CASE WHEN x.r_state >= 0.10 THEN 1 + floor(array_length($3::uuid[], 1) * power(x.r_team, 1.3))::int END AS team
          FROM (SELECT j, random() AS r_kind, random() AS r_state, random() AS r_team, random() AS r_out,
                       random() AS r_cat, random() AS r_prio
                  FROM generate_series(1, $2::int) AS j OFFSET 0) x) g`;

// $1 op, $2 rows, $3 team ids, $4 team countries, $5 officer (author) per team, $6 admin (reviewer),
// $7 start, $8 hours, $9 nationalities, $10 notes
const SQL_FINDINGS = `
WITH t AS MATERIALIZED (
  SELECT row_number() OVER (ORDER BY id)::int AS j, id, tags, category, array_position($3::uuid[], team_id) AS team
    FROM targets WHERE operation_id = $1 AND team_id IS NOT NULL
)
INSERT INTO findings (id, operation_id, client_id, body_hash, type, target_id, team_id, team_country, tags, category,
                      author_id, status, duplicate_of, details, identifiers, indicators, evidence, notes, nationality,
                      minor, reviewed_by, reviewed_at, version, created_at, updated_at)
SELECT md5($1::uuid::text || ':finding:' || g.i)::uuid, $1::uuid, md5($1::uuid::text || ':client:' || g.i)::uuid,
       md5(g.i || ':a') || md5(g.i || ':b'),
       g.type, t.id, ($3::uuid[])[g.team], ($4::text[])[g.team], coalesce(t.tags, '{}'), t.category,
       ($5::uuid[])[g.team], g.status,
       CASE WHEN g.status = 'duplicate' THEN md5($1::uuid::text || ':finding:' || (g.i - 1))::uuid END,
       jsonb_strip_nulls(CASE g.type
         WHEN 'suspect' THEN jsonb_build_object('alias', 'suspect ' || g.i, 'nationality', g.nationality,
           'role', (ARRAY['recruiter', 'controller', 'advertiser', 'transporter', 'financier', 'other'])[1 + floor(g.r_misc * 6)::int])
         WHEN 'possible_victim' THEN jsonb_build_object('alias', 'person ' || g.i, 'nationality', g.nationality,
           'ageMin', 15 + floor(g.r_misc * 15)::int, 'ageMax', 19 + floor(g.r_misc * 15)::int, 'minor', g.minor)
         WHEN 'site_assessment' THEN jsonb_build_object('siteName', 'eod-site-' || g.i % 5000 || '.example',
           'url', 'https://eod-site-' || g.i % 5000 || '.example/ads/' || g.i, 'category', t.category,
           'adCount', floor(g.r_misc * 800)::int,
           'recentActivity', (ARRAY['none', 'low', 'medium', 'high'])[1 + floor(g.r_misc * 4)::int],
           'geographicScope', (ARRAY['international', 'national', 'regional', 'local'])[1 + floor(g.r_ident * 4)::int],
           'advertisedOrigin', (ARRAY['local', 'foreign', 'mixed', 'unknown'])[1 + floor(g.r_nat * 4)::int], 'language', 'en')
         ELSE jsonb_build_object('fromFindingId', md5($1::uuid::text || ':finding:' || greatest(g.i - 1, 1))::uuid,
           'toTargetId', coalesce(t.id, md5($1::uuid::text || ':target:1')::uuid), 'reason', 'Same phone number in both adverts.')
         END),
       CASE WHEN g.type <> 'link' AND g.r_ident < 0.6 THEN jsonb_build_array(jsonb_build_object(
         'kind', 'phone', 'value', '+44 79' || lpad(g.i::text, 8, '0'), 'platform', NULL,
         'normalized', '+4479' || lpad(g.i::text, 8, '0'), 'valid', true)) ELSE '[]'::jsonb END,
       CASE WHEN g.type = 'link' THEN '{}'::text[] ELSE
         ${someOf(INDICATORS, (k) => 0.45 / k ** 0.9)} END,
       CASE WHEN g.type = 'site_assessment' AND g.r_ident > 0.8 THEN jsonb_build_array(jsonb_build_object(
         'url', 'https://eod-site-' || g.i % 5000 || '.example/ads/' || g.i,
         'capturedAt', to_char(g.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         'sha256', md5(g.i || ':e') || md5(g.i || ':f'))) ELSE '[]'::jsonb END,
       CASE WHEN g.r_misc < 0.5 THEN ($10::text[])[1 + g.i % array_length($10::text[], 1)] END,
       g.nationality, g.minor,
       CASE WHEN g.status <> 'submitted' THEN $6::uuid END,
       CASE WHEN g.status <> 'submitted' THEN least(now(), g.created_at + (5 + g.r_misc * 60) * interval '1 minute') END,
       CASE WHEN g.status <> 'submitted' THEN 2 ELSE 1 END,
       g.created_at,
       CASE WHEN g.status <> 'submitted' THEN least(now(), g.created_at + (5 + g.r_misc * 60) * interval '1 minute') ELSE g.created_at END
  FROM (SELECT x.*,
               CASE WHEN x.r_type < 0.35 THEN 'site_assessment' WHEN x.r_type < 0.65 THEN 'suspect'
                    WHEN x.r_type < 0.90 THEN 'possible_victim' ELSE 'link' END AS type,
               CASE WHEN x.r_status < 0.50 THEN 'submitted' WHEN x.r_status < 0.88 THEN 'confirmed'
                    WHEN x.r_status < 0.95 OR x.i = 1 THEN 'rejected' ELSE 'duplicate' END AS status,
               CASE WHEN x.r_type >= 0.35 AND x.r_type < 0.90 AND x.r_nat >= 0.10
                    THEN ($9::text[])[1 + floor(array_length($9::text[], 1) * power((x.r_nat - 0.10) / 0.90, 1.8))::int] END AS nationality,
               x.r_type >= 0.65 AND x.r_type < 0.90 AND x.r_minor < 0.15 AS minor,
               $7::timestamptz + $8::int * interval '1 hour' * (x.at + 0.1 * sin(2 * pi() * x.at)) AS created_at
          FROM (SELECT i, random() AS r_type, random() AS r_status, random() AS r_target, random() AS r_has_target,
                       random() AS r_team, random() AS r_nat, random() AS r_minor, random() AS r_ident, random() AS r_misc,
                       (i - 1 + random()) / $2::int AS at
                  FROM generate_series(1, $2::int) AS i OFFSET 0) x) g0
  LEFT JOIN t ON t.j = 1 + floor(g0.r_target * (SELECT count(*) FROM t))::int
             AND (g0.type = 'site_assessment' OR g0.r_has_target < 0.85)
  CROSS JOIN LATERAL (SELECT g0.*, coalesce(t.team, 1 + floor(array_length($3::uuid[], 1) * power(g0.r_team, 1.3))::int) AS team) g`;

// The identifier index, as the API fills it (libs/identifiers matchKey; see the migrations
// 1764057600000-live-findings and 1764489600000-bulk-writes): a target's key on the target, one
// row per identifier of a finding.
const SQL_TARGET_IDENTIFIERS = `
UPDATE targets SET match_key = CASE kind WHEN 'platform' THEN 'url:' || normalized ELSE kind || ':' || normalized END
 WHERE operation_id = $1 AND kind <> 'other' AND id <> ALL ($2::uuid[])`;
const SQL_FINDING_IDENTIFIERS = `
INSERT INTO identifiers (operation_id, match_key, finding_id, created_at)
SELECT f.operation_id, 'phone:' || (i->>'normalized'), f.id, f.created_at
  FROM findings f CROSS JOIN jsonb_array_elements(f.identifiers) AS i
 WHERE f.operation_id = $1 AND f.client_id <> ALL ($2::uuid[]) AND f.identifiers <> '[]'::jsonb`;

/**
 * A pg client for the bench database; statements longer than `timeoutMs` are cancelled.
 * @param {string} url
 * @param {number} timeoutMs
 */
const connect = (url, timeoutMs) =>
  // Dropping the bench database at the end (also on failure) ends this connection.
  connectPg(url, {
    statementTimeoutMs: timeoutMs,
    applicationName: 'end-of-day-bench',
    ignoreErrors: true,
  });

/**
 * The stored counters against the recount: how many differ (0: equal).
 * @param {PgClient} db
 * @param {string} operationId
 * @returns {Promise<{ stored: number, recounted: number, differing: number }>}
 */
async function countersMatchRecount(db, operationId) {
  const { rows } = await db.query(
    `WITH c AS (SELECT dim, key, metric, sub, value FROM tally_counters WHERE operation_id = $1 AND value <> 0),
          r AS (SELECT dim, key, metric, sub, value FROM tally_counters_from_rows($1))
     SELECT (SELECT count(*) FROM c)::int AS stored, (SELECT count(*) FROM r)::int AS recounted,
            (SELECT count(*) FROM (SELECT * FROM c EXCEPT ALL SELECT * FROM r UNION ALL
                                   (SELECT * FROM r EXCEPT ALL SELECT * FROM c)) d)::int AS differing`,
    [operationId],
  );
  return rows[0];
}

/** @typedef {{ step: string, rows: number | null, seconds: number }} LoadStep */

/**
 * The bulk of the day by SQL, in one transaction, then VACUUM (ANALYZE).
 * @param {PgClient} db
 * @param {LiveSetup} setup
 * @param {(line: string) => void} say
 */
async function loadPhase(db, setup, say) {
  const op = setup.operationId;
  /** @type {LoadStep[]} */
  const steps = [];
  /**
   * @param {string} name
   * @param {string} sql
   * @param {unknown[]} [params]
   */
  const step = async (name, sql, params) => {
    const t0 = performance.now();
    const res = await db.query(sql, params);
    const ms = since(t0);
    steps.push({ step: name, rows: res.rowCount || null, seconds: ms / 1000 });
    say(`  ${name}: ${res.rowCount ?? '-'} rows in ${(ms / 1000).toFixed(1)} s`);
    return res;
  };
  const teams = setup.officers.map((o) => o.teamId);
  const countries = setup.officers.map((o) => o.country);
  const authors = setup.officers.map((o) => o.userId);
  // The rows the REST API created are in its identifier index already.
  const apiTargetIds = (
    await db.query('SELECT id FROM targets WHERE operation_id = $1', [op])
  ).rows.map((r) => r.id);
  const apiClientIds = (
    await db.query('SELECT client_id FROM findings WHERE operation_id = $1', [op])
  ).rows.map((r) => r.client_id);
  // What the REST API counted so far (its targets), against the recount: the same, or the
  // counters below would not stand for what the API would have counted.
  const before = await countersMatchRecount(db, op);
  const start = new Date(Date.now() - HOURS * 3600_000);
  const t0 = performance.now();
  await db.query('BEGIN');
  await db.query('SELECT setseed(0.2026)');
  await step('targets (INSERT ... SELECT generate_series)', SQL_TARGETS, [
    op,
    TARGETS,
    teams,
    countries,
    CATEGORIES,
    setup.adminId,
    start.toISOString(),
  ]);
  await step('findings (INSERT ... SELECT generate_series)', SQL_FINDINGS, [
    op,
    FINDINGS,
    teams,
    countries,
    authors,
    setup.adminId,
    start.toISOString(),
    HOURS,
    NATIONALITIES,
    NOTES,
  ]);
  await step('identifier index of the targets', SQL_TARGET_IDENTIFIERS, [op, apiTargetIds]);
  await step('identifier index of the findings', SQL_FINDING_IDENTIFIERS, [op, apiClientIds]);
  // The counters of the operation := the recount of its rows (the API's own counters, of the
  // targets it created, are part of that recount). Under the operation row's lock, as a write.
  await db.query('SELECT 1 FROM operations WHERE id = $1 FOR UPDATE', [op]);
  await db.query('DELETE FROM tally_counters WHERE operation_id = $1', [op]);
  await step(
    'tally_counters := tally_counters_from_rows(op)',
    `INSERT INTO tally_counters (operation_id, dim, key, metric, sub, value)
     SELECT $1, dim, key, metric, sub, value FROM tally_counters_from_rows($1)`,
    [op],
  );
  await step('COMMIT', 'COMMIT');
  const vt0 = performance.now();
  await db.query('VACUUM (ANALYZE) targets, findings, identifiers, tally_counters, operations');
  steps.push({ step: 'VACUUM (ANALYZE) of those tables', rows: null, seconds: since(vt0) / 1000 });
  say(`  VACUUM (ANALYZE): ${(since(vt0) / 1000).toFixed(1)} s`);
  const seconds = since(t0) / 1000;

  const { rows: sizes } = await db.query(
    `SELECT c.relname AS table, c.reltuples::bigint AS rows, pg_table_size(c.oid) AS table_bytes,
            pg_indexes_size(c.oid) AS index_bytes
       FROM pg_class c WHERE c.relname IN ('findings', 'targets', 'identifiers', 'tally_counters') AND c.relkind = 'r'
      ORDER BY pg_total_relation_size(c.oid) DESC`,
  );
  const { rows: spread } = await db.query(
    `SELECT count(*)::int AS findings,
            count(*) FILTER (WHERE status IN ('submitted', 'confirmed'))::int AS counted,
            count(*) FILTER (WHERE type = 'possible_victim' AND status IN ('submitted', 'confirmed'))::int AS victims,
            count(*) FILTER (WHERE type = 'suspect' AND status IN ('submitted', 'confirmed'))::int AS suspects,
            min(created_at) AS first, max(created_at) AS last
       FROM findings WHERE operation_id = $1`,
    [op],
  );
  const { rows: counters } = await db.query(
    'SELECT count(*)::int AS n FROM tally_counters WHERE operation_id = $1 AND value <> 0',
    [op],
  );
  return {
    steps,
    seconds,
    apiCountersMatchedRecountBefore: before.differing === 0,
    apiCountersBefore: before.stored,
    counters: counters[0].n,
    sizes: sizes.map((s) => ({
      table: s.table,
      rows: Number(s.rows),
      tableMb: Number(s.table_bytes) / 2 ** 20,
      indexMb: Number(s.index_bytes) / 2 ** 20,
    })),
    spread: spread[0],
    /** Set by main: the seconds of the REST setup before the load, and its teams. */
    restSeconds: NaN,
    teams: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Tallies read

/**
 * Object keys sorted at every level, so that two folds compare whatever their key order.
 * @param {unknown} value
 * @returns {string}
 */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = /** @type {Record<string, unknown>} */ (value);
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
/**
 * The figures of a tallies answer, without what says when and how they were taken.
 * @param {import('./lib/api-server.mjs').Json} t
 */
const figuresOf = (t) => {
  const { operationId, frozen, closedAt, snapshotSha256, asOfSeq, ...figures } = t;
  void [operationId, frozen, closedAt, snapshotSha256, asOfSeq];
  return canonical(figures);
};

/**
 * What the phases share.
 * @typedef {object} Ctx
 * @property {import('./lib/api-server.mjs').ApiProcess} api
 * @property {PgClient} db  the bench database's superuser
 * @property {string} dbUrl
 * @property {string} dbName
 * @property {import('./lib/http-load.mjs').HttpPoster} poster
 * @property {LiveSetup} setup  the operation with the loaded findings
 * @property {number} serial  the number of the next finding posted
 */

/**
 * GET /tallies against the recount of the raw rows and its fold.
 * @param {Ctx} ctx
 */
async function readPhase(ctx) {
  const { poster, setup, db } = ctx;
  const path = `/api/v1/operations/${setup.operationId}/tallies`;
  const token = setup.officers[0].token;
  const t0 = performance.now();
  for (let i = 0; i < WARMUPS + 1; i++) {
    const r = await poster.get(path, token);
    if (!ok2xx(r.status)) throw new Error(`GET tallies: ${r.status} ${r.error}`);
  }
  // Officers get the victim figures only as released aggregates (need to know, libs/contracts
  // policy.ts): the figures compared with the recount are the organizer's, which are exact.
  const exact = await poster.get(path, setup.adminToken, { keepBody: true });
  if (!ok2xx(exact.status))
    throw new Error(`GET tallies as the organizer: ${exact.status} ${exact.error}`);
  /** @type {import('./lib/api-server.mjs').Json} */
  const first = JSON.parse(exact.body ?? 'null');
  /** @type {number[]} */
  const times = [];
  /** @type {number[]} */
  const bytes = [];
  let errors = 0;
  await waitApiIdle(ctx.api.pid);
  await apiLoopLag(ctx.api.base);
  const meter = cpuMeter(ctx.api.pid, ctx.dbName);
  while (times.length + errors < READS && since(t0) < READ_PHASE_MS) {
    const s = performance.now();
    const r = await poster.get(path, token);
    const ms = since(s);
    if (!ok2xx(r.status)) errors++;
    else {
      times.push(ms);
      bytes.push(r.bytes);
    }
  }
  const cpu = meter.stop();
  const api = {
    ...distribution(times),
    errors,
    bytes: Math.max(...bytes),
    cpu,
    apiCpuMsPerRead: cpuMsPer(cpu.apiPct, cpu.seconds, times.length),
    apiLoopLag: await apiLoopLag(ctx.api.base),
  };
  say(
    `  GET tallies: p50 ${fmt(api.p50)} ms, p99 ${fmt(api.p99)} ms over ${api.n}; ${api.bytes} bytes`,
  );

  // The part of a read that is PostgreSQL's: the statements TalliesService.get runs, in the same
  // REPEATABLE READ transaction, through a pg client (no fold, no JSON, no HTTP).
  /** @type {number[]} */
  const statements = [];
  for (let i = 0; i < Math.min(READS, 100); i++) {
    const s = performance.now();
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await db.query(
      `SELECT o.countries, o.last_seq, o.status, o.closed_at, s.body AS snapshot, s.sha256,
              (SELECT count(*)::int FROM memberships WHERE operation_id = o.id AND role <> 'observer') AS experts
         FROM operations o LEFT JOIN operation_snapshots s ON s.operation_id = o.id
        WHERE o.id = $1`,
      [setup.operationId],
    );
    await db.query('SELECT id, name FROM teams WHERE operation_id = $1 ORDER BY name', [
      setup.operationId,
    ]);
    await db.query(
      'SELECT dim, key, metric, sub, value FROM tally_counters WHERE operation_id = $1 AND value <> 0',
      [setup.operationId],
    );
    await db.query('COMMIT');
    statements.push(since(s));
  }
  const readStatements = distribution(statements);

  // The same figures recomputed from the raw rows, and folded as the API folds its counters.
  let fold = null;
  try {
    fold = await importWorkspaceLib('libs/tallies/src/index.ts');
  } catch (e) {
    say(
      `  libs/tallies could not be loaded (${String(e instanceof Error ? e.message : e).split('\n')[0]}): no fold timing`,
    );
  }
  const headRows = (
    await db.query(
      `SELECT o.countries, o.last_seq, o.status,
              (SELECT count(*)::int FROM memberships WHERE operation_id = o.id AND role <> 'observer') AS experts
         FROM operations o WHERE o.id = $1`,
      [setup.operationId],
    )
  ).rows[0];
  const teams = (
    await db.query('SELECT id, name FROM teams WHERE operation_id = $1 ORDER BY name', [
      setup.operationId,
    ])
  ).rows;
  /** @type {Map<string, string>} */
  const names = new Map(teams.map((t) => [t.id, t.name]));
  /** @returns {Promise<{ sqlMs: number, foldMs: number, rows: number, tallies: import('./lib/api-server.mjs').Json }>} */
  const recount = async () => {
    const s = performance.now();
    const { rows } = await db.query('SELECT * FROM tally_counters_from_rows($1)', [
      setup.operationId,
    ]);
    const sqlMs = since(s);
    if (!fold) return { sqlMs, foldMs: NaN, rows: rows.length, tallies: null };
    const f0 = performance.now();
    const base = fold.emptyTallies({
      operationId: setup.operationId,
      frozen: false,
      closedAt: null,
      snapshotSha256: null,
      asOfSeq: Number(headRows.last_seq),
      participants: { experts: headRows.experts, countries: headRows.countries.length },
      teams,
      countries: headRows.countries,
    });
    const tallies = fold.applyTallyDeltas(
      base,
      rows.map((c) => ({
        dim: c.dim,
        key: c.key,
        metric: c.metric,
        sub: c.sub,
        delta: Number(c.value),
      })),
      (/** @type {string} */ id) => names.get(id) ?? '',
    );
    return { sqlMs, foldMs: since(f0), rows: rows.length, tallies };
  };
  say('  recount warm-up');
  const warm = await recount();
  /** @type {Awaited<ReturnType<typeof recount>>[]} */
  const recounts = [];
  const r0 = performance.now();
  while (recounts.length < RECOUNTS && since(r0) < RECOUNT_PHASE_MS) {
    const last = await recount();
    recounts.push(last);
    say(
      `  recount ${recounts.length}/${RECOUNTS}: ${fmt(last.sqlMs)} ms SQL + ${fmt(last.foldMs)} ms fold`,
    );
  }
  const sql = distribution(recounts.map((r) => r.sqlMs));
  const folded = distribution(recounts.map((r) => r.sqlMs + r.foldMs));
  const foldOnly = distribution(recounts.map((r) => r.foldMs));
  return {
    api,
    readStatements,
    recount: { ...sql, counters: warm.rows },
    recountAndFold: fold ? folded : null,
    foldOnly: fold ? foldOnly : null,
    ratioP50: sql.p50 / api.p50,
    // The API's answer and the fold of the recount, figure for figure.
    apiEqualsRecount: warm.tallies ? figuresOf(first) === figuresOf(warm.tallies) : null,
    figures: {
      findingsCounted: first.findingsPerHour.reduce(
        (/** @type {number} */ a, /** @type {{ count: number }} */ h) => a + h.count,
        0,
      ),
      suspects: first.suspects,
      possibleVictims: first.possibleVictims.total,
      teams: first.byTeam.length,
      categories: Object.keys(first.byCategory).length,
      tags: Object.keys(first.byTag).length,
      hours: first.findingsPerHour.length,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Ingestion with the audit chain on

/**
 * @param {PgClient} db
 * @param {string} operationId
 * @returns {Promise<{ entries: number, last_seq: number, findings: number }>}
 */
async function auditHead(db, operationId) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS entries, coalesce(max(seq), 0)::int AS last_seq,
            (SELECT count(*)::int FROM findings WHERE operation_id = $1) AS findings
       FROM audit_log WHERE operation_id = $1`,
    [operationId],
  );
  return rows[0];
}

/**
 * Closed loop: each poster sends its next finding as soon as the last one is answered.
 * @param {Ctx} ctx
 * @param {LiveSetup} setup  the operation posted to
 * @param {string} label
 * @param {number} [durationS]
 */
async function ingestPhase(ctx, setup, label, durationS = INGEST_S) {
  const { api, db, dbUrl, dbName, poster } = ctx;
  const clients = new Clients(
    api.base,
    setup.operationId,
    setup.officers.map((o) => o.token),
  );
  try {
    const connected = INGEST_CLIENTS ? await clients.connect(INGEST_CLIENTS) : null;
    if (connected?.failures)
      say(`  ${connected.failures} clients failed: ${connected.firstFailure}`);
    await vacuum(dbUrl);
    await waitApiIdle(api.pid);
    const before = await auditHead(db, setup.operationId);
    const eventsBefore = clients.findingEvents;
    await apiLoopLag(api.base);
    loopDelay.reset();
    const waits = await waitSampler(dbUrl);
    const meter = cpuMeter(api.pid, dbName);
    /** @type {{ ms: number, status: number, error: string | null }[]} */
    const answers = [];
    const t0 = performance.now();
    const end = t0 + durationS * 1000;
    let lastAnswerAt = t0;
    await Promise.all(
      Array.from({ length: POSTERS }, async () => {
        while (performance.now() < end) {
          const n = ctx.serial++;
          const officer = setup.officers[n % setup.officers.length];
          const s = performance.now();
          const r = await poster.post(
            `/api/v1/operations/${setup.operationId}/findings`,
            suspectFindingBody({ clientId: randomUUID(), n, officer }),
            officer.token,
          );
          lastAnswerAt = performance.now();
          answers.push({ ms: lastAnswerAt - s, status: r.status, error: r.error });
        }
      }),
    );
    const cpu = meter.stop();
    const postgresWaits = await waits.stop();
    const generatorLoopDelay = loopDelay.lag();
    const apiLag = await apiLoopLag(api.base);
    const seconds = (lastAnswerAt - t0) / 1000;
    const accepted = answers.filter((a) => ok2xx(a.status)).length;
    const clientsConnected = clients.sockets.length;
    await waitQuiet(() => clients.findingEvents, 500, 10_000);
    const after = await auditHead(db, setup.operationId);
    // Every new entry's prev_hash is the hash of the entry before it, from the last entry that
    // was there before the phase on.
    const { rows: links } = await db.query(
      `SELECT count(*)::int AS broken FROM audit_log a
         JOIN audit_log b ON b.operation_id = a.operation_id AND b.seq = a.seq + 1
        WHERE a.operation_id = $1 AND a.seq >= $2 AND b.prev_hash <> a.hash`,
      [setup.operationId, before.last_seq],
    );
    const errors = answers.filter((a) => !ok2xx(a.status));
    const result = {
      operation: label,
      posters: POSTERS,
      clients: clientsConnected,
      seconds,
      sent: answers.length,
      accepted,
      httpErrors: errors.length,
      firstError: errors[0] ? `${errors[0].status} ${errors[0].error}` : null,
      findingsPerS: Math.round(accepted / seconds),
      post: distribution(answers.filter((a) => a.status > 0).map((a) => a.ms)),
      audit: {
        entriesAdded: after.entries - before.entries,
        seqAdvanced: after.last_seq - before.last_seq,
        brokenLinks: links[0].broken,
        matchesAccepted:
          after.entries - before.entries === accepted &&
          after.last_seq - before.last_seq === accepted &&
          links[0].broken === 0,
      },
      findingRowsAdded: after.findings - before.findings,
      deliveries: {
        expected: accepted * clientsConnected,
        received: clients.findingEvents - eventsBefore,
      },
      cpu,
      apiCpuMsPerFinding: cpuMsPer(cpu.apiPct, cpu.seconds, accepted),
      postgresCpuMsPerFinding: cpuMsPer(cpu.postgresPct, cpu.seconds, accepted),
      apiLoopLag: apiLag,
      generatorLoopDelay,
      postgresWaits,
    };
    say(
      `  ${label}: ${result.findingsPerS} findings/s (${accepted} in ${seconds.toFixed(1)} s), POST p99 ${fmt(result.post.p99)} ms; audit +${result.audit.entriesAdded}`,
    );
    return result;
  } finally {
    clients.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Close

/**
 * The counters against the recount, the close (the snapshot is taken inside it), the frozen reads.
 * @param {Ctx} ctx
 */
async function closePhase(ctx) {
  const { poster, setup, db, api } = ctx;
  const op = setup.operationId;
  await vacuum(ctx.dbUrl);
  await waitApiIdle(api.pid);
  // The counters after the ingestion, that is after the API's incremental path, against the
  // recount of every row: what the snapshot will freeze.
  say('  counters against the recount before closing');
  const check = await countersMatchRecount(db, op);
  const t0 = performance.now();
  const res = await within(
    CLOSE_MS,
    'close',
    poster.post(`/api/v1/operations/${op}/transitions`, { to: 'closed' }, setup.adminToken),
  );
  const closeMs = since(t0);
  if (!ok2xx(res.status)) throw new Error(`close: ${res.status} ${res.error}`);
  say(`  closed in ${fmt(closeMs)} ms`);
  const path = `/api/v1/operations/${op}/tallies`;
  const firstRead = await poster.get(path, setup.officers[0].token);
  if (!ok2xx(firstRead.status)) throw new Error(`GET frozen tallies: ${firstRead.status}`);
  // The organizer reads the snapshot itself; officers read the limited one kept beside it, hashed
  // apart (need to know): the hash is checked on the organizer's.
  const exactRead = await poster.get(path, setup.adminToken, { keepBody: true });
  if (!ok2xx(exactRead.status))
    throw new Error(`GET frozen tallies as the organizer: ${exactRead.status}`);
  const frozen = JSON.parse(exactRead.body ?? 'null');
  /** @type {number[]} */
  const times = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    await poster.get(path, setup.officers[0].token);
    times.push(since(s));
  }
  const { rows } = await db.query(
    'SELECT length(body)::int AS chars, octet_length(body)::int AS bytes, sha256, as_of_seq, body FROM operation_snapshots WHERE operation_id = $1',
    [op],
  );
  const snap = rows[0];
  return {
    countersEqualRecount: check.differing === 0,
    countersDiffering: check.differing,
    counters: check.stored,
    closeMs,
    frozen: frozen.frozen === true,
    snapshotSha256: frozen.snapshotSha256,
    sha256Matches:
      !!snap &&
      /^[0-9a-f]{64}$/.test(frozen.snapshotSha256 ?? '') &&
      snap.sha256 === frozen.snapshotSha256 &&
      createHash('sha256').update(snap.body, 'utf8').digest('hex') === snap.sha256,
    snapshotBytes: snap?.bytes ?? null,
    snapshotChars: snap?.chars ?? null,
    asOfSeq: snap ? Number(snap.as_of_seq) : null,
    frozenRead: { ...distribution(times), bytes: firstRead.bytes },
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  const build = ensureApiBuilt(BUILD, say);
  if (build.note) say(`API bundle: ${build.note}`);
  const dbHandle = await createBenchDatabase();
  /** @type {import('./lib/api-server.mjs').ApiProcess | null} */
  let apiProcess = null;
  /** @type {PgClient | null} */
  let pgClient = null;
  /** @type {import('./lib/http-load.mjs').HttpPoster | null} */
  let httpLoad = null;
  const cleanup = guardedCleanup(
    async () => {
      httpLoad?.close();
      await pgClient?.end().catch(() => undefined);
      await apiProcess?.stop().catch(() => undefined);
      await dbHandle.drop().catch((e) => say(`could not drop ${dbHandle.name}: ${e.message}`));
    },
    { hardLimitMs: HARD_LIMIT_MS, say },
  );

  try {
    say(`database ${dbHandle.name}; starting the API`);
    // Tokens last the longest the API allows; each phase logs in again all the same.
    const api = await startApi(
      dbHandle.url,
      { ACCESS_TOKEN_TTL: '3600' },
      cpuProfileArgs(opts['api-cpu-prof']),
    );
    apiProcess = api;
    const call = jsonCaller(`${api.base}/api/v1`);
    const poster = httpPoster(api.port);
    httpLoad = poster;
    const db = await connect(dbHandle.url, LOAD_STATEMENT_MS);
    pgClient = db;
    const settings = await serverSettings(dbHandle.url);

    // ---- 1. setup -------------------------------------------------------------------------
    const r0 = performance.now();
    const setup = await setUpLiveOperation(call, {
      name: 'end-of-day bench',
      startsAt: new Date(Date.now() - (HOURS + 1) * 3600_000),
      endsAt: new Date(Date.now() + 6 * 3600_000),
      accountPrefix: 'eod-officer',
    });
    const restSeconds = since(r0) / 1000;
    say(
      `operation ${setup.operationId} live with ${setup.officers.length} teams (REST, ${restSeconds.toFixed(1)} s)`,
    );
    say(`loading ${FINDINGS} findings and ${TARGETS} targets by SQL`);
    const load = await loadPhase(db, setup, say);
    load.restSeconds = restSeconds;
    load.teams = setup.officers.length;
    say(`loaded in ${load.seconds.toFixed(1)} s; ${load.counters} counters`);
    await waitApiIdle(api.pid);

    /** @type {Ctx} */
    const ctx = { api, db, dbUrl: dbHandle.url, dbName: dbHandle.name, poster, setup, serial: 0 };

    // ---- 2. tallies read --------------------------------------------------------------------
    await db.query(`SET statement_timeout = ${RECOUNT_STATEMENT_MS}`);
    await refreshTokens(call, setup);
    say(`tallies: ${READS} reads, ${RECOUNTS} recounts`);
    const reads = await readPhase(ctx);

    // ---- 3. ingestion -----------------------------------------------------------------------
    // Rounds alternate between the two operations, so that a burst of other work on this shared
    // machine does not land on one of them only.
    /** @type {IngestRound[]} */
    const ingest = [];
    /** @type {LiveSetup | null} */
    let empty = null;
    if (!opts['skip-baseline']) {
      say('an empty live operation for the baseline');
      empty = await setUpLiveOperation(call, {
        name: 'end-of-day bench, empty',
        accountPrefix: 'eod-empty-officer',
        targetPrefix: 'eod-empty-site',
      });
    }
    await refreshTokens(call, setup);
    if (INGEST_WARMUP_S) {
      say(`ingestion warm-up, ${INGEST_WARMUP_S} s, not measured`);
      await ingestPhase(ctx, empty ?? setup, 'warm-up', INGEST_WARMUP_S);
    }
    for (let round = 1; round <= ROUNDS; round++) {
      say(`ingestion, round ${round} of ${ROUNDS}`);
      if (empty) ingest.push({ round, ...(await ingestPhase(ctx, empty, EMPTY_LABEL)) });
      ingest.push({ round, ...(await ingestPhase(ctx, setup, LOADED_LABEL)) });
    }

    // ---- 4. close ---------------------------------------------------------------------------
    await refreshTokens(call, setup);
    say('closing');
    const close = await closePhase(ctx);

    /** @type {EndOfDayReport} */
    const report = {
      node: process.version,
      cores: CORES,
      postgres: settings,
      api: build,
      settings: {
        findings: FINDINGS,
        targets: TARGETS,
        hours: HOURS,
        reads: READS,
        warmups: WARMUPS,
        recounts: RECOUNTS,
        posters: POSTERS,
        ingestSeconds: INGEST_S,
        ingestClients: INGEST_CLIENTS,
        ingestRounds: ROUNDS,
        ingestWarmupS: INGEST_WARMUP_S,
      },
      load,
      reads,
      ingest,
      ingestBest: {
        loaded: best(ingest, LOADED_LABEL),
        empty: best(ingest, EMPTY_LABEL),
      },
      liveReference: LIVE_REFERENCE,
      close,
      goals: [],
      runSeconds: 0,
    };
    report.goals = evaluateGoals(report);
    report.runSeconds = Math.round(since(started) / 1000);
    printReport(report);
    if (opts.json) process.stdout.write(`${jsonDocument(report)}\n`);
  } finally {
    await cleanup.done();
  }
}

// ---------------------------------------------------------------------------------------------
// The report

/** @typedef {Awaited<ReturnType<typeof ingestPhase>> & { round: number }} IngestRound */

/**
 * @typedef {object} EndOfDayReport
 * @property {string} node
 * @property {number} cores
 * @property {Record<string, string>} postgres
 * @property {ReturnType<typeof ensureApiBuilt>} api
 * @property {{ findings: number, targets: number, hours: number, reads: number, warmups: number, recounts: number, posters: number, ingestSeconds: number, ingestClients: number, ingestRounds: number, ingestWarmupS: number }} settings
 * @property {Awaited<ReturnType<typeof loadPhase>>} load
 * @property {Awaited<ReturnType<typeof readPhase>>} reads
 * @property {IngestRound[]} ingest
 * @property {{ loaded: IngestRound | null, empty: IngestRound | null }} ingestBest
 * @property {typeof LIVE_REFERENCE} liveReference
 * @property {Awaited<ReturnType<typeof closePhase>>} close
 * @property {import('./lib/report.mjs').Goal[]} goals
 * @property {number} runSeconds
 */

/**
 * The round with the most findings/s of an operation (as live.mjs reports its best).
 * @param {IngestRound[]} rounds
 * @param {string} label
 * @returns {IngestRound | null}
 */
function best(rounds, label) {
  const of = rounds.filter((g) => g.operation === label);
  return of.length ? of.reduce((a, b) => (b.findingsPerS > a.findingsPerS ? b : a)) : null;
}

/**
 * @param {EndOfDayReport} r
 * @returns {import('./lib/report.mjs').Goal[]}
 */
function evaluateGoals(r) {
  const a = r.reads.api;
  return [
    {
      goal: `GET /tallies p50 < ${GOALS.readP50Ms} ms at ${r.settings.findings.toLocaleString('en')} findings`,
      measured: `${fmt(a.p50)} ms`,
      met: a.p50 < GOALS.readP50Ms,
    },
    {
      goal: `GET /tallies p99 < ${GOALS.readP99Ms} ms at ${r.settings.findings.toLocaleString('en')} findings`,
      measured: `${fmt(a.p99)} ms`,
      met: a.p99 < GOALS.readP99Ms,
    },
  ];
}

/** @param {number} v  MB */
const mb = (v) => (v < 10 ? v.toFixed(1) : String(Math.round(v)));
/** @param {Distribution} d */
const dist = (d) => `${fmt(d.p50)} / ${fmt(d.p95)} / ${fmt(d.p99)} / ${fmt(d.max)}`;

/** @param {EndOfDayReport} r */
function printReport(r) {
  /** @param {string[]} lines */
  const table = (lines) => lines.forEach((line) => w(line));
  const s = r.settings;
  w(
    `\nend-of-day benchmark: ${s.findings.toLocaleString('en')} findings in one operation; node ${r.node}, ${r.cores} cores, PostgreSQL ${r.postgres.server_version} (shared_buffers ${Math.round((Number(r.postgres.shared_buffers) * 8) / 1024)} MB, work_mem ${Math.round(Number(r.postgres.work_mem) / 1024)} MB, jit ${r.postgres.jit}, synchronous_commit ${r.postgres.synchronous_commit}, autovacuum ${r.postgres.autovacuum}), ${r.runSeconds} s in all`,
  );
  w(
    `API bundle ${r.api.bundleAt}${r.api.built ? ' (rebuilt by this run)' : ''}${r.api.note ? `: ${r.api.note}` : ''}`,
  );

  const l = r.load;
  w(
    `\n### 1. Setup: the bulk rows are loaded by SQL, not through the API; the operation's counters are then set from the recount of the raw rows\n`,
  );
  table(
    markdownTable(
      ['step', ['rows', 'right'], ['seconds', 'right']],
      [
        [
          `REST API: operation, ${l.teams} teams, an officer and a target each, go live`,
          '-',
          l.restSeconds.toFixed(1),
        ],
        ...l.steps.map((x) => [
          x.step,
          x.rows === null ? '-' : x.rows.toLocaleString('en'),
          x.seconds.toFixed(1),
        ]),
        ['**load in all**', null, `**${l.seconds.toFixed(1)}**`],
      ],
    ),
  );
  w(
    `\ncounters: ${l.counters.toLocaleString('en')} (the API's own, of its targets, equalled the recount before the load: ${yes(l.apiCountersMatchedRecountBefore)}); ` +
      `findings ${l.spread.findings.toLocaleString('en')}, counted (submitted or confirmed) ${l.spread.counted.toLocaleString('en')}, from ${new Date(l.spread.first).toISOString().slice(11, 16)} to ${new Date(l.spread.last).toISOString().slice(11, 16)} UTC`,
  );
  w(
    `sizes: ${l.sizes.map((x) => `${x.table} ${mb(x.tableMb)} MB + ${mb(x.indexMb)} MB indexes`).join('; ')}`,
  );

  const t = r.reads;
  w(`\n### 2. Tallies read: ms (sequential, one at a time)\n`);
  table(
    markdownTable(
      ['read', ['n', 'right'], ['p50 / p95 / p99 / max', 'right'], ['response', 'right']],
      [
        [
          "GET /api/v1/operations/:id/tallies as an officer (the API's counters)",
          `${t.api.n}${t.api.errors ? ` (${t.api.errors} errors)` : ''}`,
          dist(t.api),
          `${t.api.bytes.toLocaleString('en')} bytes`,
        ],
        [
          'of which PostgreSQL: the same statements (operation, teams, counters in a REPEATABLE READ transaction) through a pg client',
          t.readStatements.n,
          dist(t.readStatements),
          null,
        ],
        [
          'SELECT * FROM tally_counters_from_rows($1) (GROUP BY over the raw rows, pg client)',
          t.recount.n,
          dist(t.recount),
          `${t.recount.counters.toLocaleString('en')} rows`,
        ],
        ...(t.recountAndFold && t.foldOnly
          ? [
              [
                'the same recount + the fold the API does (libs/tallies applyTallyDeltas, in this process)',
                t.recountAndFold.n,
                dist(t.recountAndFold),
                `fold alone p50 ${fmt(t.foldOnly.p50)} ms`,
              ],
            ]
          : []),
      ],
    ),
  );
  w(
    `\nduring the GETs: CPU ${cpuText(t.api.cpu)} (API / PostgreSQL / generator / other, % of one core), ${fmt(t.api.apiCpuMsPerRead)} ms of API CPU per read, API loop lag p99 ${fmt(t.api.apiLoopLag.p99Ms)} ms`,
  );
  w(
    `recount p50 / API p50 = ${Number.isFinite(t.ratioP50) ? `${Math.round(t.ratioP50).toLocaleString('en')}x` : '-'}; the API's figures equal the fold of the recount: ${yes(t.apiEqualsRecount)} ` +
      `(${t.figures.findingsCounted.toLocaleString('en')} findings counted over ${t.figures.hours} hours, ${t.figures.suspects.toLocaleString('en')} suspects, ${t.figures.possibleVictims.toLocaleString('en')} possible victims, ${t.figures.teams} teams, ${t.figures.categories} categories, ${t.figures.tags} tags)`,
  );

  w(
    `\n### 3. Ingestion with the audit chain on: closed loop for ${s.ingestSeconds} s per round after ${s.ingestWarmupS} s not measured, ${s.posters} posters, suspects as in live.mjs\n`,
  );
  table(
    markdownTable(
      [
        ['round', 'right'],
        'operation',
        ['clients subscribed', 'right'],
        ['findings/s', 'right'],
        ['POST p50 / p95 / p99 / max ms', 'right'],
        ['HTTP errors', 'right'],
        ['audit entries added = findings accepted', 'right'],
        ['findings rows added', 'right'],
        ['deliveries', 'right'],
        ['CPU API / PostgreSQL / generator / other', 'right'],
        ['CPU ms per finding', 'right'],
        'PostgreSQL backends, on average',
      ],
      r.ingest.map((g) => [
        g.round,
        g.operation,
        g.clients,
        `${g.findingsPerS} (${g.accepted} in ${g.seconds.toFixed(1)} s)`,
        dist(g.post),
        g.httpErrors,
        `${g.audit.entriesAdded} = ${g.accepted}: ${yes(g.audit.matchesAccepted)}${g.audit.brokenLinks ? ` (${g.audit.brokenLinks} broken links)` : ''}`,
        g.findingRowsAdded,
        `${g.deliveries.received} of ${g.deliveries.expected}`,
        cpuText(g.cpu),
        `${fmt(g.apiCpuMsPerFinding)} API + ${fmt(g.postgresCpuMsPerFinding)} PostgreSQL`,
        waitsText(g.postgresWaits),
      ]),
    ),
  );
  const big = /** @type {IngestRound} */ (r.ingestBest.loaded);
  const empty = r.ingestBest.empty;
  w(
    `\nreference: ${r.liveReference.findingsPerS} findings/s (live.mjs, ${r.liveReference.posters} posters, ${r.liveReference.clients} clients, before the audit log existed); ` +
      `best here ${big.findingsPerS}/s at ${s.findings.toLocaleString('en')} findings = ${Math.round((100 * big.findingsPerS) / r.liveReference.findingsPerS)} % of it` +
      (empty
        ? `; best empty operation ${empty.findingsPerS}/s = ${Math.round((100 * empty.findingsPerS) / r.liveReference.findingsPerS)} % (the audit chain and whatever else changed since), so the operation's ${s.findings.toLocaleString('en')} loaded findings cost ${Math.round(100 - (100 * big.findingsPerS) / Math.max(1, empty.findingsPerS))} % of the rate`
        : ''),
  );
  w(
    `CPU: % of one core over the phase (${r.cores} cores = ${r.cores * 100} %); API loop lag p99 ${r.ingest.map((g) => fmt(g.apiLoopLag.p99Ms)).join(' / ')} ms; generator loop delay p99 ${r.ingest.map((g) => fmt(g.generatorLoopDelay.p99Ms)).join(' / ')} ms`,
  );
  const failed = r.ingest.find((g) => g.firstError);
  if (failed) w(`first HTTP error: ${failed.firstError}`);

  const c = r.close;
  w('\n### 4. Close\n');
  table(
    markdownTable(
      ['step', ['result', 'right']],
      [
        [
          'counters equal the recount of every row after the ingestion',
          `${yes(c.countersEqualRecount)}${c.countersDiffering ? ` (${c.countersDiffering} differ)` : ''} (${c.counters.toLocaleString('en')} counters)`,
        ],
        [
          "POST /transitions {to: 'closed'} (the snapshot is taken inside it)",
          `${fmt(c.closeMs)} ms`,
        ],
        [
          'GET /tallies after: frozen, with its snapshotSha256',
          `${yes(c.frozen && c.sha256Matches)} (${(c.snapshotSha256 ?? '-').slice(0, 12)}..., as of seq ${c.asOfSeq})`,
        ],
        [
          'GET /tallies frozen, 20 reads p50 / p95 / p99 / max',
          `${dist(c.frozenRead)} ms, ${c.frozenRead.bytes.toLocaleString('en')} bytes`,
        ],
        [
          'snapshot body, length(body) in operation_snapshots',
          `${c.snapshotChars?.toLocaleString('en')} characters (${c.snapshotBytes?.toLocaleString('en')} bytes)`,
        ],
      ],
    ),
  );

  table(goalsTable(r.goals));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
