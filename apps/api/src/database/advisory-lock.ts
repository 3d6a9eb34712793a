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
  // The lock lasts as long as this session: if the server ends it (a restart, an operator's
  // pg_terminate_backend, idle_session_timeout), another process may take the lock and do the
  // same work at the same time. This one then fails at once rather than carry on unlocked.
  let held = true;
  const lost = new Promise<never>((_, reject) => {
    const fail = (why: string) => () => held && reject(new Error(`lost the database session holding advisory lock ${key} (${why}); nothing more is done under it`));
    lock.once('error', fail('connection error'));
    lock.once('end', fail('connection ended'));
  });
  lost.catch(() => undefined);
  try {
    const { rows } = await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (!rows[0].locked) {
      onWait?.();
      await lock.query('SELECT pg_advisory_lock($1)', [key]);
    }
    return await Promise.race([work(), lost]);
  } finally {
    held = false;
    await lock.end().catch(() => undefined);
  }
}
