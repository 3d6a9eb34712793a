import { DEFAULT_INDICATORS, type Identifier, type TargetKind } from '@actionday/contracts';
import { matchKey } from '@actionday/identifiers';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live findings: the per-operation indicator catalogue, the identifier index that raises matches
 * between teams, the matches themselves, and events restricted to more than one team (a match
 * concerns the two teams whose work met).
 */
export class LiveFindings1764057600000 implements MigrationInterface {
  name = 'LiveFindings1764057600000';

  async up(q: QueryRunner): Promise<void> {
    // Default indicators are copied into every operation so that a catalogue is one table read
    // and an operation keeps the labels it was run with even if the defaults change later.
    await q.query(`
      CREATE TABLE indicators (
        operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_]{0,63}$'),
        label text NOT NULL,
        builtin boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (operation_id, code)
      )`);
    await q.query(
      `INSERT INTO indicators (operation_id, code, label, builtin)
       SELECT o.id, d.code, d.label, true
         FROM operations o CROSS JOIN unnest($1::text[], $2::text[]) AS d(code, label)`,
      [DEFAULT_INDICATORS.map((i) => i.code), DEFAULT_INDICATORS.map((i) => i.label)],
    );

    // One row per identifier of a target or a finding, keyed by the value matches compare on
    // (libs/identifiers matchKey). Looked up inside the writing transaction.
    await q.query(`
      CREATE TABLE identifiers (
        id bigserial PRIMARY KEY,
        operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
        match_key text NOT NULL,
        target_id uuid,
        finding_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (operation_id, target_id) REFERENCES targets(operation_id, id) ON DELETE CASCADE,
        FOREIGN KEY (operation_id, finding_id) REFERENCES findings(operation_id, id) ON DELETE CASCADE,
        CHECK ((target_id IS NULL) <> (finding_id IS NULL))
      )`);
    await q.query(`CREATE INDEX identifiers_match_idx ON identifiers (operation_id, match_key, id)`);
    await q.query(`CREATE UNIQUE INDEX identifiers_target_key ON identifiers (target_id, match_key) WHERE target_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX identifiers_finding_key ON identifiers (finding_id, match_key) WHERE finding_id IS NOT NULL`);
    await this.indexExisting(q);

    // Side "a" is the write that raised the match, side "b" what it met. Team and country are
    // kept as they were at that moment: a later reassignment does not rewrite history.
    await q.query(`
      CREATE TABLE matches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
        kind text NOT NULL,
        match_key text NOT NULL,
        a_target_id uuid,
        a_finding_id uuid,
        a_team_id uuid,
        a_country char(2),
        b_target_id uuid,
        b_finding_id uuid,
        b_team_id uuid,
        b_country char(2),
        cross_border boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX matches_page_idx ON matches (operation_id, created_at DESC, id DESC)`);

    await q.query(`ALTER TABLE events ADD COLUMN restricted_team_ids uuid[]`);
    await q.query(`UPDATE events SET restricted_team_ids = ARRAY[restricted_team_id] WHERE restricted_team_id IS NOT NULL`);
    await q.query(`ALTER TABLE events DROP COLUMN restricted_team_id`);
  }

  /** Earlier targets and findings enter the index too; they raise no matches of their own. */
  private async indexExisting(q: QueryRunner): Promise<void> {
    const rows: { operationId: string; key: string; targetId: string | null; findingId: string | null }[] = [];
    const targets: { id: string; operation_id: string; kind: TargetKind; normalized: string }[] = await q.query(
      `SELECT id, operation_id, kind, normalized FROM targets`,
    );
    for (const t of targets) {
      const key = matchKey(t.kind, t.normalized);
      if (key) rows.push({ operationId: t.operation_id, key, targetId: t.id, findingId: null });
    }
    const findings: { id: string; operation_id: string; identifiers: Identifier[] }[] = await q.query(
      `SELECT id, operation_id, identifiers FROM findings WHERE jsonb_array_length(identifiers) > 0`,
    );
    for (const f of findings) {
      for (const i of f.identifiers) {
        const key = matchKey(i.kind, i.normalized);
        if (key) rows.push({ operationId: f.operation_id, key, targetId: null, findingId: f.id });
      }
    }
    for (let start = 0; start < rows.length; start += 5000) {
      const chunk = rows.slice(start, start + 5000);
      await q.query(
        `INSERT INTO identifiers (operation_id, match_key, target_id, finding_id)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[])
         ON CONFLICT DO NOTHING`,
        [chunk.map((r) => r.operationId), chunk.map((r) => r.key), chunk.map((r) => r.targetId), chunk.map((r) => r.findingId)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN restricted_team_id uuid`);
    await q.query(`UPDATE events SET restricted_team_id = restricted_team_ids[1]`);
    await q.query(`ALTER TABLE events DROP COLUMN restricted_team_ids`);
    await q.query(`DROP TABLE matches`);
    await q.query(`DROP TABLE identifiers`);
    await q.query(`DROP TABLE indicators`);
  }
}
