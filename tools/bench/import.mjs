// @ts-check
// Benchmark: importing targets from CSV at action-day scale, on the two databases a coordinator
// meets: an empty one, and one where the demo was seeded (the default first start) whose pool has
// already done single writes and whose statistics were taken while the tables were small.
//
//   node tools/bench/import.mjs [rows=100000]
//
// Needs the built API (npx nx run api:build) and a PostgreSQL server on this machine
// (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres): fresh databases are
// created and dropped. Plain COPY reads the same rows from a server-side file, so the server must
// run on this machine. Prints a table; nothing here is a test.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  benchAdmin as admin,
  createBenchDatabase,
  jsonCaller,
  startApi,
  vacuum,
} from './lib/api-server.mjs';
import { integerAtLeast, parseOptions, usageError } from './lib/args.mjs';
import { login } from './lib/operation.mjs';
import { withPg } from './lib/pg.mjs';
import { markdownTable } from './lib/report.mjs';

/** @typedef {import('./lib/api-server.mjs').JsonCall} JsonCall */

const USAGE =
  'usage: node tools/bench/import.mjs [rows=100000]   (1 to 100000 rows; needs npx nx run api:build)';
const { positionals } = parseOptions(USAGE, {}, { allowPositionals: true });
const ROWS = integerAtLeast(positionals[0] ?? '100000', 1);
if (ROWS === null || ROWS > 100_000) usageError(USAGE);
/** Targets created one by one before the import on the seeded database, concurrently enough to reach every pooled connection. */
const SINGLE_WRITES = 200;
const SINGLE_CONCURRENCY = 20;

/** @param {number} ms */
const seconds = (ms) => (ms / 1000).toFixed(2);

/**
 * @param {number} n
 * @returns {string}
 */
function csvRows(n) {
  const kinds = ['platform', 'url', 'username', 'phone', 'email', 'messaging'];
  const lines = ['kind,value,platform,category,country,language,tags,priority,notes'];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length];
    /** @type {Record<string, string>} */
    const values = {
      platform: `site-${i}.example`,
      url: `https://www.ads-${i % 997}.example/listing/${i}?utm_source=bench`,
      username: `@bench_user_${i}`,
      phone: `+1 202 555 ${String(i % 10000).padStart(4, '0')}`.replace(/ (\d{4})$/, (m) =>
        i < 10000 ? m : ` ${i}`,
      ),
      email: `contact.${i}@example.org`,
      messaging: `@bench_chat_${i}`,
    };
    const value = values[kind];
    lines.push(
      `${kind},${value},${kind === 'username' ? 'instagram.com' : ''},classifieds,NL,nl,bench;ukraine-related,${i % 6},`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * @param {JsonCall} call
 * @param {string} token
 */
const newOperation = (call, token) =>
  call(
    'POST',
    '/operations',
    {
      name: 'bench',
      kind: 'mapping',
      startsAt: '2026-11-23T06:00:00Z',
      endsAt: '2026-11-24T06:00:00Z',
      timezone: 'UTC',
      countries: ['NL'],
    },
    token,
  );

/** @typedef {[step: string, ms: number, rows: number]} Step */

/**
 * Dry run, then the real import, of `csv` into a new operation; `before` runs between creating the operation and the dry run.
 * @param {string} state
 * @param {string} dbUrl
 * @param {string} csv
 * @param {Record<string, string>} env
 * @param {(call: JsonCall, token: string, operationId: string) => Promise<void>} [before]
 * @returns {Promise<{ results: Step[], page: number[] }>}
 */
async function importInto(state, dbUrl, csv, env, before = async () => undefined) {
  const api = await startApi(dbUrl, env);
  const call = jsonCaller(`${api.base}/api/v1`);
  try {
    const { accessToken: token } = await login(call, admin);
    const op = await newOperation(call, token);
    await before(call, token, op.id);
    /** @type {Step[]} */
    const results = [];
    for (const dryRun of [true, false]) {
      const t0 = performance.now();
      const r = await call(
        'POST',
        `/operations/${op.id}/targets/import?dryRun=${dryRun}`,
        csv,
        token,
        { 'content-type': 'text/csv' },
      );
      results.push([
        `${state}: import, ${dryRun ? 'dry run' : 'real'}`,
        performance.now() - t0,
        r.created,
      ]);
    }
    const page = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await call('GET', `/operations/${op.id}/targets?limit=100`, undefined, token);
      page.push(performance.now() - t0);
    }
    page.sort((a, b) => a - b);
    return { results, page };
  } finally {
    await api.stop();
  }
}

/**
 * Plain COPY of the imported rows (already normalized; the database holds nothing else) into a bare table of the targets' shape, with the same indexes.
 * @param {string} dbUrl
 * @returns {Promise<Step>}
 */
async function plainCopy(dbUrl) {
  const file = `/tmp/actionday-bench-${process.pid}.csv`;
  return withPg(dbUrl, async (client) => {
    try {
      await client.query(
        'CREATE TABLE copy_bench (LIKE targets INCLUDING DEFAULTS INCLUDING INDEXES)',
      );
      const { rows } = await client.query(
        'SELECT operation_id, kind, value, normalized, platform, category, country, language, tags, priority FROM targets',
      );
      writeFileSync(
        file,
        rows
          .map((r) =>
            [
              r.operation_id,
              r.kind,
              JSON.stringify(r.value),
              JSON.stringify(r.normalized),
              r.platform ?? '',
              r.category,
              r.country,
              r.language,
              `"{${r.tags.join(',')}}"`,
              r.priority,
            ].join(','),
          )
          .join('\n') + '\n',
      );
      chmodSync(file, 0o644);
      const t0 = performance.now();
      await client.query(
        `COPY copy_bench (operation_id, kind, value, normalized, platform, category, country, language, tags, priority) FROM '${file}' WITH (FORMAT csv, QUOTE '"', ESCAPE '\\')`,
      );
      return /** @type {Step} */ ([
        'plain COPY (same rows, same indexes)',
        performance.now() - t0,
        rows.length,
      ]);
    } finally {
      rmSync(file, { force: true });
    }
  });
}

async function main() {
  const rows = /** @type {number} */ (ROWS);
  const csv = csvRows(rows);
  /** @type {Step[]} */
  const table = [];
  /** @type {[state: string, page: number[]][]} */
  const pages = [];

  const empty = await createBenchDatabase();
  try {
    const { results, page } = await importInto('empty database', empty.url, csv, {});
    table.push(...results);
    pages.push(['empty database', page]);
    table.push(await plainCopy(empty.url));
  } finally {
    await empty.drop();
  }

  const seeded = await createBenchDatabase();
  try {
    const { results, page } = await importInto(
      'demo-seeded database',
      seeded.url,
      csv,
      { DEMO: 'on' },
      async (call, token, operationId) => {
        // Single creates on every pooled connection, then fresh statistics of the still small tables
        // (what autovacuum does): the state in which cached plans and estimates were worst.
        let next = 0;
        await Promise.all(
          Array.from({ length: SINGLE_CONCURRENCY }, async () => {
            for (let i = next++; i < SINGLE_WRITES; i = next++) {
              await call(
                'POST',
                `/operations/${operationId}/targets`,
                { kind: 'url', value: `https://single-${i}.example/ad` },
                token,
              );
            }
          }),
        );
        await vacuum(seeded.url);
      },
    );
    table.push(...results);
    pages.push(['demo-seeded database', page]);
  } finally {
    await seeded.drop();
  }

  const copyMs = table.find(([name]) => name.startsWith('plain COPY'))?.[1] ?? NaN;
  console.log(
    `\nimport benchmark, ${rows} rows (${(csv.length / 1e6).toFixed(1)} MB CSV), node ${process.version}\n`,
  );
  const steps = table.map(([name, ms, n]) => [
    name,
    seconds(ms),
    n,
    Math.round(n / (ms / 1000)),
    `${(ms / copyMs).toFixed(1)}x`,
  ]);
  for (const line of markdownTable(
    [
      'step',
      ['seconds', 'right'],
      ['rows', 'right'],
      ['rows/s', 'right'],
      ['vs plain COPY', 'right'],
    ],
    steps,
  ))
    console.log(line);
  console.log(
    `\nthe seeded database's import came after ${SINGLE_WRITES} single target creates (${SINGLE_CONCURRENCY} at a time) and VACUUM (ANALYZE)`,
  );
  for (const [state, page] of pages) {
    console.log(
      `board first page (100 targets), ${state}: p50 ${page[10].toFixed(1)} ms, max ${page[19].toFixed(1)} ms over 20 requests`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
