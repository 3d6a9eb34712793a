import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A target has at most one match key, a function of its kind and normalized value: it is kept on
 * the target (`targets.match_key`) instead of in a row of its own in `identifiers`, which now
 * holds the identifiers of findings only. A 100,000-row import wrote, indexed and checked the
 * foreign key of 100,000 index rows besides the targets themselves: a third of its time.
 *
 * The key to `operations` goes too: an identifier belongs to a finding of its operation, and that
 * foreign key, which includes the operation, cascades with it already.
 */
export class BulkWrites1764489600000 implements MigrationInterface {
  name = 'BulkWrites1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE targets ADD COLUMN match_key text`);
    await q.query(`UPDATE targets t SET match_key = i.match_key FROM identifiers i WHERE i.target_id = t.id`);
    await q.query(`CREATE INDEX targets_match_idx ON targets (operation_id, match_key) WHERE match_key IS NOT NULL`);
    await q.query(`DELETE FROM identifiers WHERE target_id IS NOT NULL`);
    // Drops the target's foreign key, its unique index and the one-of-the-two check with it.
    await q.query(`ALTER TABLE identifiers DROP COLUMN target_id`);
    await q.query(`ALTER TABLE identifiers ALTER COLUMN finding_id SET NOT NULL`);
    await q.query(`
      DO $$
      DECLARE c text;
      BEGIN
        SELECT conname INTO c FROM pg_constraint
         WHERE conrelid = 'identifiers'::regclass AND contype = 'f' AND confrelid = 'operations'::regclass;
        IF c IS NOT NULL THEN EXECUTE format('ALTER TABLE identifiers DROP CONSTRAINT %I', c); END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identifiers ADD FOREIGN KEY (operation_id) REFERENCES operations(id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE identifiers ALTER COLUMN finding_id DROP NOT NULL`);
    await q.query(`ALTER TABLE identifiers ADD COLUMN target_id uuid`);
    await q.query(`ALTER TABLE identifiers ADD FOREIGN KEY (operation_id, target_id) REFERENCES targets(operation_id, id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE identifiers ADD CHECK ((target_id IS NULL) <> (finding_id IS NULL))`);
    await q.query(`CREATE UNIQUE INDEX identifiers_target_key ON identifiers (target_id, match_key) WHERE target_id IS NOT NULL`);
    await q.query(
      `INSERT INTO identifiers (operation_id, match_key, target_id, created_at)
       SELECT operation_id, match_key, id, created_at FROM targets WHERE match_key IS NOT NULL ORDER BY created_at, id`,
    );
    await q.query(`DROP INDEX targets_match_idx`);
    await q.query(`ALTER TABLE targets DROP COLUMN match_key`);
  }
}
