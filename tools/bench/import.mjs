// Benchmark: importing targets from CSV at action-day scale, against plain COPY in the same run.
//
//   node tools/bench/import.mjs [rows=100000]
//
// Needs the built API (npx nx run api:build) and a PostgreSQL server on this machine
// (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres): a fresh database is
// created and dropped. Plain COPY reads the same rows from a server-side file, so the server must
// run on this machine. Prints a table; nothing here is a test.
import { rmSync, writeFileSync, chmodSync } from 'node:fs';
import pg from 'pg';
import { benchAdmin as admin, createBenchDatabase, jsonCaller, startApi } from './lib/api-server.mjs';

const ROWS = Number(process.argv[2] ?? 100_000);

const seconds = (ms) => (ms / 1000).toFixed(2);

function csvRows(n) {
  const kinds = ['platform', 'url', 'username', 'phone', 'email', 'messaging'];
  const lines = ['kind,value,platform,category,country,language,tags,priority,notes'];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length];
    const value = {
      platform: `site-${i}.example`,
      url: `https://www.ads-${i % 997}.example/listing/${i}?utm_source=bench`,
      username: `@bench_user_${i}`,
      phone: `+1 202 555 ${String(i % 10000).padStart(4, '0')}`.replace(/ (\d{4})$/, (m) => (i < 10000 ? m : ` ${i}`)),
      email: `contact.${i}@example.org`,
      messaging: `@bench_chat_${i}`,
    }[kind];
    lines.push(`${kind},${value},${kind === 'username' ? 'instagram.com' : ''},classifieds,NL,nl,bench;ukraine-related,${i % 6},`);
  }
  return lines.join('\n') + '\n';
}

async function main() {
  const db = await createBenchDatabase();
  const dbUrl = db.url;
  const api = await startApi(dbUrl).catch(async (e) => {
    await db.drop();
    throw e;
  });
  const call = jsonCaller(`${api.base}/api/v1`);
  try {
    const { accessToken: token } = await call('POST', '/auth/login', admin);
    const op = await call('POST', '/operations', { name: 'bench', kind: 'mapping', startsAt: '2026-11-23T06:00:00Z', endsAt: '2026-11-24T06:00:00Z', timezone: 'UTC', countries: ['NL'] }, token);
    const csv = csvRows(ROWS);
    const results = [];

    let t0 = performance.now();
    const dry = await call('POST', `/operations/${op.id}/targets/import?dryRun=true`, csv, token, { 'content-type': 'text/csv' });
    results.push(['import, dry run', performance.now() - t0, dry.created]);

    t0 = performance.now();
    const real = await call('POST', `/operations/${op.id}/targets/import?dryRun=false`, csv, token, { 'content-type': 'text/csv' });
    results.push(['import, real', performance.now() - t0, real.created]);

    // Plain COPY of the same rows (already normalized) into a bare table of the same shape.
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await client.query('CREATE TABLE copy_bench (LIKE targets INCLUDING DEFAULTS INCLUDING INDEXES)');
    const file = `/tmp/actionday-bench-${process.pid}.csv`;
    const { rows } = await client.query('SELECT operation_id, kind, value, normalized, platform, category, country, language, tags, priority FROM targets');
    writeFileSync(file, rows.map((r) => [r.operation_id, r.kind, JSON.stringify(r.value), JSON.stringify(r.normalized), r.platform ?? '', r.category, r.country, r.language, `"{${r.tags.join(',')}}"`, r.priority].join(',')).join('\n') + '\n');
    chmodSync(file, 0o644);
    t0 = performance.now();
    await client.query(`COPY copy_bench (operation_id, kind, value, normalized, platform, category, country, language, tags, priority) FROM '${file}' WITH (FORMAT csv, QUOTE '"', ESCAPE '\\')`);
    results.push(['plain COPY (same rows, same indexes)', performance.now() - t0, rows.length]);
    rmSync(file, { force: true });

    const page = [];
    for (let i = 0; i < 20; i++) {
      t0 = performance.now();
      await call('GET', `/operations/${op.id}/targets?limit=100`, undefined, token);
      page.push(performance.now() - t0);
    }
    page.sort((a, b) => a - b);
    await client.end();

    const copyMs = results[2][1];
    console.log(`\nimport benchmark, ${ROWS} rows (${(csv.length / 1e6).toFixed(1)} MB CSV), node ${process.version}\n`);
    console.log('| step | seconds | rows | rows/s | vs plain COPY |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [name, ms, n] of results) console.log(`| ${name} | ${seconds(ms)} | ${n} | ${Math.round(n / (ms / 1000))} | ${(ms / copyMs).toFixed(1)}x |`);
    console.log(`\nboard first page (100 targets of ${ROWS}): p50 ${page[10].toFixed(1)} ms, max ${page[19].toFixed(1)} ms over 20 requests`);
  } finally {
    await api.stop();
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
