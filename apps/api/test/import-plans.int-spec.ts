import { performance } from 'node:perf_hooks';
import { apiPaths, type ImportResult } from '@actionday/contracts';
import { Client } from 'pg';
import { createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

const ROWS = 20_000;

/**
 * A real import must cost about what its dry run costs, whatever the connection did before. A
 * pooled connection that first wrote a few targets one by one has cached the plans of its
 * foreign-key checks while the tables were small (a sequential scan each): an import on that
 * connection then scanned the targets once per identifier it indexed, quadratic in the rows.
 */
describe('a bulk import on a connection with a history', () => {
  let t: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    // One connection, so that the import surely runs on the one that did the single writes.
    t = await TestApp.start({ pool: { poolSize: 1, statementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 60_000 } });
    s = await scenario(t, { live: false });
  });
  afterAll(() => t.close());

  it(`imports ${ROWS} rows in a time bounded by its dry run`, async () => {
    for (let i = 0; i < 30; i++) await createTarget(t, s, { kind: 'phone', value: `+31 6 5000 ${String(i).padStart(4, '0')}` });
    // Statistics taken while the tables were small, as autovacuum takes them after a demo seed.
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    await owner.query('ANALYZE targets, identifiers, findings, tally_counters');
    await owner.end();
    // And more single writes on the one connection, after those statistics.
    for (let i = 30; i < 40; i++) await createTarget(t, s, { kind: 'phone', value: `+31 6 5000 ${String(i).padStart(4, '0')}` });
    const csv = ['kind,value,tags', ...Array.from({ length: ROWS }, (_, i) => `phone,+31 6 ${String(10_000_000 + i).slice(0, 4)} ${String(i).padStart(4, '0')},bulk`)].join('\n');
    const run = async (dryRun: boolean) => {
      const started = performance.now();
      const res = await t.request<ImportResult>('POST', `${apiPaths.targetsImport(s.operation.id)}?dryRun=${dryRun}`, {
        token: s.coordinator.token,
        rawBody: csv,
        headers: { 'content-type': 'text/csv' },
      });
      return { res, ms: performance.now() - started };
    };
    const dry = await run(true);
    expect(dry.res.status).toBe(200);
    expect(dry.res.body).toMatchObject({ dryRun: true, created: ROWS });
    const real = await run(false);
    expect(real.res.status).toBe(201);
    expect(real.res.body).toMatchObject({ dryRun: false, created: ROWS });
    // Linear: a real import writes the rows, their identifiers and counters, which costs a few
    // times a dry run; quadratic work would cost thousands of times more.
    if (!(real.ms < 8 * dry.ms + 4000)) throw new Error(`the real import took ${Math.round(real.ms)} ms against a dry run of ${Math.round(dry.ms)} ms`);
    const listed = await expectStatus(t.get<{ items: unknown[] }>(`${apiPaths.targets(s.operation.id)}?tag=bulk&limit=5`, s.coordinator.token), 200);
    expect(listed.items).toHaveLength(5);
  }, 120_000);
});

/**
 * No statement holds an operation for minutes: DATABASE_STATEMENT_TIMEOUT bounds each one. An
 * import that runs into it is refused with a message that says so, and leaves nothing behind.
 */
describe('a bulk import over the statement time limit', () => {
  let t: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    t = await TestApp.start({ pool: { poolSize: 4, statementTimeoutMs: 40, idleInTransactionTimeoutMs: 60_000 } });
    s = await scenario(t, { live: false });
  });
  afterAll(() => t.close());

  it('answers 503 naming the limit, and nothing of it stays', async () => {
    const csv = ['kind,value', ...Array.from({ length: ROWS }, (_, i) => `username,@limit_${i}`)].join('\n');
    const res = await t.request<{ message: string }>('POST', `${apiPaths.targetsImport(s.operation.id)}?dryRun=false`, {
      token: s.coordinator.token,
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/DATABASE_STATEMENT_TIMEOUT.*nothing was saved/);
    expect(res.headers.get('retry-after')).toBeNull();
    const listed = await expectStatus(t.get<{ items: unknown[] }>(`${apiPaths.targets(s.operation.id)}?limit=5`, s.coordinator.token), 200);
    expect(listed.items).toEqual([]);
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      const [{ n }] = (await owner.query(`SELECT count(*)::int AS n FROM audit_log WHERE operation_id = $1 AND action = 'targets.import'`, [s.operation.id])).rows;
      expect(n).toBe(0);
    } finally {
      await owner.end();
    }
  }, 60_000);
});
