import { PgClient } from './pg-client';

/** PostgreSQL advisory lock keys are per database: constants shared by every process of the platform. */
export const LOCK_KEYS = {
  /** Everything an instance does to a database before it serves: migrations, first administrator, demo. */
  startup: 7_146_020_251_201,
  /** The migrations themselves (also run on their own: `main.js migrate`, test databases). */
  migrations: 7_146_020_251_103,
} as const;

/**
 * Runs `work` while holding a session advisory lock on the database at `url`, on a connection of
 * its own: processes doing the same work on the same database take turns, and each finds what the
 * one before it did. `onWait` is called when another process holds the lock. Ending the session
 * releases the lock, also when `work` failed or the process died.
 */
export async function withAdvisoryLock<T>(url: string, key: number, work: () => Promise<T>, onWait?: () => void): Promise<T> {
  const lock = new PgClient({ connectionString: url, application_name: 'actionday-lock' });
  await lock.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (!rows[0].locked) {
      onWait?.();
      await lock.query('SELECT pg_advisory_lock($1)', [key]);
    }
    return await work();
  } finally {
    await lock.end().catch(() => undefined);
  }
}
