import { apiPaths, type Finding, type Page, type Target } from '@actionday/contracts';
import { Client } from 'pg';
import { createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

/**
 * Keyset pages must hand out every row once, however the rows got their times: the cursor
 * carries a JavaScript Date (milliseconds) and rows written by the column default (`now()`) or
 * by the bulk import have microseconds in PostgreSQL unless the column is stored in milliseconds.
 */
describe('keyset pages over rows created within the same millisecond', () => {
  let t: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
  });
  afterAll(() => t.close());

  async function owner<T>(run: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: t.ownerUrl });
    await c.connect();
    try {
      return await run(c);
    } finally {
      await c.end();
    }
  }

  /** Every page of a list, bounded: a cursor that does not advance fails instead of hanging. */
  async function walk<T extends { id: string }>(path: (cursor: string | null) => string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const body: Page<T> = await expectStatus(t.get<Page<T>>(path(cursor), s.organizer.token), 200);
      ids.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error(`still paging after 50 pages: ${ids.length} items, ${new Set(ids).size} distinct`);
  }

  it('lists every target and every finding exactly once, page after page', async () => {
    const created = [];
    for (let i = 0; i < 12; i++) created.push(await createTarget(t, s, { kind: 'url', value: `https://page-${i}.example/` }));
    for (let i = 0; i < 12; i++) {
      await expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), { clientId: crypto.randomUUID(), type: 'suspect', alias: `Page ${i}` }, s.officerNl.token), 201);
    }
    // What a statement writes at once shares its time to the microsecond: the worst case for a cursor.
    await owner(async (c) => {
      const stamped = await c.query(`UPDATE targets SET created_at = '2026-11-23T10:00:00.123456Z' WHERE operation_id = $1 RETURNING created_at`, [s.operation.id]);
      expect(stamped.rowCount).toBe(12);
      await c.query(`UPDATE findings SET created_at = timestamptz '2026-11-23T10:00:00.654321Z' - (random() * interval '900 microseconds') WHERE operation_id = $1`, [s.operation.id]);
    });

    const targets = await walk<Target>((cursor) => `${apiPaths.targets(s.operation.id)}?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
    expect(targets.length).toBe(12);
    expect(new Set(targets)).toEqual(new Set(created.map((c) => c.id)));
    const findings = await walk<Finding>((cursor) => `${apiPaths.findings(s.operation.id)}?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
    expect(findings.length).toBe(12);
    expect(new Set(findings).size).toBe(12);
  });

  it('stores the paged tables’ times in milliseconds, as the cursors carry them', async () => {
    const { rows } = await owner((c) =>
      c.query<{ table_name: string; datetime_precision: number }>(
        `SELECT table_name, datetime_precision FROM information_schema.columns
          WHERE table_schema = 'public' AND column_name = 'created_at' AND table_name IN ('operations', 'targets', 'findings', 'matches') ORDER BY table_name`,
      ),
    );
    expect(rows).toEqual(['findings', 'matches', 'operations', 'targets'].map((table_name) => ({ table_name, datetime_precision: 3 })));
  });
});
