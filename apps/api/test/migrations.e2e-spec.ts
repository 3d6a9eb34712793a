import { matchKey } from '@actionday/identifiers';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../src/database/data-source';
import { adminQuery, withDatabase } from './support/database';

/** Upgrading a database that already holds an action day keeps and indexes what it holds. */
describe('migrations on an existing database', () => {
  const server = process.env.ACTIONDAY_TEST_SERVER_URL as string;
  const name = `actionday_migrate_${process.pid}_${Date.now().toString(36)}`;
  const url = withDatabase(server, name);

  beforeAll(() => adminQuery(server, `CREATE DATABASE ${name}`));
  afterAll(() => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  const run = async (migrations: typeof MIGRATIONS) => {
    const ds = new DataSource({ ...dataSourceOptions(url, 1), migrations });
    await ds.initialize();
    await ds.runMigrations();
    return ds;
  };

  it('gives earlier operations the default indicators, earlier identifiers their match keys, findings their category', async () => {
    const before = await run(MIGRATIONS.slice(0, 2));
    const [{ id: userId }] = await before.query(`INSERT INTO users (email, display_name, password_hash) VALUES ('a@b.example', 'A', 'x') RETURNING id`);
    const [{ id: opId }] = await before.query(
      `INSERT INTO operations (name, kind, starts_at, ends_at, timezone, countries) VALUES ('old', 'mapping', now(), now() + interval '1 day', 'UTC', '{NL}') RETURNING id`,
    );
    const targets: [string, string][] = [
      ['phone', '+31612345678'],
      ['messaging', 'whatsapp:+380671234567'],
      ['messaging', 'telegram:anna'],
      ['email', 'a@b.example'],
      ['username', 'anna@instagram.com'],
      ['url', 'ads.example/listing/1'],
      ['platform', 'ads.example'],
      ['other', 'some text'],
    ];
    for (const [kind, normalized] of targets) {
      await before.query(`INSERT INTO targets (operation_id, kind, value, normalized) VALUES ($1, $2, $3, $3)`, [opId, kind, normalized]);
    }
    const identifiers = [
      { kind: 'phone', value: '+31 6 1234 5678', platform: null, normalized: '+31612345678', valid: true },
      { kind: 'messaging', value: 'wa.me/4915123456789', platform: 'whatsapp', normalized: 'whatsapp:+4915123456789', valid: true },
    ];
    await before.query(`UPDATE targets SET category = 'escort' WHERE operation_id = $1 AND normalized = 'ads.example'`, [opId]);
    await before.query(
      `INSERT INTO findings (operation_id, client_id, body_hash, type, author_id, identifiers, target_id)
       SELECT $1, gen_random_uuid(), 'h', 'suspect', $2, $3, id FROM targets WHERE operation_id = $1 AND normalized = 'ads.example'`,
      [opId, userId, JSON.stringify(identifiers)],
    );
    await before.destroy();

    const after = await run(MIGRATIONS);
    try {
      const indicators: { n: string }[] = await after.query(`SELECT count(*) AS n FROM indicators WHERE operation_id = $1 AND builtin`, [opId]);
      expect(Number(indicators[0].n)).toBeGreaterThanOrEqual(14);
      const keys: { match_key: string; finding: boolean }[] = await after.query(
        `SELECT match_key, finding_id IS NOT NULL AS finding FROM identifiers WHERE operation_id = $1 ORDER BY id`,
        [opId],
      );
      // The SQL of the migration computes the keys exactly as the application does.
      const expected = [
        ...targets.flatMap(([kind, normalized]) => {
          const key = matchKey(kind as never, normalized);
          return key ? [{ match_key: key, finding: false }] : [];
        }),
        ...identifiers.map((i) => ({ match_key: matchKey(i.kind as never, i.normalized), finding: true })),
      ];
      expect(keys).toEqual(expected);
      expect(keys.map((k) => k.match_key)).toContain('phone:+380671234567');

      // Findings take their target's category, and the new category counters start from the rows.
      const categories: { category: string | null }[] = await after.query(`SELECT category FROM findings WHERE operation_id = $1`, [opId]);
      expect(categories).toEqual([{ category: 'escort' }]);
      const counters: { key: string; metric: string; sub: string; value: string }[] = await after.query(
        `SELECT key, metric, sub, value FROM tally_counters WHERE operation_id = $1 AND dim = 'category' ORDER BY key, metric, sub`,
        [opId],
      );
      expect(counters).toEqual([
        { key: 'escort', metric: 'suspects', sub: '', value: '1' },
        { key: 'escort', metric: 'targets_state', sub: 'unassigned', value: '1' },
        { key: 'uncategorized', metric: 'targets_state', sub: 'unassigned', value: String(targets.length - 1) },
      ]);
    } finally {
      await after.destroy();
    }
  });
});
