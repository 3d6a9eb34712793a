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
    // and an operation keeps the labels it was run with even if the defaults change later. New
    // operations get libs/contracts DEFAULT_INDICATORS; existing ones get the list as it stood
    // when this migration was written (a migration never imports application code).
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
      [INDICATORS_2026_11.map(([code]) => code), INDICATORS_2026_11.map(([, label]) => label)],
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

  /**
   * Earlier targets and findings enter the index too; they raise no matches of their own. The
   * key is computed in SQL as libs/identifiers matchKey computed it when this migration was
   * written: a migration must not change meaning when application code changes later.
   */
  private async indexExisting(q: QueryRunner): Promise<void> {
    const keyOf = (kind: string, normalized: string) => `
      CASE
        WHEN ${normalized} = '' THEN NULL
        WHEN ${kind} = 'phone' THEN 'phone:' || ${normalized}
        WHEN ${kind} = 'messaging' AND substring(${normalized} FROM '^(?:[^:]*:)?([+][1-9][0-9]{5,14})$') IS NOT NULL
          THEN 'phone:' || substring(${normalized} FROM '^(?:[^:]*:)?([+][1-9][0-9]{5,14})$')
        WHEN ${kind} IN ('messaging', 'email', 'username', 'url') THEN ${kind} || ':' || ${normalized}
        WHEN ${kind} = 'platform' THEN 'url:' || ${normalized}
      END`;
    await q.query(`
      INSERT INTO identifiers (operation_id, match_key, target_id, created_at)
      SELECT operation_id, key, id, created_at
        FROM (SELECT operation_id, id, created_at, ${keyOf('kind', 'normalized')} AS key FROM targets) t
       WHERE key IS NOT NULL
      ON CONFLICT DO NOTHING`);
    await q.query(`
      INSERT INTO identifiers (operation_id, match_key, finding_id, created_at)
      SELECT operation_id, key, id, created_at
        FROM (SELECT f.operation_id, f.id, f.created_at, ${keyOf("(i->>'kind')", "(i->>'normalized')")} AS key
                FROM findings f CROSS JOIN jsonb_array_elements(f.identifiers) AS i) x
       WHERE key IS NOT NULL
      ON CONFLICT DO NOTHING`);
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

const INDICATORS_2026_11: readonly (readonly [string, string])[] = [
  ['rented_for_days', 'Person "rented" for 7/14/21 days'],
  ['virginity_auction', 'Virginity auction'],
  ['visibly_very_young', 'Visibly very young'],
  ['third_party_control', 'Third-party control (pimp, manager)'],
  ['multi_country_ads', 'Advertised in several countries'],
  ['same_phone_many_ads', 'Same phone number in many ads'],
  ['false_job_offer', 'False or too-good job offer'],
  ['frequent_relocation', 'Frequent movement between cities'],
  ['restricted_communication', 'Cannot communicate directly / third party answers'],
  ['debt_bondage', 'Debt, deposit or fees to be repaid'],
  ['no_own_documents', 'Documents held by someone else'],
  ['lingo_new_arrival', 'Lingo for newly arrived or foreign persons'],
  ['unrealistic_prices', 'Prices far below the local market'],
  ['refugee_targeting', 'Targets refugees or displaced persons'],
];
