import { Client } from 'pg';
import { ensureLoginRole } from '../../src/database/runtime-role';

/**
 * The login role every TestApp connects as, exactly as production's app does: a member of the
 * runtime group (actionday_runtime), owning nothing. Created once per cluster by the global setup.
 * The owner of the schema (and of the test databases) is the server's superuser.
 */
export const TEST_RUNTIME_LOGIN = 'actionday_test_app';
const TEST_RUNTIME_PASSWORD = 'actionday-test-runtime-password';

/** The same database as the runtime login instead of the superuser. */
export function asRuntime(url: string): string {
  const u = new URL(url);
  u.username = TEST_RUNTIME_LOGIN;
  u.password = TEST_RUNTIME_PASSWORD;
  return u.toString();
}

/** Creates the runtime login if absent (roles belong to the cluster: other runs may share it). */
export async function ensureTestRuntimeLogin(serverUrl: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await ensureLoginRole(client, TEST_RUNTIME_LOGIN, TEST_RUNTIME_PASSWORD);
  } finally {
    await client.end();
  }
}

/** postgres://.../<db> with the database name replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A fresh database per suite, cloned from the migrated template: all migrations, no data. `url`
 * connects as the runtime login (what the API uses), `ownerUrl` as the superuser that owns it all.
 */
export async function createSuiteDatabase(): Promise<{ url: string; ownerUrl: string; drop: () => Promise<void> }> {
  const server = process.env.ACTIONDAY_TEST_SERVER_URL;
  const template = process.env.ACTIONDAY_TEST_TEMPLATE_DB;
  if (!server || !template) throw new Error('integration tests need the global setup (apps/api/jest.integration.config.cjs)');
  const name = `actionday_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(server, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (e) {
      // Two workers cloning the template at the same instant: PostgreSQL refuses one; try again.
      if (attempt >= 20 || !String(e).includes('being accessed by other users')) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    url: asRuntime(withDatabase(server, name)),
    ownerUrl: withDatabase(server, name),
    drop: () => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
