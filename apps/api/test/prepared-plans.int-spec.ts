import { PgClient } from '../src/database/pg-client';
import { prepared } from '../src/database/prepared-statements';
import { createSuiteDatabase } from './support/database';

/** A statement of the kind the hot paths register: fixed text, array parameters. */
const HOT = prepared('SELECT count(*)::int AS n FROM unnest($1::int[]) AS x WHERE x > $2');
/** One whose result type another process's migration changes under it. */
const READS_TABLE = prepared('SELECT v FROM prepared_probe WHERE id = ANY($1::int[]) ORDER BY id');
const OTHER = 'SELECT count(*)::int AS n FROM unnest($1::int[]) AS x WHERE x < $2';

/**
 * The statements registered with `prepared` go to PostgreSQL as named statements, parsed once per
 * connection and, after a few runs, planned once (DATABASE_PREPARED_STATEMENTS=on, the default);
 * every other statement stays unnamed, so that the server keeps nothing for texts that vary; and
 * with the setting off (a pooler that does not keep prepared statements) nothing is named.
 */
describe('prepared statements', () => {
  let db: Awaited<ReturnType<typeof createSuiteDatabase>>;

  beforeAll(async () => {
    db = await createSuiteDatabase();
  });
  afterAll(() => db.drop());

  const session = async (preparedStatements: boolean, work: (c: PgClient) => Promise<void>) => {
    const client = new PgClient({ connectionString: db.url, preparedStatements });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };
  const preparedHere = async (c: PgClient) =>
    (
      await c.query<{ name: string; statement: string; runs: number }>(
        'SELECT name, statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements',
      )
    ).rows;

  it('names the registered statements, once per connection, and keeps their answers', async () => {
    await session(true, async (c) => {
      for (let i = 0; i < 8; i++)
        expect((await c.query(HOT, [[1, 5, 9], 4])).rows).toEqual([{ n: 2 }]);
      expect((await c.query(OTHER, [[1, 5, 9], 4])).rows).toEqual([{ n: 1 }]);
      const named = await preparedHere(c);
      expect(named).toEqual([
        { name: expect.stringMatching(/^actionday_\d+$/), statement: HOT, runs: 8 },
      ]);
    });
  });

  it('names nothing when turned off', async () => {
    await session(false, async (c) => {
      for (let i = 0; i < 3; i++)
        expect((await c.query(HOT, [[1, 5, 9], 4])).rows).toEqual([{ n: 2 }]);
      expect(await preparedHere(c)).toEqual([]);
    });
  });

  it('answers a failed run with its error and runs the statement again afterwards', async () => {
    await session(true, async (c) => {
      await expect(c.query(HOT, [['not a number'], 4])).rejects.toThrow(
        /invalid input syntax for type integer/,
      );
      expect((await c.query(HOT, [[7], 4])).rows).toEqual([{ n: 1 }]);
      await c.query('BEGIN');
      await expect(c.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
      await expect(c.query(HOT, [[7], 4])).rejects.toThrow(/current transaction is aborted/);
      await c.query('ROLLBACK');
      expect((await c.query(HOT, [[7, 8], 4])).rows).toEqual([{ n: 2 }]);
    });
  });

  it('renames a statement the server no longer holds or whose plan no longer fits, after failing the one run that met it', async () => {
    await session(true, async (c) => {
      await c.query('CREATE TEMP TABLE prepared_probe (id int PRIMARY KEY, v int)');
      await c.query('INSERT INTO prepared_probe VALUES (1, 10), (2, 20)');
      expect((await c.query(READS_TABLE, [[1, 2]])).rows).toEqual([{ v: 10 }, { v: 20 }]);
      // Dropped on the server behind pg's back (pg still takes it for parsed): the next run fails, the one after works.
      await c.query('DEALLOCATE ALL');
      await expect(c.query(READS_TABLE, [[1]])).rejects.toMatchObject({ code: '26000' });
      expect((await c.query(READS_TABLE, [[1]])).rows).toEqual([{ v: 10 }]);
      // A migration elsewhere changes the type of what it returns.
      await c.query('ALTER TABLE prepared_probe ALTER COLUMN v TYPE text');
      await expect(c.query(READS_TABLE, [[2]])).rejects.toMatchObject({ code: '0A000' });
      expect((await c.query(READS_TABLE, [[2]])).rows).toEqual([{ v: '20' }]);
      expect((await preparedHere(c)).map((p) => p.statement)).toEqual([READS_TABLE, READS_TABLE]);
    });
  });
});
