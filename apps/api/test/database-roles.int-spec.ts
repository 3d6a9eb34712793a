import { Client } from 'pg';
import { RUNTIME_ROLE } from '../src/database/runtime-role';
import { ensureApiBuilt, startApiProcess } from './support/api-process';
import { adminQuery, asRuntime, createSuiteDatabase, TEST_RUNTIME_LOGIN, withDatabase } from './support/database';
import { expectStatus, scenario } from './support/scenario';
import { TestApp } from './support/test-app';

/** Tables whose rows are records; any table guarded by the immutability triggers counts too. */
const APPEND_ONLY = ['audit_log', 'operation_snapshots', 'publications'];
const TABLE_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];

const connect = async (url: string) => {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
};

/**
 * Every way the runtime role's privileges differ from the rule (see the migration
 * 1764403200000-audit-hardening): ordinary tables SELECT, INSERT, UPDATE, DELETE; append-only ones
 * SELECT and INSERT (and UPDATE of audit_log.details); schema_migrations SELECT; sequences USAGE
 * and SELECT; never TRUNCATE, REFERENCES or TRIGGER. An empty list is a database the API can work
 * in and cannot rewrite the records of.
 */
async function privilegeViolations(c: Client): Promise<string[]> {
  const tables = (
    await c.query<{ name: string; kind: string; append_only: boolean; privileges: string[]; columns_updatable: string[] }>(
      `SELECT c.relname AS name, c.relkind AS kind,
              c.relname = ANY($2) OR EXISTS (
                SELECT 1 FROM pg_trigger tg JOIN pg_proc p ON p.oid = tg.tgfoid
                 WHERE tg.tgrelid = c.oid AND NOT tg.tgisinternal AND p.proname IN ('refuse_change', 'audit_log_append_only')) AS append_only,
              ARRAY(SELECT p FROM unnest($3::text[]) AS p WHERE has_table_privilege($1, c.oid, p)) AS privileges,
              ARRAY(SELECT a.attname::text FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND has_column_privilege($1, c.oid, a.attnum, 'UPDATE')
                     ORDER BY a.attname) AS columns_updatable
         FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        ORDER BY c.relname`,
      [RUNTIME_ROLE, APPEND_ONLY, TABLE_PRIVILEGES],
    )
  ).rows;
  const violations: string[] = [];
  for (const t of tables) {
    const expected =
      t.name === 'schema_migrations' || t.kind === 'v' || t.kind === 'm'
        ? ['SELECT']
        : t.append_only
          ? ['SELECT', 'INSERT']
          : ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
    const missing = expected.filter((p) => !t.privileges.includes(p));
    const extra = t.privileges.filter((p) => !expected.includes(p));
    if (missing.length) violations.push(`${t.name}: lacks ${missing.join(', ')}`);
    if (extra.length) violations.push(`${t.name}: has ${extra.join(', ')}${t.append_only ? ' (append-only)' : ''}`);
    if (t.append_only) {
      const allowed = t.name === 'audit_log' ? ['details'] : [];
      const columns = t.columns_updatable.filter((col) => !allowed.includes(col));
      if (columns.length) violations.push(`${t.name}: may UPDATE ${columns.join(', ')} (append-only)`);
      if (t.name === 'audit_log' && !t.columns_updatable.includes('details')) violations.push('audit_log: lacks UPDATE (details), which retention needs');
    }
  }
  const sequences = (
    await c.query<{ name: string; usage: boolean; update: boolean }>(
      `SELECT c.relname AS name, has_sequence_privilege($1, c.oid, 'USAGE') AS usage, has_sequence_privilege($1, c.oid, 'UPDATE') AS update
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'`,
      [RUNTIME_ROLE],
    )
  ).rows;
  for (const s of sequences) {
    if (!s.usage) violations.push(`${s.name}: lacks USAGE`);
    if (s.update) violations.push(`${s.name}: has UPDATE (setval)`);
  }
  const functions = (
    await c.query<{ name: string }>(
      `SELECT p.oid::regprocedure::text AS name FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND NOT has_function_privilege($1, p.oid, 'EXECUTE')`,
      [RUNTIME_ROLE],
    )
  ).rows;
  for (const f of functions) violations.push(`${f.name}: lacks EXECUTE`);
  return violations;
}

describe('database roles: migrations as the owner, the API as a role that owns nothing', () => {
  let t: TestApp;
  let runtime: Client;

  beforeAll(async () => {
    t = await TestApp.start();
    runtime = await connect(t.databaseUrl);
  });
  afterAll(async () => {
    await runtime.end();
    await t.close();
  });

  it('runs the API as the runtime login, a member of the runtime group only, owning nothing', async () => {
    const [me] = (await runtime.query(`SELECT current_user AS name, r.* FROM pg_roles r WHERE r.rolname = current_user`)).rows;
    expect(me).toMatchObject({ name: TEST_RUNTIME_LOGIN, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false });
    const groups = (await runtime.query(`SELECT m.roleid::regrole::text AS name FROM pg_auth_members m WHERE m.member = current_user::regrole`)).rows;
    expect(groups).toEqual([{ name: RUNTIME_ROLE }]);
    const [group] = (await runtime.query(`SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = $1`, [RUNTIME_ROLE])).rows;
    expect(group).toEqual({ rolcanlogin: false, rolsuper: false });
    const owned = (
      await runtime.query(
        `SELECT relname AS name FROM pg_class WHERE pg_has_role(current_user, relowner, 'MEMBER')
         UNION ALL SELECT proname FROM pg_proc WHERE pg_has_role(current_user, proowner, 'MEMBER')
         UNION ALL SELECT nspname FROM pg_namespace WHERE pg_has_role(current_user, nspowner, 'MEMBER') AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'`,
      )
    ).rows;
    expect(owned).toEqual([]);
  });

  it('cannot switch off or get around the triggers, nor change the schema', async () => {
    const refused = async (sql: string, params: unknown[] = []) => {
      const error = await runtime.query(sql, params).then(
        () => null,
        (e: { code?: string; message: string }) => e,
      );
      return error ? `${error.code}` : `allowed: ${sql}`;
    };
    const denied = '42501';
    expect(await refused(`SET session_replication_role = replica`)).toBe(denied);
    expect(await refused(`SET ROLE postgres`)).toBe(denied);
    expect(await refused(`ALTER TABLE audit_log DISABLE TRIGGER ALL`)).toBe(denied);
    expect(await refused(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`)).toBe(denied);
    expect(await refused(`CREATE TABLE public.scratch (x int)`)).toBe(denied);
    expect(await refused(`CREATE FUNCTION public.scratch() RETURNS int LANGUAGE sql AS 'SELECT 1'`)).toBe(denied);
    expect(await refused(`CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'`)).toBe(denied);
    for (const table of APPEND_ONLY) {
      expect(await refused(`TRUNCATE ${table}`)).toBe(denied);
      expect(await refused(`DELETE FROM ${table}`)).toBe(denied);
    }
    expect(await refused(`UPDATE audit_log SET hash = hash`)).toBe(denied);
    expect(await refused(`UPDATE operation_snapshots SET body = body`)).toBe(denied);
    expect(await refused(`UPDATE publications SET body = body`)).toBe(denied);
    const tables = (await runtime.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`)).rows;
    expect(tables.length).toBeGreaterThan(10);
    for (const { name } of tables) {
      expect([name, await refused(`DROP TABLE ${name}`)]).toEqual([name, denied]);
      expect([name, await refused(`ALTER TABLE ${name} ADD COLUMN scratch int`)]).toEqual([name, denied]);
      expect([name, await refused(`TRUNCATE ${name}`)]).toEqual([name, denied]);
      expect([name, await refused(`CREATE TRIGGER scratch BEFORE INSERT ON ${name} FOR EACH ROW EXECUTE FUNCTION refuse_change()`)]).toEqual([name, denied]);
    }
  });

  it("cannot fool the triggers with a temporary table of its own session", async () => {
    const s = await scenario(t);
    // A temporary "operations" that says the operation was purged: the trigger still reads the real one.
    await runtime.query(`CREATE TEMP TABLE operations (id uuid, purged_at timestamptz)`);
    try {
      await runtime.query(`INSERT INTO pg_temp.operations VALUES ($1, now())`, [s.operation.id]);
      await expect(runtime.query(`UPDATE public.audit_log SET details = NULL WHERE operation_id = $1`, [s.operation.id])).rejects.toThrow(/append-only/);
    } finally {
      await runtime.query(`DROP TABLE pg_temp.operations`);
    }
    // A temporary "audit_log" does not move the chain: new entries still follow the real last one.
    await runtime.query(`CREATE TEMP TABLE audit_log (operation_id uuid, seq bigint, hash text)`);
    try {
      await runtime.query(`INSERT INTO pg_temp.audit_log VALUES ($1, 1000, 'forged')`, [s.operation.id]);
      await runtime.query(`INSERT INTO public.audit_log (operation_id, action, entity_type) VALUES ($1, 'note.add', 'note')`, [s.operation.id]);
    } finally {
      await runtime.query(`DROP TABLE pg_temp.audit_log`);
    }
    const verification = await expectStatus(t.post<{ ok: boolean; entries: number }>(`/api/v1/operations/${s.operation.id}/audit/verify`, {}, s.organizer.token), 200);
    expect(verification.ok).toBe(true);
  });

  it('grants every table what the API needs and the append-only tables no more than reading and appending', async () => {
    expect(await privilegeViolations(runtime)).toEqual([]);
  });

  it('gives tables created by later migrations the ordinary privileges, and notices an append-only one left with them', async () => {
    const owner = await connect(t.ownerUrl);
    try {
      await owner.query(`CREATE TABLE later_table (id bigserial PRIMARY KEY, note text)`);
      expect(await privilegeViolations(runtime)).toEqual([]);
      const [row] = (await runtime.query(`INSERT INTO later_table (note) VALUES ('x') RETURNING id`)).rows;
      expect(Number(row.id)).toBe(1);

      await owner.query(`CREATE TABLE later_records (id bigserial PRIMARY KEY, body text)`);
      await owner.query(`CREATE TRIGGER later_records_immutable BEFORE UPDATE OR DELETE ON later_records FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
      expect(await privilegeViolations(runtime)).toEqual(['later_records: has UPDATE, DELETE (append-only)', 'later_records: may UPDATE body, id (append-only)']);
      // What the migration adding such a table must do.
      await owner.query(`REVOKE UPDATE, DELETE ON later_records FROM ${RUNTIME_ROLE}`);
      expect(await privilegeViolations(runtime)).toEqual([]);
    } finally {
      await owner.query(`DROP TABLE IF EXISTS later_table, later_records`);
      await owner.end();
    }
  });
});

describe('start-up: one line when the app could bypass the audit triggers, none otherwise', () => {
  const server = process.env.ACTIONDAY_TEST_SERVER_URL as string;
  const OWNER = 'actionday_test_owner';
  const ownerDb = `actionday_owned_${process.pid}_${Date.now().toString(36)}`;
  const warning = (lines: string[]) => lines.filter((l) => /bypass the audit log/.test(l));
  const stacks = (lines: string[]) => lines.filter((l) => /^\s+at /.test(l));
  let db: Awaited<ReturnType<typeof createSuiteDatabase>>;

  beforeAll(async () => {
    await ensureApiBuilt();
    db = await createSuiteDatabase();
    // An owner that is not a superuser, as on a managed PostgreSQL. Roles belong to the cluster
    // (and to other runs of these tests): created once, never dropped.
    await adminQuery(
      server,
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${OWNER}') THEN
           BEGIN CREATE ROLE ${OWNER} LOGIN PASSWORD 'owner-test-password'; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
         END IF;
       END $$`,
    );
    await adminQuery(server, `CREATE DATABASE ${ownerDb} OWNER ${OWNER}`);
  }, 60_000);
  afterAll(async () => {
    await db.drop();
    await adminQuery(server, `DROP DATABASE IF EXISTS ${ownerDb} WITH (FORCE)`);
  });

  it('warns once, without a stack trace, when DATABASE_URL is a superuser, and still starts', async () => {
    const app = await startApiProcess({ DATABASE_URL: db.ownerUrl });
    try {
      expect(app.lines.some((l) => l.includes('actionday is running at'))).toBe(true);
      expect(warning(app.lines)).toEqual([expect.stringMatching(/role "postgres" can bypass the audit log's append-only triggers \(it is a superuser\).*MIGRATIONS_DATABASE_URL/)]);
      expect(stacks(app.lines)).toEqual([]);
      expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  }, 60_000);

  it('says nothing when the app runs as the runtime role and migrations as the owner', async () => {
    const app = await startApiProcess({ DATABASE_URL: db.url, MIGRATIONS_DATABASE_URL: db.ownerUrl });
    try {
      expect(app.lines.some((l) => l.includes('actionday is running at'))).toBe(true);
      expect(warning(app.lines)).toEqual([]);
      expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
      const owner = await connect(db.ownerUrl);
      try {
        const { rows } = await owner.query(
          `SELECT DISTINCT usename AS name FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'actionday-api'`,
        );
        expect(rows).toEqual([{ name: TEST_RUNTIME_LOGIN }]);
      } finally {
        await owner.end();
      }
    } finally {
      await app.stop();
    }
    // Without MIGRATIONS_DATABASE_URL, on a database that is up to date, the runtime role is enough.
    const again = await startApiProcess({ DATABASE_URL: db.url });
    try {
      expect(again.lines.some((l) => l.includes('actionday is running at'))).toBe(true);
      expect(warning(again.lines)).toEqual([]);
    } finally {
      await again.stop();
    }
  }, 60_000);

  it('warns when the app connects as the owner of the tables, once a non-superuser owner has migrated', async () => {
    const url = Object.assign(new URL(withDatabase(server, ownerDb)), { username: OWNER, password: 'owner-test-password' }).toString();
    // The owner migrates an empty database on its own: it may grant, not create roles (the group exists).
    const migrated = await startApiProcess({ DATABASE_URL: url }, ['migrate']);
    expect(await migrated.exited).toBe(0);
    expect(migrated.lines.join('\n')).toContain('applied migrations: ');
    const app = await startApiProcess({ DATABASE_URL: url });
    try {
      expect(warning(app.lines)).toEqual([expect.stringMatching(new RegExp(`role "${OWNER}" can bypass .*the owner \\(${OWNER}\\) of audit_log, operation_snapshots, publications`))]);
    } finally {
      await app.stop();
    }
    // The same database run properly: runtime login for the app, no warning.
    const proper = await startApiProcess({ DATABASE_URL: asRuntime(withDatabase(server, ownerDb)), MIGRATIONS_DATABASE_URL: url });
    try {
      expect(proper.lines.some((l) => l.includes('actionday is running at'))).toBe(true);
      expect(warning(proper.lines)).toEqual([]);
    } finally {
      await proper.stop();
    }
  }, 90_000);

  it('stops with one line naming the grant when the app connects as a role outside the runtime group', async () => {
    const STRANGER = 'actionday_test_stranger';
    await adminQuery(
      server,
      `DO $$ BEGIN CREATE ROLE ${STRANGER} LOGIN PASSWORD 'stranger-password'; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
    const url = Object.assign(new URL(db.ownerUrl), { username: STRANGER, password: 'stranger-password' }).toString();
    const app = await startApiProcess({ DATABASE_URL: url, MIGRATIONS_DATABASE_URL: db.ownerUrl });
    expect(await app.exited).toBe(1);
    expect(app.lines).toEqual([`actionday: the app's database role "${STRANGER}" may not use the tables; as a superuser run: GRANT actionday_runtime TO "${STRANGER}";`]);
  }, 60_000);

  it('stops with one line naming the fix when pending migrations meet a role that may not run them', async () => {
    const empty = `actionday_unmigrated_${process.pid}_${Date.now().toString(36)}`;
    await adminQuery(server, `CREATE DATABASE ${empty}`);
    try {
      const app = await startApiProcess({ DATABASE_URL: asRuntime(withDatabase(server, empty)) });
      expect(await app.exited).toBe(1);
      expect(app.lines).toEqual([expect.stringMatching(/^actionday: the database migrations failed over DATABASE_URL: permission denied .*set MIGRATIONS_DATABASE_URL to the owner/)]);
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${empty} WITH (FORCE)`);
    }
  }, 60_000);
});
