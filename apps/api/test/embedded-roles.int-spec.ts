import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../src/audit/audit.repository';
import { AuditService } from '../src/audit/audit.service';
import { dataSourceOptions, MIGRATIONS } from '../src/database/data-source';
import { EMBEDDED_APP_ROLE, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { ensureApiBuilt, startApiProcess } from './support/api-process';

/**
 * The embedded default (no DATABASE_URL) on a .data folder made by the previous release: the
 * upgrade migrates it as the embedded superuser, creates the app's own login role, and the app
 * runs as that role from then on, its old audit entries still verifying.
 */
describe('embedded PostgreSQL: an existing .data folder upgraded to separate roles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actionday-upgrade-'));
  const cluster = () => {
    const [, , , port] = readFileSync(join(dir, 'pg/postmaster.pid'), 'utf8').split('\n');
    const password = readFileSync(join(dir, 'pg-password'), 'utf8').trim();
    return { port: Number(port), password };
  };
  const superuser = () => {
    const { port, password } = cluster();
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/actionday`;
  };
  let operationId: string;
  /** What `main.js migrate` said for an owner that may not create roles, before the group existed. */
  let noCreateRole: { code: number | null; lines: string[] };

  beforeAll(async () => {
    // PostgreSQL runs as its own system user when the tests run as root: it must reach DATA_DIR/pg.
    chmodSync(dir, 0o755);
    await ensureApiBuilt();
    const embedded = await startEmbeddedPostgres(dir, () => undefined);
    try {
      // The schema of the release before this one, with an operation and its audit entries.
      const ds = new DataSource({ ...dataSourceOptions(embedded.url, 1), migrations: MIGRATIONS.slice(0, 4) });
      await ds.initialize();
      await ds.runMigrations();
      [{ id: operationId }] = await ds.query(
        `INSERT INTO operations (name, kind, starts_at, ends_at, timezone, countries) VALUES ('old day', 'mapping', now(), now() + interval '1 day', 'UTC', '{NL}') RETURNING id`,
      );
      for (const action of ['operation.create', 'team.create']) {
        await ds.query(`INSERT INTO audit_log (operation_id, action, entity_type, entity_id, details) VALUES ($1, $2, 'operation', $3, '{"old":true}')`, [operationId, action, operationId]);
      }
      await ds.destroy();

      // A database owned by a role that may not create roles, migrated while the cluster has no
      // actionday_runtime yet: the migration stops and names what a superuser must run.
      const su = new Client({ connectionString: embedded.url });
      await su.connect();
      await su.query(`CREATE ROLE plain_owner LOGIN PASSWORD 'plain-owner-password'`);
      await su.query(`CREATE DATABASE owned_by_plain OWNER plain_owner`);
      await su.end();
      const url = Object.assign(new URL(embedded.url), { username: 'plain_owner', password: 'plain-owner-password', pathname: '/owned_by_plain' }).toString();
      const migrate = await startApiProcess({ DATABASE_URL: url }, ['migrate']);
      noCreateRole = { code: await migrate.exited, lines: migrate.lines };
    } finally {
      await embedded.stop();
    }
  }, 120_000);
  afterAll(async () => {
    // Whatever happened, the cluster of this test does not outlive it.
    if (existsSync(join(dir, 'pg/postmaster.pid'))) {
      const pid = Number(readFileSync(join(dir, 'pg/postmaster.pid'), 'utf8').split('\n')[0]);
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
      for (let i = 0; i < 100 && existsSync(join(dir, 'pg/postmaster.pid')); i++) await new Promise((r) => setTimeout(r, 100));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells an owner that may not create roles, in one line, what a superuser must run', () => {
    expect(noCreateRole.code).toBe(1);
    expect(noCreateRole.lines).toEqual([
      expect.stringMatching(
        /^actionday: the database migrations failed over DATABASE_URL: the role actionday_runtime does not exist and plain_owner may not create roles; as a superuser run: CREATE ROLE actionday_runtime NOLOGIN; then start again$/,
      ),
    ]);
  });

  it('migrates as the superuser, runs the app as its own login role, and keeps the old entries verifying', async () => {
    const app = await startApiProcess({ DATA_DIR: dir });
    try {
      expect(app.lines.some((l) => l.includes('actionday is running at'))).toBe(true);
      expect(app.lines.filter((l) => /warning/.test(l))).toEqual([]);
      expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);

      // The app's password, kept beside the superuser's, readable by its owner only.
      const passwordFile = join(dir, 'pg-app-password');
      expect(statSync(passwordFile).mode & 0o777).toBe(0o600);

      const su = new Client({ connectionString: superuser() });
      await su.connect();
      try {
        const sessions = await su.query(`SELECT DISTINCT usename AS name FROM pg_stat_activity WHERE datname = 'actionday' AND application_name = 'actionday-api'`);
        expect(sessions.rows).toEqual([{ name: EMBEDDED_APP_ROLE }]);
        const [role] = (await su.query(`SELECT rolsuper, rolcanlogin, pg_has_role(oid, 'actionday_runtime', 'MEMBER') AS runtime FROM pg_roles WHERE rolname = $1`, [EMBEDDED_APP_ROLE])).rows;
        expect(role).toEqual({ rolsuper: false, rolcanlogin: true, runtime: true });
      } finally {
        await su.end();
      }

      // An entry appended now, as the app's role, is of the new hash version and follows the old ones.
      const asApp = new Client({ connectionString: superuser().replace(/^postgres:\/\/postgres:[^@]*@/, `postgres://${EMBEDDED_APP_ROLE}:${readFileSync(passwordFile, 'utf8').trim()}@`) });
      await asApp.connect();
      try {
        await asApp.query(`INSERT INTO audit_log (operation_id, action, entity_type) VALUES ($1, 'note.add', 'note')`, [operationId]);
        await expect(asApp.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
        const versions = (await asApp.query(`SELECT seq, hash_version FROM audit_log WHERE operation_id = $1 ORDER BY seq`, [operationId])).rows;
        expect(versions.map((v) => [Number(v.seq), v.hash_version])).toEqual([
          [1, 1],
          [2, 1],
          [3, 2],
        ]);
      } finally {
        await asApp.end();
      }
      const ds = new DataSource(dataSourceOptions(superuser(), 1));
      await ds.initialize();
      try {
        expect(await new AuditService(new AuditRepository(ds)).verify(operationId)).toMatchObject({ ok: true, entries: 3 });
      } finally {
        await ds.destroy();
      }
    } finally {
      await app.stop();
    }
    expect(existsSync(join(dir, 'pg/postmaster.pid'))).toBe(false);

    // The next start finds the role and its password as they were.
    const again = await startApiProcess({ DATA_DIR: dir });
    try {
      expect(again.lines.some((l) => l.includes('actionday is running at'))).toBe(true);
      expect((await fetch(`${again.baseUrl}/api/health`)).status).toBe(200);
    } finally {
      await again.stop();
    }
  }, 120_000);
});
