-- One POST /operations/:id/findings as PostgreSQL sees it, for pgbench: the statements, in order
-- and with the same locks, that the API issues for a new suspect finding with one phone number,
-- two indicators and a tagged target (apps/api/src/findings/findings.service.ts,
-- correlation/correlation.service.ts, live/journal.service.ts). Re-derive it after the API changes
-- by logging the statements of one POST (log_statement = all on a bench database).
--
-- Run by tools/bench/live.mjs as
--   pgbench -n -M extended -f pgbench-finding.sql -c K -j 2 -T 10 -D opid=.. -D author=.. \
--           -D targets={..} -D ntargets=N -D hour=.. -D created=<json> -D tally=<json> <db>
-- opid: a live operation; author: an officer of it; targets: its bench targets, each assigned to
-- a team and tagged bench and ukraine-related; hour: the findings_hour counter key; created and
-- tally: the payloads of a real finding.created and tally.updated event. -M extended: the API
-- binds parameters the same way (unnamed statements, no prepared plans).

\set k random(1, :ntargets)
\set phone random(10000000, 99999999)

-- Outside the transaction, as in the API: the auth guard's membership check, the lookup of an
-- earlier finding with the same clientId (none: the id is fresh), the indicator validation.
SELECT role, team_id FROM memberships WHERE operation_id = :opid::uuid AND user_id = :author::uuid;
SELECT g.cid, EXISTS (SELECT 1 FROM findings f WHERE f.operation_id = :opid::uuid AND f.client_id = g.cid) AS earlier
  FROM (SELECT gen_random_uuid() AS cid) g \gset
SELECT code FROM indicators WHERE operation_id = :opid::uuid AND code = ANY('{third_party_control,multi_country_ads}'::text[]);

BEGIN;
SELECT * FROM targets WHERE id = (:targets::uuid[])[:k::int] AND operation_id = :opid::uuid LIMIT 1 \gset t_
SELECT * FROM teams WHERE id = :t_team_id::uuid LIMIT 1 \gset team_

INSERT INTO findings (id, operation_id, client_id, body_hash, type, target_id, team_id, team_country, tags, author_id,
                      status, duplicate_of, details, identifiers, indicators, evidence, notes, nationality, minor,
                      reviewed_by, reviewed_at, version, created_at, updated_at)
VALUES (DEFAULT, :opid::uuid, :cid::uuid, md5(:cid::text) || md5(:phone::text), 'suspect', :t_id::uuid, :t_team_id::uuid,
        :team_country, :t_tags::text[], :author::uuid, 'submitted', NULL,
        '{"alias": "bench suspect", "nationality": "RO", "role": "recruiter"}',
        jsonb_build_array(jsonb_build_object('kind', 'phone', 'valid', true, 'value', '+31 6 ' || :phone::text,
                                             'platform', NULL, 'normalized', '+316' || :phone::text)),
        '{third_party_control,multi_country_ads}', '[]',
        'Advert reposted daily from the same number; same photos as in two other countries. Benchmark finding.',
        'RO', false, NULL, NULL, 1, now(), now())
RETURNING id AS finding_id, created_at, updated_at \gset

-- Correlation: the shared operation lock and one lock per key (one round trip), the lookup of
-- earlier items with the same key (none: the numbers are random), the finding's keys joining
-- the index.
SELECT pg_advisory_xact_lock_shared(hashtext('correlation' || chr(58) || :opid::text), 0),
       (SELECT count(pg_advisory_xact_lock(hashtext(:opid::text), h))
          FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(ARRAY['phone' || chr(58) || '+316' || :phone::text]) AS k ORDER BY 1) AS keys);
SELECT DISTINCT ON (x.ord, coalesce(f.team_id, t.team_id))
       x.ord, i.target_id, i.finding_id,
       coalesce(f.team_id, t.team_id) AS team_id,
       coalesce(f.team_country, t.team_country, t.country) AS country
  FROM unnest(ARRAY['phone' || chr(58) || '+316' || :phone::text], ARRAY[:t_id::uuid], ARRAY[NULL::uuid])
         WITH ORDINALITY AS x(key, rel_target, rel_finding, ord)
  JOIN identifiers i ON i.operation_id = :opid::uuid AND i.match_key = x.key
  LEFT JOIN findings f ON f.id = i.finding_id
  LEFT JOIN targets t ON t.id = i.target_id
 WHERE (x.rel_target IS NULL OR (i.target_id IS DISTINCT FROM x.rel_target AND f.target_id IS DISTINCT FROM x.rel_target))
   AND (x.rel_finding IS NULL OR i.finding_id IS DISTINCT FROM x.rel_finding)
 ORDER BY x.ord, coalesce(f.team_id, t.team_id), i.id
 LIMIT 500;
INSERT INTO identifiers (operation_id, match_key, target_id, finding_id, created_at)
SELECT :opid::uuid, x.key, x.target_id, x.finding_id, now()
  FROM unnest(ARRAY['phone' || chr(58) || '+316' || :phone::text], ARRAY[NULL::uuid], ARRAY[:finding_id::uuid])
         AS x(key, target_id, finding_id)
ON CONFLICT DO NOTHING;

-- The journal: 8 tally counters (4 of them shared by every finding of the operation), the next
-- two sequence numbers, the two events.
INSERT INTO tally_counters (operation_id, dim, key, metric, sub, value)
SELECT :opid::uuid, d.dim, d.key, d.metric, d.sub, d.value
  FROM unnest('{all,all,all,all,team,country,tag,tag}'::text[],
              ARRAY['', '', '', '', :t_team_id::text, :team_country::text] || :t_tags::text[],
              '{findings_hour,indicator,indicator,suspects,suspects,suspects,suspects,suspects}'::text[],
              ARRAY[:hour::text, 'third_party_control', 'multi_country_ads', '', '', '', '', ''],
              '{1,1,1,1,1,1,1,1}'::bigint[]) AS d(dim, key, metric, sub, value)
ON CONFLICT (operation_id, dim, key, metric, sub) DO UPDATE SET value = tally_counters.value + EXCLUDED.value;
UPDATE operations SET last_seq = last_seq + 2 WHERE id = :opid::uuid RETURNING last_seq, status \gset
\set first_seq :last_seq - 1
INSERT INTO events (operation_id, seq, type, payload, restricted, restricted_team_ids, actor_id, created_at)
SELECT :opid::uuid, e.seq, e.type, e.payload, e.restricted, string_to_array(e.team_ids, ',')::uuid[], :author::uuid, now()
  FROM unnest(ARRAY[:first_seq::bigint, :last_seq::bigint], '{finding.created,tally.updated}'::text[],
              ARRAY[:created::jsonb, :tally::jsonb], '{NULL,NULL}'::jsonb[], '{NULL,NULL}'::text[])
         AS e(seq, type, payload, restricted, team_ids);
END;
