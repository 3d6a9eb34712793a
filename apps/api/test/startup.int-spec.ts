import { type AddressInfo, createServer } from 'node:net';
import { Client } from 'pg';
import { MIGRATIONS } from '../src/database/data-source';
import { type ApiProcess, ensureApiBuilt, startApiProcess } from './support/api-process';
import { adminQuery, withDatabase } from './support/database';

const INSTANCES = 3;

/**
 * What docker-compose does with `--scale api=3`, and a rolling start does by accident: instances
 * started at the same moment on one empty database. All of them come up; the migrations, the
 * first administrator and the demo happen once.
 */
describe('instances started together on one empty database', () => {
  const server = process.env.ACTIONDAY_TEST_SERVER_URL as string;
  const name = `actionday_startup_${process.pid}_${Date.now().toString(36)}`;
  const url = withDatabase(server, name);
  let apis: ApiProcess[] = [];

  beforeAll(async () => {
    await ensureApiBuilt();
    await adminQuery(server, `CREATE DATABASE ${name}`);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(apis.map((a) => a.stop()));
    await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it(`${INSTANCES} come up, with the migrations, the administrator and the demo applied once`, async () => {
    const env = { DATABASE_URL: url, DEMO: 'on', DEMO_PASSWORD: 'startup-demo-password', ADMIN_EMAIL: 'admin@startup.example', ADMIN_PASSWORD: 'startup-admin-password', LOG_LEVEL: 'info' };
    apis = await Promise.all(Array.from({ length: INSTANCES }, () => startApiProcess(env)));

    const said = apis.map((a) => a.lines.join('\n'));
    for (const [i, lines] of said.entries()) {
      expect({ instance: i, running: lines.includes('actionday is running at') }).toEqual({ instance: i, running: true });
      expect(lines).not.toMatch(/start-up failed|already exists|duplicate key/);
    }
    const count = (text: string) => said.filter((lines) => lines.includes(text)).length;
    expect(count('created the administrator account admin@startup.example')).toBe(1);
    expect(count('seeded; sign in with any of these accounts')).toBe(1);
    expect(count('applied migrations')).toBe(1);
    // The others were told why they waited.
    expect(count('another instance is starting on this database')).toBeGreaterThanOrEqual(1);

    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const one = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0].n);
      expect(await one('SELECT count(*) AS n FROM schema_migrations')).toBe(MIGRATIONS.length);
      expect(await one(`SELECT count(*) AS n FROM users WHERE email = 'admin@startup.example'`)).toBe(1);
      expect(await one('SELECT count(*) AS n FROM operations')).toBe(1);
      // Every demo account once: a second seed would have failed on them or doubled the operation.
      expect(await one('SELECT count(*) - count(DISTINCT email) AS n FROM users')).toBe(0);
    } finally {
      await db.end();
    }
    for (const api of apis) {
      const health = await fetch(`${api.baseUrl}/api/health`);
      expect(health.status).toBe(200);
    }
  }, 120_000);

  it('ends every failure to start with one line naming the cause, never a stack trace', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const port = (busy.address() as AddressInfo).port;
    try {
      const cases: [string, Record<string, string>, RegExp][] = [
        ['a port in use', { DATABASE_URL: url, PORT: String(port) }, new RegExp(`^actionday: port ${port} is already in use`)],
        ['a database that does not answer', { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, /^actionday: cannot connect to DATABASE_URL postgres:\/\/nobody@127\.0\.0\.1:1\/none: /],
        ['a bad setting', { DATABASE_URL: url, DATABASE_STATEMENT_TIMEOUT: 'soon' }, /^actionday: configuration error: DATABASE_STATEMENT_TIMEOUT: must be a number of milliseconds/],
      ];
      for (const [what, env, line] of cases) {
        const api = await startApiProcess(env);
        const code = await api.exited;
        expect({ what, code, lines: api.lines }).toEqual({ what, code: 1, lines: [expect.stringMatching(line)] });
      }
    } finally {
      busy.close();
    }
  }, 60_000);
});
