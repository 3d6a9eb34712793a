import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Need to know (libs/contracts/src/policy.ts):
 * - restricted records name the teams they belong to: a possible victim its team; a link to a
 *   restricted record, and a target snowballed from one, inherit the restriction;
 * - events carry one version per audience (observers, officers, the restricted teams,
 *   coordinators), and the events already logged are rewritten to follow the policy;
 * - victim indicators are counted apart, and victim figures reach members without victim access
 *   as released aggregates (victim_figure_releases), also after close (the limited snapshot).
 *
 * Self-contained SQL: a migration must keep its meaning when application code changes later.
 */
export class NeedToKnow1764230400000 implements MigrationInterface {
  name = 'NeedToKnow1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await this.restrictedRecords(q);
    await this.eventVersions(q);
    await this.victimFigures(q);
  }

  private async restrictedRecords(q: QueryRunner): Promise<void> {
    // NULL: not restricted. An empty array: restricted to coordinators and organizers only.
    await q.query(`ALTER TABLE findings ADD COLUMN restricted_team_ids uuid[]`);
    await q.query(`ALTER TABLE targets ADD COLUMN restricted_team_ids uuid[]`);
    await q.query(`UPDATE findings SET restricted_team_ids = array_remove(ARRAY[team_id], NULL) WHERE type = 'possible_victim'`);
    // A link reaches through links, so the inheritance is repeated until nothing changes; the
    // targets snowballed from restricted findings follow each round.
    for (let round = 0; round < 20; round++) {
      await q.query(`
        UPDATE targets t SET restricted_team_ids = f.restricted_team_ids
          FROM findings f
         WHERE f.id = t.source_finding_id AND f.restricted_team_ids IS NOT NULL
           AND t.restricted_team_ids IS DISTINCT FROM f.restricted_team_ids`);
      const [, changed] = (await q.query(`
        UPDATE findings l SET restricted_team_ids = x.teams
          FROM (
            SELECT l2.id, ARRAY(
                     SELECT DISTINCT u FROM unnest(array_remove(ARRAY[l2.team_id], NULL) || coalesce(ff.restricted_team_ids, '{}')
                                                  || coalesce(tf.restricted_team_ids, '{}') || coalesce(tt.restricted_team_ids, '{}')) AS u
                     ORDER BY u) AS teams
              FROM findings l2
              LEFT JOIN findings ff ON ff.id = (l2.details->>'fromFindingId')::uuid
              LEFT JOIN findings tf ON tf.id = (l2.details->>'toFindingId')::uuid
              LEFT JOIN targets tt ON tt.id = (l2.details->>'toTargetId')::uuid
             WHERE l2.type = 'link'
               AND (ff.restricted_team_ids IS NOT NULL OR tf.restricted_team_ids IS NOT NULL OR tt.restricted_team_ids IS NOT NULL)
          ) x
         WHERE l.id = x.id AND l.restricted_team_ids IS DISTINCT FROM x.teams`)) as [unknown, number];
      if (changed === 0) break;
    }
  }

  private async eventVersions(q: QueryRunner): Promise<void> {
    // payload: observers. officer_payload, team_payload, restricted: officers, the officers of
    // restricted_team_ids, coordinators and organizers; each NULL where it equals the one below.
    await q.query(`ALTER TABLE events ADD COLUMN officer_payload jsonb, ADD COLUMN team_payload jsonb`);
    await q.query(`UPDATE events SET team_payload = restricted WHERE restricted IS NOT NULL AND cardinality(restricted_team_ids) > 0`);
    await q.query(`UPDATE events SET restricted_team_ids = NULL WHERE team_payload IS NULL`);

    await q.query(`
      CREATE FUNCTION pg_temp.redacted_finding(f jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT f || '{"redacted": true, "details": null, "identifiers": [], "indicators": [], "evidence": [], "notes": null,
                      "targetId": null, "duplicateOf": null}'::jsonb
      $$`);
    await q.query(`
      CREATE FUNCTION pg_temp.redacted_target(t jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT t || '{"redacted": true, "value": null, "normalized": null, "platform": null, "notes": null, "sourceFindingId": null}'::jsonb
      $$`);

    // Findings: a redacted one keeps no pointer to its target or its original; observers never
    // get notes and evidence; links to restricted records become restricted themselves.
    await q.query(`
      UPDATE events SET payload = jsonb_build_object('finding', pg_temp.redacted_finding(payload->'finding'))
       WHERE type IN ('finding.created', 'finding.updated') AND (payload->'finding'->>'redacted')::boolean`);
    await q.query(`
      UPDATE events e SET restricted = e.payload, team_payload = e.payload, restricted_team_ids = f.restricted_team_ids,
                          payload = jsonb_build_object('finding', pg_temp.redacted_finding(e.payload->'finding'))
        FROM findings f
       WHERE e.type IN ('finding.created', 'finding.updated') AND f.type = 'link' AND f.restricted_team_ids IS NOT NULL
         AND f.id = (e.payload->'finding'->>'id')::uuid AND e.restricted IS NULL`);
    await q.query(`
      UPDATE events SET officer_payload = payload,
                        payload = jsonb_build_object('finding', payload->'finding' || '{"notes": null, "evidence": []}'::jsonb)
       WHERE type IN ('finding.created', 'finding.updated')
         AND (payload->'finding'->'notes' <> 'null'::jsonb OR payload->'finding'->'evidence' <> '[]'::jsonb)`);

    // A finding that names a restricted original as the one it duplicates names it only to those
    // who may see that original (coordinators and organizers here).
    await q.query(`
      UPDATE events e SET restricted = coalesce(e.restricted, e.team_payload, e.officer_payload, e.payload),
                          payload = jsonb_set(e.payload, '{finding,duplicateOf}', 'null'),
                          officer_payload = CASE WHEN e.officer_payload IS NOT NULL THEN jsonb_set(e.officer_payload, '{finding,duplicateOf}', 'null') END,
                          team_payload = CASE WHEN e.team_payload IS NOT NULL THEN jsonb_set(e.team_payload, '{finding,duplicateOf}', 'null') END
        FROM findings o
       WHERE e.type IN ('finding.created', 'finding.updated') AND o.restricted_team_ids IS NOT NULL
         AND o.id = (e.payload->'finding'->>'duplicateOf')::uuid`);

    // Targets carry `redacted`; one snowballed from a restricted finding shows only to its teams.
    await q.query(`UPDATE events SET payload = jsonb_set(payload, '{target,redacted}', 'false') WHERE type = 'target.created'`);
    await q.query(`
      UPDATE events e SET restricted = e.payload, team_payload = e.payload, restricted_team_ids = t.restricted_team_ids,
                          payload = jsonb_build_object('target', pg_temp.redacted_target(e.payload->'target'))
        FROM targets t
       WHERE e.type = 'target.created' AND t.restricted_team_ids IS NOT NULL AND t.id = (e.payload->'target'->>'id')::uuid`);

    // Matches: a redacted side shows its team and country, never the records it points to. The
    // two teams' version withholds the records of a restricted side as well.
    await q.query(`
      CREATE FUNCTION pg_temp.without_ids(side jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT side || '{"targetId": null, "findingId": null}'::jsonb
      $$`);
    await q.query(`
      UPDATE events SET payload = jsonb_build_object('match', payload->'match' || jsonb_build_object('sides',
               jsonb_build_array(pg_temp.without_ids(payload->'match'->'sides'->0), pg_temp.without_ids(payload->'match'->'sides'->1))))
       WHERE type = 'correlation.match'`);
    await q.query(`
      UPDATE events e SET team_payload = jsonb_build_object('match', e.team_payload->'match' || jsonb_build_object('sides', (
               SELECT jsonb_agg(CASE WHEN coalesce(f.restricted_team_ids, t.restricted_team_ids) IS NOT NULL
                                     THEN pg_temp.without_ids(s.side) ELSE s.side END ORDER BY s.i)
                 FROM jsonb_array_elements(e.team_payload->'match'->'sides') WITH ORDINALITY AS s(side, i)
                 LEFT JOIN findings f ON f.id = (s.side->>'findingId')::uuid
                 LEFT JOIN targets t ON t.id = (s.side->>'targetId')::uuid)))
       WHERE e.type = 'correlation.match' AND e.team_payload IS NOT NULL`);

    // Members' e-mail addresses are contact data: coordinators and organizers only.
    await q.query(`
      UPDATE events SET restricted = payload, payload = jsonb_set(payload, '{member,email}', 'null')
       WHERE type = 'member.updated'`);

    // Tally deltas: the victim part of one write's change reaches coordinators and organizers
    // only. Before this migration a victim's indicators were counted with the others: in a
    // delta that touched a victim, every indicator delta goes to them only as well.
    await q.query(`
      UPDATE events SET restricted = payload, payload = jsonb_build_object('deltas', coalesce((
               SELECT jsonb_agg(d.delta ORDER BY d.i) FROM jsonb_array_elements(payload->'deltas') WITH ORDINALITY AS d(delta, i)
                WHERE d.delta->>'metric' NOT LIKE 'victim%'
                  AND NOT (d.delta->>'metric' = 'indicator'
                           AND EXISTS (SELECT 1 FROM jsonb_array_elements(payload->'deltas') v WHERE v->>'metric' LIKE 'victim%'))), '[]'::jsonb))
       WHERE type = 'tally.updated'
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(payload->'deltas') v WHERE v->>'metric' LIKE 'victim%')`);
    // The same for the write of any other restricted finding (a link to a victim): its indicators
    // describe a victim. Its tally event is the one of the same transaction (same time).
    await q.query(`
      UPDATE events t SET restricted = t.payload, payload = jsonb_build_object('deltas', coalesce((
               SELECT jsonb_agg(d.delta ORDER BY d.i) FROM jsonb_array_elements(t.payload->'deltas') WITH ORDINALITY AS d(delta, i)
                WHERE d.delta->>'metric' <> 'indicator'), '[]'::jsonb))
       WHERE t.type = 'tally.updated' AND t.restricted IS NULL
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(t.payload->'deltas') v WHERE v->>'metric' = 'indicator')
         AND EXISTS (
               SELECT 1 FROM events f JOIN findings x ON x.id = (f.payload->'finding'->>'id')::uuid
                WHERE f.operation_id = t.operation_id AND f.created_at = t.created_at
                  AND f.type IN ('finding.created', 'finding.updated') AND x.restricted_team_ids IS NOT NULL)`);
  }

  private async victimFigures(q: QueryRunner): Promise<void> {
    await q.query(TALLIES_FROM_ROWS);
    // Indicators of possible victims move to their own counter.
    await q.query(`DELETE FROM tally_counters WHERE metric = 'indicator'`);
    await q.query(`
      INSERT INTO tally_counters (operation_id, dim, key, metric, sub, value)
      SELECT o.id, r.dim, r.key, r.metric, r.sub, r.value
        FROM operations o, tally_counters_from_rows(o.id) r
       WHERE r.metric IN ('indicator', 'victim_indicator')`);

    // The victim figures last released to members without victim access, as released (each
    // moves in steps of at least 3), exact here and suppressed when served. One row per operation.
    await q.query(`
      CREATE TABLE victim_figure_releases (
        operation_id uuid PRIMARY KEY REFERENCES operations(id) ON DELETE CASCADE,
        released_at timestamptz NOT NULL,
        body jsonb NOT NULL
      )`);
    // The tallies at close as members without victim access see them, hashed like the snapshot.
    await q.query(`ALTER TABLE operation_snapshots ADD COLUMN limited_body text, ADD COLUMN limited_sha256 text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE operation_snapshots DROP COLUMN limited_body, DROP COLUMN limited_sha256`);
    await q.query(`DROP TABLE victim_figure_releases`);
    await q.query(`DELETE FROM tally_counters WHERE metric IN ('victim_indicator', 'indicator')`);
    await q.query(`
      INSERT INTO tally_counters (operation_id, dim, key, metric, sub, value)
      SELECT operation_id, 'all', '', 'indicator', code, count(*)
        FROM findings f CROSS JOIN LATERAL (SELECT DISTINCT unnest(f.indicators) AS code) i
       WHERE f.status IN ('submitted', 'confirmed') GROUP BY 1, 4`);
    await q.query(`DROP FUNCTION tally_counters_from_rows(uuid)`);
    await q.query(OLD_TALLIES_FROM_ROWS);
    // The events keep their rewritten (more restrictive) payloads: nothing is made visible again.
    await q.query(`UPDATE events SET restricted = coalesce(restricted, team_payload, officer_payload) WHERE restricted IS NULL`);
    await q.query(`ALTER TABLE events DROP COLUMN officer_payload, DROP COLUMN team_payload`);
    await q.query(`ALTER TABLE targets DROP COLUMN restricted_team_ids`);
    await q.query(`ALTER TABLE findings DROP COLUMN restricted_team_ids`);
  }
}

const figuresSql = (indicators: string, restrictedColumn: string) => `
CREATE OR REPLACE FUNCTION tally_counters_from_rows(op uuid)
RETURNS TABLE (dim text, key text, metric text, sub text, value bigint)
LANGUAGE sql STABLE AS $$
  WITH t AS (
    SELECT id, kind, status, outcome, team_id, team_country, category, tags FROM targets WHERE operation_id = op
  ), f AS (
    SELECT id, type, nationality, minor, indicators, created_at, team_id, team_country, category, tags, ${restrictedColumn}
      FROM findings WHERE operation_id = op AND status IN ('submitted', 'confirmed')
  ), placed AS (
    SELECT id, team_id, team_country, category, tags FROM t
    UNION ALL
    SELECT id, team_id, team_country, category, tags FROM f
  ), dims AS (
    SELECT p.id, d.dim, d.key
      FROM placed p CROSS JOIN LATERAL (VALUES
        ('all', ''),
        ('team', p.team_id::text),
        ('country', p.team_country::text),
        ('category', coalesce(p.category, 'uncategorized'))) AS d(dim, key)
     WHERE d.key IS NOT NULL
    UNION ALL
    SELECT p.id, 'tag', tag FROM placed p CROSS JOIN LATERAL (SELECT DISTINCT unnest(p.tags) AS tag) g
  ), figures AS (
    SELECT t.id, x.metric, x.sub
      FROM t CROSS JOIN LATERAL (VALUES
        ('targets_state', t.status),
        (CASE WHEN t.status = 'done' THEN CASE
           WHEN t.kind IN ('platform', 'url') THEN 'examined_platforms'
           WHEN t.kind = 'username' THEN 'examined_usernames'
           WHEN t.kind IN ('phone', 'email', 'messaging') THEN 'examined_communications' END END, ''),
        (CASE WHEN t.status = 'done' AND t.kind IN ('platform', 'url') AND t.outcome IN ('suspicious', 'confirmed')
              THEN 'platforms_suspected' END, ''),
        (CASE WHEN t.status = 'done' AND t.kind IN ('platform', 'url') AND t.outcome = 'confirmed'
              THEN 'platforms_confirmed' END, ''),
        (CASE WHEN t.status = 'done' AND t.kind IN ('platform', 'url') AND t.outcome = 'referred'
              THEN 'platforms_referred' END, '')) AS x(metric, sub)
     WHERE x.metric IS NOT NULL
    UNION ALL
    SELECT f.id, x.metric, x.sub
      FROM f CROSS JOIN LATERAL (VALUES
        (CASE WHEN f.type = 'suspect' THEN 'suspects' END, ''),
        (CASE WHEN f.type = 'possible_victim' THEN 'victims_total' END, ''),
        (CASE WHEN f.type = 'possible_victim' THEN 'victims_nationality' END, coalesce(f.nationality::text, 'unknown')),
        (CASE WHEN f.type = 'possible_victim' AND f.minor THEN 'victims_minors' END, '')) AS x(metric, sub)
     WHERE x.metric IS NOT NULL
  )
  SELECT d.dim, d.key, x.metric, x.sub, count(*) FROM figures x JOIN dims d USING (id) GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT 'all', '', 'findings_hour', to_char(date_trunc('hour', f.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24":00:00.000Z"'), count(*)
    FROM f GROUP BY 4
  UNION ALL
  ${indicators}
$$`;

/**
 * Every tally counter of an operation from its raw rows, by the definitions of PRODUCT.md; the
 * indicators of a restricted finding (a possible victim, a link to one, a finding on a target
 * made from one) are counted as 'victim_indicator'.
 */
const TALLIES_FROM_ROWS = figuresSql(
  `
  SELECT 'all', '', CASE WHEN f.type = 'possible_victim' OR f.restricted THEN 'victim_indicator' ELSE 'indicator' END, i.code, count(*)
    FROM f CROSS JOIN LATERAL (SELECT DISTINCT unnest(f.indicators) AS code) i GROUP BY 3, 4`,
  'restricted_team_ids IS NOT NULL AS restricted',
);

const OLD_TALLIES_FROM_ROWS = figuresSql(
  `
  SELECT 'all', '', 'indicator', i.code, count(*)
    FROM f CROSS JOIN LATERAL (SELECT DISTINCT unnest(f.indicators) AS code) i GROUP BY 4`,
  'false AS restricted',
);
