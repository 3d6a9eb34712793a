import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from './queryable';

/**
 * Background rounds that one instance at a time may run (victim releases, retention): a session
 * advisory lock on a connection of the pool held for the round.
 */
@Injectable()
export class SessionLocks {
  constructor(private readonly ds: DataSource) {}

  /**
   * Runs `work` on the connection holding the lock `key` if it can be taken at once; returns
   * `{ locked: false }` without running it when another session holds it. The lock is released,
   * and the connection returned to the pool, whatever `work` does.
   */
  async tryWith<T>(key: number, work: (db: Queryable) => Promise<T>): Promise<{ locked: false } | { locked: true; value: T }> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (!locked) return { locked: false };
      try {
        return { locked: true, value: await work(runner) };
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      await runner.release();
    }
  }
}
