import { PgClient } from './pg-client';

/**
 * The NOLOGIN group role that holds what the API may do (created and granted by the migration
 * 1764403200000-audit-hardening, which spells the same name in its SQL). The API connects as a
 * login role that is a member of it and owns nothing.
 */
export const RUNTIME_ROLE = 'actionday_runtime';

/** The tables whose rows are records: the runtime may read and append, nothing else. */
const APPEND_ONLY = ['audit_log', 'operation_snapshots', 'publications'];

/**
 * Creates (or brings in line) a login role that is a member of the runtime group and nothing
 * else, with this password. `owner` must be allowed to create roles (the embedded superuser, the
 * test harness). Safe when several processes or databases of one cluster do it at once.
 */
export async function ensureLoginRole(owner: PgClient, login: string, password: string): Promise<void> {
  const name = owner.escapeIdentifier(login);
  const secret = owner.escapeLiteral(password);
  // Processes on the same database take turns (two changes of one role at once fail with "tuple
  // concurrently updated"); across databases, a role created meanwhile is an expected error.
  await owner.query('SELECT pg_advisory_lock($1)', [LOGIN_ROLE_LOCK_KEY]);
  try {
    const exists = (await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login])).rowCount === 1;
    if (!exists) await tolerate(owner.query(`CREATE ROLE ${name} LOGIN PASSWORD ${secret}`), ['42710', '23505']);
    await tolerate(owner.query(`ALTER ROLE ${name} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${secret}`), ['XX000']);
    await tolerate(owner.query(`GRANT ${owner.escapeIdentifier(RUNTIME_ROLE)} TO ${name}`), ['23505', 'XX000']);
  } finally {
    await owner.query('SELECT pg_advisory_unlock($1)', [LOGIN_ROLE_LOCK_KEY]).catch(() => undefined);
  }
}

const LOGIN_ROLE_LOCK_KEY = 7_146_020_251_104;

/** Awaits the query; the errors with these SQLSTATE codes mean another process did the same. */
async function tolerate(query: Promise<unknown>, codes: string[]): Promise<void> {
  try {
    await query;
  } catch (e) {
    if (!codes.includes((e as { code?: string }).code ?? '')) throw e;
  }
}

/**
 * What lets the role of this connection get past the audit log's triggers, in words; empty when
 * nothing does. Read from the catalogs, without trying any of it.
 */
export async function auditBypassRisks(client: PgClient): Promise<{ role: string; risks: string[] }> {
  const [who] = (
    await client.query<{ role: string; superuser: boolean; createrole: boolean; version: number }>(
      `SELECT current_user AS role, r.rolsuper AS superuser, r.rolcreaterole AS createrole,
              current_setting('server_version_num')::int AS version
         FROM pg_roles r WHERE r.rolname = current_user`,
    )
  ).rows;
  const risks: string[] = [];
  if (who.superuser) risks.push('it is a superuser');
  const tables = (
    await client.query<{ name: string; owner: string; owned: boolean; update: boolean; delete: boolean; truncate: boolean; trigger: boolean }>(
      `SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner,
              pg_has_role(current_user, c.relowner, 'MEMBER') AS owned,
              has_table_privilege(c.oid, 'UPDATE') AS update, has_table_privilege(c.oid, 'DELETE') AS delete,
              has_table_privilege(c.oid, 'TRUNCATE') AS truncate, has_table_privilege(c.oid, 'TRIGGER') AS trigger
         FROM pg_class c WHERE c.oid = ANY (SELECT to_regclass(t) FROM unnest($1::text[]) AS t) ORDER BY c.relname`,
      [APPEND_ONLY],
    )
  ).rows;
  if (!who.superuser) {
    const owned = tables.filter((t) => t.owned);
    if (owned.length) risks.push(`it is or may become the owner (${owned[0].owner}) of ${owned.map((t) => t.name).join(', ')}`);
    const granted = tables
      .filter((t) => !t.owned)
      .flatMap((t) => {
        const privileges = (['update', 'delete', 'truncate', 'trigger'] as const).filter((p) => t[p]).map((p) => p.toUpperCase());
        return privileges.length ? [`${privileges.join('/')} on ${t.name}`] : [];
      });
    if (granted.length) risks.push(`it has ${granted.join(', ')}`);
    // Before PostgreSQL 16, CREATEROLE may grant itself membership in any role but a superuser.
    if (who.createrole && who.version < 160000) risks.push('it has CREATEROLE and may grant itself the owner\'s role');
    if (who.version >= 150000) {
      const [set] = (await client.query<{ ok: boolean }>(`SELECT has_parameter_privilege('session_replication_role', 'SET') AS ok`)).rows;
      if (set.ok) risks.push('it may SET session_replication_role');
    }
  }
  return { role: who.role, risks };
}

/** Whether the role of this connection has what the API needs (what the runtime group is granted). */
async function canRun(client: PgClient): Promise<boolean> {
  const [r] = (
    await client.query<{ ok: boolean }>(
      `SELECT has_table_privilege('public.audit_log', 'INSERT') AND has_table_privilege('public.operations', 'UPDATE') AS ok`,
    )
  ).rows;
  return r.ok;
}

/**
 * What start-up says about DATABASE_URL's role, after the migrations: `error` when it may not use
 * the tables at all (start-up stops), `warning` when it could rewrite the audit log (start-up goes
 * on), each one line. A check that cannot run is a warning saying so.
 */
export async function checkRuntimeRole(url: string): Promise<{ error: string | null; warning: string | null }> {
  const client = new PgClient({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { role, risks } = await auditBypassRisks(client);
    if (!(await canRun(client))) {
      const name = client.escapeIdentifier(role);
      return { error: `the app's database role "${role}" may not use the tables; as a superuser run: GRANT ${RUNTIME_ROLE} TO ${name};`, warning: null };
    }
    if (!risks.length) return { error: null, warning: null };
    return {
      error: null,
      warning:
        `warning: the app's database role "${role}" can bypass the audit log's append-only triggers (${risks.join('; ')}). ` +
        `Connect DATABASE_URL as a role that owns nothing and is a member of ${RUNTIME_ROLE}, and set MIGRATIONS_DATABASE_URL to the owner (see README, "Database roles").`,
    };
  } catch (e) {
    return { error: null, warning: `warning: could not check what the app's database role may do: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}
