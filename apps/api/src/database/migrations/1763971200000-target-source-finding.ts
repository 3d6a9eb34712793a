import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Snowballing: a target created from an identifier of a finding remembers that finding. */
export class TargetSourceFinding1763971200000 implements MigrationInterface {
  name = 'TargetSourceFinding1763971200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE targets ADD COLUMN source_finding_id uuid`);
    await q.query(
      `ALTER TABLE targets ADD CONSTRAINT targets_source_finding_fk
         FOREIGN KEY (operation_id, source_finding_id) REFERENCES findings(operation_id, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE targets DROP CONSTRAINT targets_source_finding_fk`);
    await q.query(`ALTER TABLE targets DROP COLUMN source_finding_id`);
  }
}
