import { matchKey } from '@actionday/identifiers';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../src/audit/audit.repository';
import { AuditService } from '../src/audit/audit.service';
import { dataSourceOptions, MIGRATIONS } from '../src/database/data-source';
import { AuditHardening1764403200000 } from '../src/database/migrations/1764403200000-audit-hardening';
import { BulkWrites1764489600000 } from '../src/database/migrations/1764489600000-bulk-writes';
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
      // The SQL of the migrations computes the keys exactly as the application does: a target's on
      // the target, a finding's in the identifier index.
      // Keyed by the normalized value: rows inserted within one millisecond have no order of their own.
      const targetKeys: { normalized: string; match_key: string | null }[] = await after.query(
        `SELECT normalized, match_key FROM targets WHERE operation_id = $1 ORDER BY normalized`,
        [opId],
      );
      expect(Object.fromEntries(targetKeys.map((t) => [t.normalized, t.match_key]))).toEqual(
        Object.fromEntries(targets.map(([kind, normalized]) => [normalized, matchKey(kind as never, normalized)])),
      );
      expect(targetKeys.map((t) => t.match_key)).toContain('phone:+380671234567');
      const findingKeys: { match_key: string }[] = await after.query(`SELECT match_key FROM identifiers WHERE operation_id = $1 ORDER BY id`, [opId]);
      expect(findingKeys.map((k) => k.match_key)).toEqual(identifiers.map((i) => matchKey(i.kind as never, i.normalized)));

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

      // Undoing the move of the targets' keys (and the migrations after it, last first) puts them
      // back in the index, and redoing it again.
      for (let i = MIGRATIONS.indexOf(BulkWrites1764489600000); i < MIGRATIONS.length; i++) await after.undoLastMigration();
      const indexed: { n: string }[] = await after.query(`SELECT count(*) AS n FROM identifiers WHERE operation_id = $1 AND target_id IS NOT NULL`, [opId]);
      expect(Number(indexed[0].n)).toBe(targetKeys.filter((t) => t.match_key !== null).length);
      await after.runMigrations();
      const again: { normalized: string; match_key: string | null }[] = await after.query(
        `SELECT normalized, match_key FROM targets WHERE operation_id = $1 ORDER BY normalized`,
        [opId],
      );
      expect(again).toEqual(targetKeys);
    } finally {
      await after.destroy();
    }
  });
  it('keeps audit entries written before the operation id was hashed verifying, and refuses a downgraded one', async () => {
    const upgraded = `${name}_audit`;
    const upgradedUrl = withDatabase(server, upgraded);
    await adminQuery(server, `CREATE DATABASE ${upgraded}`);
    const open = async (migrations: typeof MIGRATIONS) => {
      const ds = new DataSource({ ...dataSourceOptions(upgradedUrl, 1), migrations });
      await ds.initialize();
      await ds.runMigrations();
      return ds;
    };
    try {
      const before = await open(MIGRATIONS.slice(0, MIGRATIONS.indexOf(AuditHardening1764403200000)));
      const [{ id: opId }] = await before.query(
        `INSERT INTO operations (name, kind, starts_at, ends_at, timezone, countries) VALUES ('old', 'mapping', now(), now() + interval '1 day', 'UTC', '{NL}') RETURNING id`,
      );
      for (const action of ['operation.create', 'team.create']) {
        await before.query(`INSERT INTO audit_log (operation_id, action, entity_type, details) VALUES ($1, $2, 'operation', '{"before":true}')`, [opId, action]);
      }
      await before.destroy();

      const after = await open(MIGRATIONS);
      try {
        for (const action of ['note.add', 'note.add']) {
          await after.query(`INSERT INTO audit_log (operation_id, action, entity_type) VALUES ($1, $2, 'note')`, [opId, action]);
        }
        const versions = await after.query(`SELECT hash_version FROM audit_log WHERE operation_id = $1 ORDER BY seq`, [opId]);
        expect(versions.map((v: { hash_version: number }) => v.hash_version)).toEqual([1, 1, 2, 2]);
        expect(await new AuditService(new AuditRepository(after)).verify(opId)).toMatchObject({ ok: true, entries: 4, closeHead: null, purged: false });
        // The runtime role got its grants on the tables of the earlier migrations.
        const [grants] = await after.query(
          `SELECT has_table_privilege('actionday_runtime', 'findings', 'DELETE') AS findings, has_table_privilege('actionday_runtime', 'audit_log', 'UPDATE') AS audit_update,
                  has_column_privilege('actionday_runtime', 'audit_log', 'details', 'UPDATE') AS audit_details`,
        );
        expect(grants).toEqual({ findings: true, audit_update: false, audit_details: true });

        // Someone rewrites the last entry as version 1, whose hash leaves the operation id out.
        const runner = after.createQueryRunner();
        try {
          await runner.query(`SET session_replication_role = replica`);
          await runner.query(
            `UPDATE audit_log SET hash_version = 1, hash = encode(sha256(convert_to(concat_ws(E'\\n', prev_hash, seq::text, audit_time(at), coalesce(actor_id::text, ''),
                    action, entity_type, coalesce(entity_id, ''), coalesce(details_sha256, '')), 'UTF8')), 'hex')
              WHERE operation_id = $1 AND seq = 4`,
            [opId],
          );
        } finally {
          await runner.release();
        }
        expect((await new AuditService(new AuditRepository(after)).verify(opId)).firstInvalid).toEqual({ seq: 4, reason: 'its hash version 1 comes after entries of version 2' });
      } finally {
        await after.destroy();
      }
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${upgraded} WITH (FORCE)`);
    }
  });
});
