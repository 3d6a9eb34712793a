import { Injectable } from '@nestjs/common';
import type { ListMatchesQuery } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { PageQuery } from '../common/page-query';
import type { Queryable } from '../database/queryable';
import type { MatchRow } from './matches.mapper';
import { prepared } from '../database/prepared-statements';

/**
 * At most this many matches per item written (a target, a finding with up to 100 identifiers):
 * one per other team already suffices to alert everyone.
 */
const MAX_MATCHES_PER_ITEM = 500;

/** The teams a side's record is restricted to: a finding's own, or a restricted target's plus the team it is assigned to. */
const SIDE_RESTRICTION = (f: string, t: string) =>
  `CASE WHEN ${f}.id IS NOT NULL THEN ${f}.restricted_team_ids
        WHEN ${t}.restricted_team_ids IS NOT NULL THEN array_append(${t}.restricted_team_ids, ${t}.team_id) END`;

const MATCH_COLUMNS =
  'id, operation_id, kind, match_key, a_target_id, a_finding_id, a_team_id, a_country, b_target_id, b_finding_id, b_team_id, b_country, cross_border, created_at';

/** One key of a write to look up: `findingId` when the key joins the index, what it belongs to (not news to it). */
export interface KeyLookup {
  key: string;
  /** Which item of the write (a target, a finding) the key is of: the cap on matches is per item. */
  item: number;
  findingId: string | null;
  relatedTargetId: string | null;
  relatedFindingId: string | null;
}

/** What a key met: the earliest indexed item of one team. `ord`: 1-based position of the key in the lookup. */
export interface KeyHit {
  ord: number;
  target_id: string | null;
  finding_id: string | null;
  team_id: string | null;
  country: string | null;
  restricted_team_ids: (string | null)[] | null;
}

export interface NewMatch {
  kind: string;
  key: string;
  a: { targetId: string | null; findingId: string | null; teamId: string | null; country: string | null };
  b: { targetId: string | null; findingId: string | null; teamId: string | null; country: string | null };
  crossBorder: boolean;
}

/** lockOperationKeys, prepared: see prepared-statements.ts. */
const LOCK_OPERATION_KEYS = prepared(
  `SELECT pg_advisory_xact_lock(hashtext('correlation:' || $1::text), 0)`,
);

/** lockKeys, prepared: see prepared-statements.ts. */
const LOCK_KEYS = prepared(
  `SELECT pg_advisory_xact_lock_shared(hashtext('correlation:' || $1::text), 0),
          (SELECT count(pg_advisory_xact_lock(hashtext($1::text), h))
             FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($2::text[]) AS k ORDER BY 1) AS keys)`,
);

/** indexAndLookUp, prepared: see prepared-statements.ts. */
const INDEX_AND_LOOK_UP = prepared(
  `WITH indexed AS (
     INSERT INTO identifiers (operation_id, match_key, finding_id, created_at)
     SELECT $1, x.key, x.finding_id, $6
       FROM unnest($2::text[], $5::uuid[]) AS x(key, finding_id)
      WHERE x.finding_id IS NOT NULL
     ON CONFLICT DO NOTHING
   ),
   hits AS (
     -- Per key, by index (identifiers_match_idx, targets_match_idx): a join with the whole
     -- operation's index instead read every identifier of the day on every write.
     SELECT x.ord, x.item, h.target_id, h.finding_id, h.team_id, h.country, h.restricted_team_ids
       FROM unnest($2::text[], $3::uuid[], $4::uuid[], $7::int[]) WITH ORDINALITY AS x(key, rel_target, rel_finding, item, ord)
      CROSS JOIN LATERAL (
        SELECT DISTINCT ON (coalesce(f.team_id, t.team_id))
               i.target_id, i.finding_id,
               coalesce(f.team_id, t.team_id) AS team_id,
               coalesce(f.team_country, t.team_country, t.country) AS country,
               ${SIDE_RESTRICTION('f', 't')} AS restricted_team_ids
          FROM (SELECT NULL::uuid AS target_id, k.finding_id, k.created_at FROM identifiers k
                 WHERE k.operation_id = $1 AND k.match_key = x.key
                UNION ALL
                SELECT k.id, NULL::uuid, k.created_at FROM targets k
                 WHERE k.operation_id = $1 AND k.match_key = x.key AND k.match_key IS NOT NULL AND k.xmin <> pg_current_xact_id()::xid) i
          LEFT JOIN findings f ON f.id = i.finding_id
          LEFT JOIN targets t ON t.id = i.target_id
         WHERE (x.rel_target IS NULL OR (i.target_id IS DISTINCT FROM x.rel_target AND f.target_id IS DISTINCT FROM x.rel_target))
           AND (x.rel_finding IS NULL OR i.finding_id IS DISTINCT FROM x.rel_finding)
         ORDER BY coalesce(f.team_id, t.team_id), i.created_at, i.finding_id, i.target_id
      ) h
   )
   SELECT ord, target_id, finding_id, team_id, country, restricted_team_ids FROM (
     SELECT hits.*, row_number() OVER (PARTITION BY hits.item ORDER BY hits.ord, hits.team_id) AS nth FROM hits
   ) r
    WHERE r.nth <= ${MAX_MATCHES_PER_ITEM}
    ORDER BY r.ord, r.team_id`,
);

/** insertMatches, prepared: see prepared-statements.ts. */
const INSERT_MATCHES = prepared(
  `INSERT INTO matches (operation_id, kind, match_key, a_target_id, a_finding_id, a_team_id, a_country,
                          b_target_id, b_finding_id, b_team_id, b_country, cross_border, created_at)
     SELECT $1, x.kind, x.key, x.a_target, x.a_finding, x.a_team, x.a_country, x.b_target, x.b_finding, x.b_team, x.b_country, x.cross_border, $2
       FROM unnest($3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::uuid[], $10::uuid[], $11::uuid[], $12::text[], $13::boolean[])
         AS x(kind, key, a_target, a_finding, a_team, a_country, b_target, b_finding, b_team, b_country, cross_border)
     RETURNING ${MATCH_COLUMNS}`,
);

/**
 * The correlation domain's tables: the identifier index (`identifiers`) and the matches
 * (`matches`). The lookup and the match list read the targets' and findings' rows they name in
 * the same statement (their keys, teams and restrictions): one round trip, on the index the
 * lookup is tuned for.
 */
@Injectable()
export class CorrelationRepository {
  constructor(private readonly ds: DataSource) {}

  /** One lock for a whole bulk write of the operation (a 100,000-row import would exhaust the lock table with one per key). */
  async lockOperationKeys(m: Queryable, operationId: string): Promise<void> {
    await m.query(LOCK_OPERATION_KEYS, [operationId]);
  }

  /**
   * One round trip: the shared side of the bulk lock, then each key's lock in a fixed order so
   * that two writers of overlapping keys cannot deadlock.
   */
  async lockKeys(m: Queryable, operationId: string, keys: readonly string[]): Promise<void> {
    await m.query(
      LOCK_KEYS,
      [operationId, keys],
    );
  }

  /**
   * For each new key: the earliest indexed item of every team (null team included), leaving out
   * what belongs to the item. A finding's keys join the index in the same statement, whose
   * snapshot does not see them; the targets this transaction wrote are left out by their xmin
   * (no savepoints here, so all of them carry the transaction's own id).
   */
  indexAndLookUp(m: Queryable, operationId: string, keys: readonly KeyLookup[], at: Date): Promise<KeyHit[]> {
    return m.query(
      INDEX_AND_LOOK_UP,
      [
        operationId,
        keys.map((i) => i.key),
        keys.map((i) => i.relatedTargetId),
        keys.map((i) => i.relatedFindingId),
        keys.map((i) => i.findingId),
        at,
        keys.map((i) => i.item),
      ],
    );
  }

  insertMatches(m: Queryable, operationId: string, at: Date, pairs: readonly NewMatch[]): Promise<MatchRow[]> {
    return m.query(
      INSERT_MATCHES,
      [
        operationId,
        at,
        pairs.map((p) => p.kind),
        pairs.map((p) => p.key),
        pairs.map((p) => p.a.targetId),
        pairs.map((p) => p.a.findingId),
        pairs.map((p) => p.a.teamId),
        pairs.map((p) => p.a.country),
        pairs.map((p) => p.b.targetId),
        pairs.map((p) => p.b.findingId),
        pairs.map((p) => p.b.teamId),
        pairs.map((p) => p.b.country),
        pairs.map((p) => p.crossBorder),
      ],
    );
  }

  /** A newest-first page of the operation's matches (one row more than `q.limit`), with each side's restriction. */
  page(
    operationId: string,
    q: ListMatchesQuery,
  ): Promise<(MatchRow & { a_restricted: (string | null)[] | null; b_restricted: (string | null)[] | null })[]> {
    const page = new PageQuery('m', [operationId]);
    if (q.teamId) page.filter('(m.a_team_id = ? OR m.b_team_id = ?)', q.teamId);
    if (q.crossBorder !== undefined) page.filter('m.cross_border = ?', q.crossBorder);
    const tail = page.after(q.cursor).tail(q.limit);
    return this.ds.query(
      `SELECT ${MATCH_COLUMNS.replace(/(^|, )/g, '$1m.')},
              ${SIDE_RESTRICTION('fa', 'ta')} AS a_restricted, ${SIDE_RESTRICTION('fb', 'tb')} AS b_restricted
         FROM matches m
         LEFT JOIN findings fa ON fa.id = m.a_finding_id LEFT JOIN targets ta ON ta.id = m.a_target_id
         LEFT JOIN findings fb ON fb.id = m.b_finding_id LEFT JOIN targets tb ON tb.id = m.b_target_id
        ${tail}`,
      page.params,
    );
  }

  /** Retention: the identifier index of the operation goes; the number of rows deleted. */
  deleteIdentifiers(m: Queryable, operationId: string): Promise<number> {
    return affected(m.query('DELETE FROM identifiers WHERE operation_id = $1', [operationId]));
  }

  /** Retention: the matches of the operation go; the number of rows deleted. */
  deleteMatches(m: Queryable, operationId: string): Promise<number> {
    return affected(m.query('DELETE FROM matches WHERE operation_id = $1', [operationId]));
  }

  /** How many matches the operation has, counted up to `cap` only (exact up to it, more than it when there are more). */
  async countUpTo(operationId: string, cap: number): Promise<number> {
    const [row] = (await this.ds.query('SELECT count(*) AS n FROM (SELECT 1 FROM matches WHERE operation_id = $1 LIMIT $2) r', [operationId, cap])) as { n: string }[];
    return Number(row.n);
  }
}

/** TypeORM answers a DELETE with [rows, affected]. */
const affected = async (result: Promise<unknown>) => ((await result) as [unknown, number])[1];
