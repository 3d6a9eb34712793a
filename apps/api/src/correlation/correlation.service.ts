import { Injectable } from '@nestjs/common';
import { canSeeVictimDetails, type ListMatchesQuery, type Match, type MatchSide, type Page } from '@actionday/contracts';
import { matchKindOf } from '@actionday/identifiers';
import { DataSource } from 'typeorm';
import type { OperationAccess } from '../auth/auth.decorators';
import { pageOfRows } from '../common/cursor';
import { PageQuery } from '../common/page-query';
import type { OperationTx } from '../live/journal.service';
import { matchTeamIds, redactMatch, rowToMatch, type MatchRow } from './matches.mapper';

/** An identifier of a new target or finding, by the key matches compare on (libs/identifiers matchKey). */
export interface IndexedIdentifier {
  key: string;
  targetId: string | null;
  findingId: string | null;
  /** Whose work the new item is, as reported on side `a` of a match. */
  teamId: string | null;
  country: string | null;
  /** A target this item belongs to (a finding's target, a snowballed target's source): not news to it. */
  relatedTargetId?: string | null;
  relatedFindingId?: string | null;
}

/** At most this many matches per write: one per other team already suffices to alert everyone. */
const MAX_MATCHES_PER_WRITE = 500;

/**
 * The identifier index of each operation and the matches it raises. Every write that brings
 * identifiers calls `record` inside its transaction: the new keys are looked up among those
 * already there, each hit becomes a match (one per other team, the earliest item of that team),
 * and the keys join the index. Advisory locks on the keys make two concurrent writes of the same
 * identifier see each other: the second waits for the first to commit, then finds it.
 */
@Injectable()
export class CorrelationService {
  constructor(private readonly ds: DataSource) {}

  async record(tx: OperationTx, items: readonly IndexedIdentifier[], options: { bulk?: boolean } = {}): Promise<Match[]> {
    const unique = dedupe(items);
    if (unique.length === 0) return [];
    const m = tx.manager;
    if (options.bulk) {
      // One lock for the whole write instead of one per key: a 100,000-row import would exhaust
      // the lock table. Single writes hold the shared side of it.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('correlation:' || $1::text), 0)`, [tx.operationId]);
    } else {
      // One round trip: the shared side of the bulk lock, then each key's lock in a fixed order
      // so that two writers of overlapping keys cannot deadlock.
      await m.query(
        `SELECT pg_advisory_xact_lock_shared(hashtext('correlation:' || $1::text), 0),
                (SELECT count(pg_advisory_xact_lock(hashtext($1::text), h))
                   FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($2::text[]) AS k ORDER BY 1) AS keys)`,
        [tx.operationId, unique.map((i) => i.key)],
      );
    }

    // For each new key: the earliest indexed item of every team (null team included), leaving out
    // the item's own target and finding and what belongs to them. The new keys join the index in
    // the same statement; its snapshot does not see them, so nothing matches itself.
    const at = new Date();
    const hits: {
      ord: number;
      target_id: string | null;
      finding_id: string | null;
      team_id: string | null;
      country: string | null;
    }[] = await m.query(
      `WITH indexed AS (
         INSERT INTO identifiers (operation_id, match_key, target_id, finding_id, created_at)
         SELECT $1, x.key, x.target_id, x.finding_id, $7
           FROM unnest($2::text[], $5::uuid[], $6::uuid[]) AS x(key, target_id, finding_id)
         ON CONFLICT DO NOTHING
       )
       SELECT DISTINCT ON (x.ord, coalesce(f.team_id, t.team_id))
              x.ord, i.target_id, i.finding_id,
              coalesce(f.team_id, t.team_id) AS team_id,
              coalesce(f.team_country, t.team_country, t.country) AS country
         FROM unnest($2::text[], $3::uuid[], $4::uuid[]) WITH ORDINALITY AS x(key, rel_target, rel_finding, ord)
         JOIN identifiers i ON i.operation_id = $1 AND i.match_key = x.key
         LEFT JOIN findings f ON f.id = i.finding_id
         LEFT JOIN targets t ON t.id = i.target_id
        WHERE (x.rel_target IS NULL OR (i.target_id IS DISTINCT FROM x.rel_target AND f.target_id IS DISTINCT FROM x.rel_target))
          AND (x.rel_finding IS NULL OR i.finding_id IS DISTINCT FROM x.rel_finding)
        ORDER BY x.ord, coalesce(f.team_id, t.team_id), i.id
        LIMIT ${MAX_MATCHES_PER_WRITE}`,
      [
        tx.operationId,
        unique.map((i) => i.key),
        unique.map((i) => i.relatedTargetId ?? null),
        unique.map((i) => i.relatedFindingId ?? null),
        unique.map((i) => i.targetId),
        unique.map((i) => i.findingId),
        at,
      ],
    );
    if (hits.length === 0) return [];

    const pairs = hits.map((h) => {
      const a = unique[Number(h.ord) - 1];
      const sideA: MatchSide = { teamId: a.teamId, country: a.country, targetId: a.targetId, findingId: a.findingId };
      const sideB: MatchSide = { teamId: h.team_id, country: h.country, targetId: h.target_id, findingId: h.finding_id };
      return { key: a.key, a: sideA, b: sideB, crossBorder: sideA.country !== null && sideB.country !== null && sideA.country !== sideB.country };
    });
    const rows: MatchRow[] = await m.query(
        `INSERT INTO matches (operation_id, kind, match_key, a_target_id, a_finding_id, a_team_id, a_country,
                              b_target_id, b_finding_id, b_team_id, b_country, cross_border, created_at)
         SELECT $1, x.kind, x.key, x.a_target, x.a_finding, x.a_team, x.a_country, x.b_target, x.b_finding, x.b_team, x.b_country, x.cross_border, $2
           FROM unnest($3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::uuid[], $10::uuid[], $11::uuid[], $12::text[], $13::boolean[])
             AS x(kind, key, a_target, a_finding, a_team, a_country, b_target, b_finding, b_team, b_country, cross_border)
         RETURNING ${MATCH_COLUMNS}`,
        [
          tx.operationId,
          at,
          pairs.map((p) => matchKindOf(p.key)),
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

    const matches = rows.map(rowToMatch);
    for (const match of matches) {
      tx.emit('correlation.match', { match: redactMatch(match) }, { data: { match }, teamIds: matchTeamIds(match) });
    }
    return matches;
  }

  /** Matches of the operation, newest first; the identifier is withheld from members it does not concern. */
  async list(viewer: OperationAccess, q: ListMatchesQuery): Promise<Page<Match>> {
    const page = new PageQuery('m', [viewer.operationId, canSeeVictimDetails(viewer, { teamId: null }), viewer.role === 'observer' ? null : viewer.teamId]);
    if (q.teamId) page.filter('(m.a_team_id = ? OR m.b_team_id = ?)', q.teamId);
    if (q.crossBorder !== undefined) page.filter('m.cross_border = ?', q.crossBorder);
    const tail = page.after(q.cursor).tail(q.limit);
    const rows: (MatchRow & { visible: boolean })[] = await this.ds.query(
      `SELECT ${MATCH_COLUMNS.replace(/(^|, )/g, '$1m.')},
              ($2 OR m.a_team_id = $3::uuid OR m.b_team_id = $3::uuid) AS visible
         FROM matches m
        ${tail}`,
      page.params,
    );
    return pageOfRows(
      rows,
      q.limit,
      (r) => ({ at: r.created_at.toISOString(), id: r.id }),
      (r) => (r.visible ? rowToMatch(r) : redactMatch(rowToMatch(r))),
    );
  }
}

const MATCH_COLUMNS =
  'id, operation_id, kind, match_key, a_target_id, a_finding_id, a_team_id, a_country, b_target_id, b_finding_id, b_team_id, b_country, cross_border, created_at';

/** One entry per (item, key): a finding that lists the same number twice raises one match. */
function dedupe(items: readonly IndexedIdentifier[]): IndexedIdentifier[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const id = `${i.targetId ?? ''}|${i.findingId ?? ''}|${i.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
