import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose lists page by (created_at, id) keyset cursors. */
const PAGED = ['operations', 'targets', 'findings', 'matches'] as const;

/**
 * The lists' cursors carry `created_at` as the API reads it, a JavaScript Date: milliseconds.
 * A row whose time came from the column default (`now()`, microseconds) compared with its own
 * cursor as later than itself, so an ascending list served it again on the next page, forever,
 * and a descending one skipped its neighbours of the same millisecond. Stored at millisecond
 * precision, every time a row has is exactly the time its cursor names. Rounds existing values.
 */
export class MillisecondPageKeys1764662400000 implements MigrationInterface {
  name = 'MillisecondPageKeys1764662400000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of PAGED) await q.query(`ALTER TABLE ${table} ALTER COLUMN created_at TYPE timestamptz(3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of PAGED) await q.query(`ALTER TABLE ${table} ALTER COLUMN created_at TYPE timestamptz`);
  }
}
