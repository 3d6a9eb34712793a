import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Traffic Light Protocol level (FIRST TLP 2.0) an operation's MISP and STIX exports are
 * shared under, set by its organizers. Every operation, the existing ones too, starts at amber:
 * limited disclosure, the recipients' organisations and their clients only.
 */
export class OperationTlp1764576000000 implements MigrationInterface {
  name = 'OperationTlp1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE operations ADD COLUMN tlp text NOT NULL DEFAULT 'amber'
         CONSTRAINT operations_tlp_check CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red'))`,
    );
    await q.query(`COMMENT ON COLUMN operations.tlp IS 'TLP 2.0 level of the member exports (MISP tag, STIX marking)'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE operations DROP COLUMN tlp`);
  }
}
