import { Client } from 'pg';
import { LOCK_KEYS, withAdvisoryLock } from '../src/database/advisory-lock';
import { createSuiteDatabase } from './support/database';

/**
 * Start-up work (migrations, the first administrator, the demo) runs under a session advisory
 * lock, so that instances started together take turns. The lock is the session's: when the
 * server ends that session, another instance can take it, so the work under it must stop.
 */
describe('the start-up advisory lock', () => {
  let db: Awaited<ReturnType<typeof createSuiteDatabase>>;
  beforeAll(async () => (db = await createSuiteDatabase()));
  afterAll(() => db.drop());

  /** Ends the sessions that hold an advisory lock here; how many. */
  const terminateLockSessions = async () => {
    const owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    try {
      const { rows } = await owner.query<{ ended: boolean }>(
        `SELECT pg_terminate_backend(l.pid) AS ended
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'actionday-lock' AND a.datname = current_database()`,
      );
      return rows.filter((r) => r.ended).length;
    } finally {
      await owner.end();
    }
  };

  it('fails the work at once, naming why, when the server ends the session that holds it', async () => {
    let release = () => undefined as void;
    const stillWorking = new Promise<void>((resolve) => (release = resolve));
    const run = withAdvisoryLock(db.ownerUrl, LOCK_KEYS.startup, () => stillWorking.then(() => 'finished'));
    const outcome = run.then(
      (value) => ({ value }),
      (e: Error) => ({ error: e.message }),
    );
    // Once the lock is held, its session goes.
    for (let i = 0; i < 100 && (await terminateLockSessions()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await outcome).toEqual({ error: expect.stringMatching(/^lost the database session holding advisory lock \d+ \(connection (error|ended)\)/) });
    release();
    // And the lock is free for the next process at once.
    expect(await withAdvisoryLock(db.ownerUrl, LOCK_KEYS.startup, async () => 'next')).toBe('next');
  });

  it('runs the work and returns its value when nothing goes wrong, one holder at a time', async () => {
    const order: string[] = [];
    let entered = () => undefined as void;
    const firstIn = new Promise<void>((resolve) => (entered = resolve));
    const slow = withAdvisoryLock(db.ownerUrl, LOCK_KEYS.startup, async () => {
      order.push('first in');
      entered();
      await new Promise((r) => setTimeout(r, 200));
      order.push('first out');
      return 1;
    });
    await firstIn;
    let waited = false;
    const second = withAdvisoryLock(db.ownerUrl, LOCK_KEYS.startup, async () => (order.push('second'), 2), () => (waited = true));
    expect(await Promise.all([slow, second])).toEqual([1, 2]);
    expect(order).toEqual(['first in', 'first out', 'second']);
    expect(waited).toBe(true);
  });
});
