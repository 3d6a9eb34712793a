-- One POST /operations/:id/findings as PostgreSQL sees it, for pgbench: the statements, in order
-- and with the same locks, that the API issues for a new suspect finding with one phone number,
-- two indicators and a tagged target (apps/api/src/findings/finding-creation.service.ts,
-- correlation/correlation.repository.ts, journal/journal.repository.ts). apps/api/test/bench-statements.int-spec.ts
-- fails when the API's statements for such a finding (their order, first word and tables) differ
-- from these; re-derive it by logging the statements of one POST (log_statement = all).
--
-- Run by tools/bench/live.mjs as
--   pgbench -n -M prepared -f pgbench-finding.sql -c K -j 2 -T 10 -D opid=.. -D author=.. \
--           -D targets={..} -D ntargets=N -D hour=.. -D created=<json> -D tally=<json> <db>
-- opid: a live operation; author: an officer of it; targets: its bench targets, each assigned to
-- a team and tagged bench and ukraine-related; hour: the findings_hour counter key; created and
-- tally: the payloads of a real finding.created and tally.updated event. -M prepared: the API
-- prepares these statements once per connection too (database/prepared-statements.ts; pgbench
-- also prepares BEGIN and COMMIT, which the API sends as simple queries).

\set k random(1, :ntargets)
\set phone random(10000000, 99999999)

-- Outside the transaction, as in the API: the auth guard's one check (session, account,
-- membership; AuthRepository.accessChecks, here for one request).
SELECT x.n, u.disabled_at IS NULL AND EXISTS (
         SELECT 1 FROM sessions s
          WHERE s.family_id = x.session_id AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS signed_in,
       m.role, m.team_id
  FROM unnest(ARRAY[:author::uuid], ARRAY[gen_random_uuid()], ARRAY[:opid::uuid]) WITH ORDINALITY AS x(user_id, session_id, operation_id, n)
  JOIN users u ON u.id = x.user_id
  LEFT JOIN memberships m ON m.user_id = u.id AND m.operation_id = x.operation_id;

-- The write (FindingCreationService, a group of one): the lookups of FindingsRepository.writeLookups
-- in one statement (earlier findings with the same clientIds, none here: the id is fresh; the
-- target; the linked findings, none; the known indicator codes; the teams; the operation's first
-- country), unpacked around it for pgbench's \gset; then every row in one INSERT.
BEGIN;
SELECT l.cid, l.targets -> 0 ->> 'id' AS t_id, l.targets -> 0 ->> 'teamId' AS t_team_id,
       ARRAY(SELECT json_array_elements_text(l.targets -> 0 -> 'tags')) AS t_tags,
       (SELECT x ->> 'country' FROM json_array_elements(l.teams) x WHERE x ->> 'id' = l.targets -> 0 ->> 'teamId') AS team_country
  FROM (SELECT g.cid,
               ARRAY(SELECT client_id FROM findings WHERE operation_id = :opid::uuid AND client_id = ANY(ARRAY[g.cid])) AS earlier,
               (SELECT coalesce(json_agg(json_build_object('id', t.id, 'teamId', t.team_id, 'restrictedTeamIds', t.restricted_team_ids,
                                                           'tags', t.tags, 'category', t.category, 'country', t.country)), '[]')
                  FROM targets t WHERE t.operation_id = :opid::uuid AND t.id = ANY(ARRAY[(:targets::uuid[])[:k::int]])) AS targets,
               (SELECT coalesce(json_agg(json_build_object('id', f.id, 'restrictedTeamIds', f.restricted_team_ids)), '[]')
                  FROM findings f WHERE f.operation_id = :opid::uuid AND f.id = ANY('{}'::uuid[])) AS ends,
               ARRAY(SELECT code FROM indicators WHERE operation_id = :opid::uuid AND code = ANY('{third_party_control,multi_country_ads}'::text[])) AS codes,
               (SELECT coalesce(json_agg(json_build_object('id', id, 'country', country)), '[]') FROM teams WHERE operation_id = :opid::uuid) AS teams,
               (SELECT countries[1] FROM operations WHERE id = :opid::uuid) AS default_country
          FROM (SELECT gen_random_uuid() AS cid) g) l \gset

INSERT INTO findings (operation_id, client_id, body_hash, type, target_id, team_id, team_country, tags, category, author_id, status,
                      duplicate_of, details, identifiers, indicators, evidence, notes, nationality, minor, restricted_team_ids,
                      reviewed_by, reviewed_at, version, created_at, updated_at)
SELECT r."operationId", r."clientId", r."bodyHash", r.type, r."targetId", r."teamId", r."teamCountry", r.tags, r.category, r."authorId", r.status,
       r."duplicateOf", r.details, r.identifiers, r.indicators, r.evidence, r.notes, r.nationality, r.minor, r."restrictedTeamIds",
       r."reviewedBy", r."reviewedAt", r.version, r."createdAt", r."updatedAt"
  FROM jsonb_to_recordset(jsonb_build_array(jsonb_build_object(
         'operationId', :opid::uuid, 'clientId', :cid::uuid, 'bodyHash', md5(:cid::text) || md5(:phone::text), 'type', 'suspect',
         'targetId', :t_id::uuid, 'teamId', :t_team_id::uuid, 'teamCountry', :team_country::text, 'tags', :t_tags::text[], 'category', NULL,
         'authorId', :author::uuid, 'status', 'submitted', 'duplicateOf', NULL,
         'details', '{"alias": "bench suspect", "nationality": "RO", "role": "recruiter"}'::jsonb,
         'identifiers', jsonb_build_array(jsonb_build_object('kind', 'phone', 'valid', true, 'value', '+31 6 ' || :phone::text,
                                                             'platform', NULL, 'normalized', '+316' || :phone::text)),
         'indicators', '{third_party_control,multi_country_ads}'::text[], 'evidence', '[]'::jsonb,
         'notes', 'Advert reposted daily from the same number; same photos as in two other countries. Benchmark finding.',
         'nationality', 'RO', 'minor', false, 'restrictedTeamIds', NULL, 'reviewedBy', NULL, 'reviewedAt', NULL, 'version', 1,
         'createdAt', now(), 'updatedAt', now()))) AS r("operationId" uuid, "clientId" uuid, "bodyHash" text, type text, "targetId" uuid,
       "teamId" uuid, "teamCountry" char(2), tags text[], category text, "authorId" uuid, status text, "duplicateOf" uuid, details jsonb,
       identifiers jsonb, indicators text[], evidence jsonb, notes text, nationality char(2), minor boolean, "restrictedTeamIds" uuid[],
       "reviewedBy" uuid, "reviewedAt" timestamptz, version integer, "createdAt" timestamptz, "updatedAt" timestamptz)
ON CONFLICT (operation_id, client_id) DO NOTHING
RETURNING id AS finding_id, client_id \gset

-- Correlation: the shared operation lock and one lock per key (one round trip), then in one
-- statement the finding's keys joining the index and the lookup of earlier items with the same
-- key (none: the numbers are random).
SELECT pg_advisory_xact_lock_shared(hashtext('correlation' || chr(58) || :opid::text), 0),
       (SELECT count(pg_advisory_xact_lock(hashtext(:opid::text), h))
          FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(ARRAY['phone' || chr(58) || '+316' || :phone::text]) AS k ORDER BY 1) AS keys);
WITH indexed AS (
  INSERT INTO identifiers (operation_id, match_key, finding_id, created_at)
  SELECT :opid::uuid, x.key, x.finding_id, now()
    FROM unnest(ARRAY['phone' || chr(58) || '+316' || :phone::text], ARRAY[:finding_id::uuid]) AS x(key, finding_id)
  ON CONFLICT DO NOTHING
),
hits AS (
  SELECT x.ord, x.item, h.target_id, h.finding_id, h.team_id, h.country
    FROM unnest(ARRAY['phone' || chr(58) || '+316' || :phone::text], ARRAY[:t_id::uuid], ARRAY[NULL::uuid], ARRAY[0])
           WITH ORDINALITY AS x(key, rel_target, rel_finding, item, ord)
   CROSS JOIN LATERAL (
     SELECT DISTINCT ON (coalesce(f.team_id, t.team_id))
            i.target_id, i.finding_id,
            coalesce(f.team_id, t.team_id) AS team_id,
            coalesce(f.team_country, t.team_country, t.country) AS country
       FROM (SELECT NULL::uuid AS target_id, k.finding_id, k.created_at FROM identifiers k
              WHERE k.operation_id = :opid::uuid AND k.match_key = x.key
             UNION ALL
             SELECT k.id, NULL::uuid, k.created_at FROM targets k
              WHERE k.operation_id = :opid::uuid AND k.match_key = x.key AND k.match_key IS NOT NULL AND k.xmin <> pg_current_xact_id()::xid) i
       LEFT JOIN findings f ON f.id = i.finding_id
       LEFT JOIN targets t ON t.id = i.target_id
      WHERE (x.rel_target IS NULL OR (i.target_id IS DISTINCT FROM x.rel_target AND f.target_id IS DISTINCT FROM x.rel_target))
        AND (x.rel_finding IS NULL OR i.finding_id IS DISTINCT FROM x.rel_finding)
      ORDER BY coalesce(f.team_id, t.team_id), i.created_at, i.finding_id, i.target_id
   ) h
)
SELECT ord, target_id, finding_id, team_id, country FROM (
  SELECT hits.*, row_number() OVER (PARTITION BY hits.item ORDER BY hits.ord, hits.team_id) AS nth FROM hits
) r
 WHERE r.nth <= 500
 ORDER BY r.ord, r.team_id;

-- The journal: one statement, as JournalRepository.appendWrite (apps/api/src/journal) sends it:
-- 8 tally counters (4 of them shared by every finding of the operation), the next two sequence
-- numbers, the two events, and the write's audit entry (its trigger numbers and chains it under
-- the operation's chain head: one more row every writer of the operation queues on).
WITH tally AS (
  INSERT INTO tally_counters (operation_id, dim, key, metric, sub, value)
  SELECT :opid::uuid, d.dim, d.key, d.metric, d.sub, d.value
    FROM unnest('{all,all,all,all,team,country,tag,tag}'::text[],
                ARRAY['', '', '', '', :t_team_id::text, :team_country::text] || :t_tags::text[],
                '{findings_hour,indicator,indicator,suspects,suspects,suspects,suspects,suspects}'::text[],
                ARRAY[:hour::text, 'third_party_control', 'multi_country_ads', '', '', '', '', ''],
                '{1,1,1,1,1,1,1,1}'::bigint[]) AS d(dim, key, metric, sub, value)
  ON CONFLICT (operation_id, dim, key, metric, sub) DO UPDATE SET value = tally_counters.value + EXCLUDED.value
),
seq AS (
  UPDATE operations SET last_seq = last_seq + 2 WHERE id = :opid::uuid RETURNING last_seq, status
),
appended AS (
  INSERT INTO events (operation_id, seq, type, payload, officer_payload, team_payload, restricted, restricted_team_ids, actor_id, created_at)
  SELECT :opid::uuid, seq.last_seq - 2 + e.ord, e.type, e.payload, NULL, NULL, NULL, NULL, e.actor_id, now()
    FROM seq, unnest('{finding.created,tally.updated}'::text[], ARRAY[:created::jsonb, :tally::jsonb], ARRAY[:author::uuid, :author::uuid])
      WITH ORDINALITY AS e(type, payload, actor_id, ord)
),
audited AS (
  INSERT INTO audit_log (operation_id, actor_id, action, entity_type, entity_id, details)
  SELECT :opid::uuid, a.actor_id, 'finding.create', 'finding', :finding_id::text, jsonb_build_object('after', (:created::jsonb) -> 'finding')::text
    FROM seq, unnest(ARRAY[:author::uuid]) AS a(actor_id)
)
SELECT last_seq, status FROM seq;
END;
