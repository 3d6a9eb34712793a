import { Injectable } from '@nestjs/common';
import type { Indicator, ListFindingsQuery } from '@actionday/contracts';
import { DataSource, In, type EntityManager } from 'typeorm';
import { PageQuery } from '../common/page-query';
import type { Queryable } from '../database/queryable';
import { FindingEntity } from './finding.entity';
import { prepared } from '../database/prepared-statements';

/** A finding of a list page, its withheld columns empty, with what the viewer may see of it. */
export type FindingListRow = FindingEntity & { visible: boolean; notesVisible: boolean; restricted: boolean };

/** What a write's findings name: their clientIds, the targets and findings they refer to, their indicator codes. */
export interface WriteRefs {
  clientIds: string[];
  targetIds: string[];
  findingIds: string[];
  codes: string[];
}

/** Of a target a new finding refers to, what the finding takes from it. */
export interface LookedUpTarget {
  id: string;
  teamId: string | null;
  restrictedTeamIds: string[] | null;
  tags: string[];
  category: FindingEntity['category'];
  country: string | null;
}

/** Of a finding a new link refers to, what the link takes from it. */
export interface LookedUpFinding {
  id: string;
  restrictedTeamIds: string[] | null;
}

/** The answer of writeLookups. */
export interface WriteLookups {
  /** The clientIds of the write that the operation already has. */
  earlier: Set<string>;
  targets: Map<string, LookedUpTarget>;
  findings: Map<string, LookedUpFinding>;
  knownIndicators: Set<string>;
  teams: Map<string, { country: string | null }>;
  defaultCountry: string | null;
}

/** Who reads a list: every restricted finding of the operation (`all`), or those of a team. */
export interface FindingScopes {
  operationId: string;
  restricted: { all: boolean; teamId: string | null };
  notes: { all: boolean; teamId: string | null };
}

/** writeLookups, prepared: see prepared-statements.ts. */
const WRITE_LOOKUPS = prepared(
  `SELECT ARRAY(SELECT client_id FROM findings WHERE operation_id = $1 AND client_id = ANY($2::uuid[])) AS earlier,
          (SELECT coalesce(json_agg(json_build_object('id', t.id, 'teamId', t.team_id, 'restrictedTeamIds', t.restricted_team_ids,
                                                      'tags', t.tags, 'category', t.category, 'country', t.country)), '[]')
             FROM targets t WHERE t.operation_id = $1 AND t.id = ANY($3::uuid[])) AS targets,
          (SELECT coalesce(json_agg(json_build_object('id', f.id, 'restrictedTeamIds', f.restricted_team_ids)), '[]')
             FROM findings f WHERE f.operation_id = $1 AND f.id = ANY($4::uuid[])) AS ends,
          ARRAY(SELECT code FROM indicators WHERE operation_id = $1 AND code = ANY($5::text[])) AS codes,
          (SELECT coalesce(json_agg(json_build_object('id', id, 'country', country)), '[]') FROM teams WHERE operation_id = $1) AS teams,
          (SELECT countries[1] FROM operations WHERE id = $1) AS default_country`,
);

/** insertMany, prepared: see prepared-statements.ts. */
const INSERT_FINDINGS = prepared(
  `INSERT INTO findings (operation_id, client_id, body_hash, type, target_id, team_id, team_country, tags, category, author_id, status,
                         duplicate_of, details, identifiers, indicators, evidence, notes, nationality, minor, restricted_team_ids,
                         reviewed_by, reviewed_at, version, created_at, updated_at)
   SELECT r."operationId", r."clientId", r."bodyHash", r.type, r."targetId", r."teamId", r."teamCountry", r.tags, r.category, r."authorId", r.status,
          r."duplicateOf", r.details, r.identifiers, r.indicators, r.evidence, r.notes, r.nationality, r.minor, r."restrictedTeamIds",
          r."reviewedBy", r."reviewedAt", r.version, r."createdAt", r."updatedAt"
     FROM jsonb_to_recordset($1::jsonb) AS r("operationId" uuid, "clientId" uuid, "bodyHash" text, type text, "targetId" uuid,
          "teamId" uuid, "teamCountry" char(2), tags text[], category text, "authorId" uuid, status text, "duplicateOf" uuid, details jsonb,
          identifiers jsonb, indicators text[], evidence jsonb, notes text, nationality char(2), minor boolean, "restrictedTeamIds" uuid[],
          "reviewedBy" uuid, "reviewedAt" timestamptz, version integer, "createdAt" timestamptz, "updatedAt" timestamptz)
   ON CONFLICT (operation_id, client_id) DO NOTHING
   RETURNING id, client_id`,
);

/** The findings domain's tables: `findings` and the indicator catalogue (`indicators`). */
@Injectable()
export class FindingsRepository {
  constructor(private readonly ds: DataSource) {}

  // --- findings

  /** The operation's findings with these clientIds. */
  byClientIds(operationId: string, clientIds: readonly string[], m: EntityManager = this.ds.manager): Promise<FindingEntity[]> {
    if (clientIds.length === 0) return Promise.resolve([]);
    return m.getRepository(FindingEntity).findBy({ operationId, clientId: In([...clientIds]) });
  }

  /**
   * Everything the findings of one write refer to, in one statement inside its transaction (a
   * round trip per kind was most of a small write's time): which clientIds are taken, the
   * targets and linked findings named (only the columns a new finding takes from them), the
   * known indicator codes, the teams' countries and the operation's first country.
   */
  async writeLookups(m: EntityManager, operationId: string, refs: WriteRefs): Promise<WriteLookups> {
    const [row]: {
      earlier: string[];
      targets: LookedUpTarget[];
      ends: LookedUpFinding[];
      codes: string[];
      teams: { id: string; country: string | null }[];
      default_country: string | null;
    }[] = await m.query(
      WRITE_LOOKUPS,
      [operationId, refs.clientIds, refs.targetIds, refs.findingIds, refs.codes],
    );
    return {
      earlier: new Set(row.earlier),
      targets: new Map(row.targets.map((t) => [t.id, t])),
      findings: new Map(row.ends.map((f) => [f.id, f])),
      knownIndicators: new Set(row.codes),
      teams: new Map(row.teams.map((t) => [t.id, { country: t.country }])),
      defaultCountry: row.default_country,
    };
  }

  /**
   * New findings in one statement. A clientId the operation already has (a concurrent copy of
   * the same request committed first) is skipped, not an error: the ids of those inserted, by clientId.
   */
  async insertMany(m: EntityManager, rows: readonly Omit<FindingEntity, 'id'>[]): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    // All rows as one JSON parameter, turned into rows by PostgreSQL: one bind, whatever the
    // number of findings (a batch of 1,000 would be 24,000 parameters, each escaped by the driver).
    const inserted: { id: string; client_id: string }[] = await m.query(
      INSERT_FINDINGS,
      [JSON.stringify(rows)],
    );
    return new Map(inserted.map((r) => [r.client_id, r.id]));
  }

  findById(id: string, manager: EntityManager = this.ds.manager): Promise<FindingEntity | null> {
    return manager.getRepository(FindingEntity).findOneBy({ id });
  }

  findInOperation(operationId: string, id: string, manager: EntityManager = this.ds.manager): Promise<FindingEntity | null> {
    return manager.getRepository(FindingEntity).findOneBy({ id, operationId });
  }

  /** The finding row, locked for the rest of `m`'s transaction (FOR UPDATE). */
  lock(m: EntityManager, id: string): Promise<FindingEntity | null> {
    return m.getRepository(FindingEntity).createQueryBuilder('f').setLock('pessimistic_write').where('f.id = :id', { id }).getOne();
  }

  save(m: EntityManager, f: FindingEntity): Promise<FindingEntity> {
    return m.getRepository(FindingEntity).save(f);
  }

  async operationOf(findingId: string): Promise<string | null> {
    const rows: { operation_id: string }[] = await this.ds.query('SELECT operation_id FROM findings WHERE id = $1', [findingId]);
    return rows[0]?.operation_id ?? null;
  }

  /**
   * A newest-first page of findings (one row more than `q.limit`, to know whether another
   * follows). Restricted columns are withheld here, in the query, by the same table as
   * findingForViewer: they never leave the database for a viewer who may not see them.
   */
  page(scopes: FindingScopes, q: ListFindingsQuery): Promise<FindingListRow[]> {
    const { restricted, notes } = scopes;
    const page = new PageQuery('f', [scopes.operationId, restricted.all, restricted.teamId, notes.all, notes.teamId]);
    if (q.id) page.filter('f.id = ?', q.id);
    if (q.type) page.filter('f.type = ?', q.type);
    if (q.status) page.filter('f.status = ?', q.status);
    if (q.teamId) page.filter('f.team_id = ?', q.teamId);
    // Which target a restricted finding was logged on is restricted too: the filter must not find
    // a finding by what the list would withhold from it.
    if (q.targetId) page.filter('f.target_id = ? AND (f.restricted_team_ids IS NULL OR $2 OR $3::uuid = ANY(f.restricted_team_ids))', q.targetId);
    const tail = page.after(q.cursor).tail(q.limit);
    return this.ds.query(
      `SELECT f.id, f.operation_id AS "operationId", f.client_id AS "clientId", f.type,
              f.team_id AS "teamId", f.author_id AS "authorId", f.status, f.reviewed_by AS "reviewedBy", f.reviewed_at AS "reviewedAt",
              f.version, f.created_at AS "createdAt", f.updated_at AS "updatedAt", v.visible, v.notes_visible AS "notesVisible",
              f.restricted_team_ids IS NOT NULL AS restricted,
              CASE WHEN v.visible THEN f.target_id END AS "targetId",
              CASE WHEN v.visible AND (d.restricted_team_ids IS NULL OR $2 OR $3::uuid = ANY(d.restricted_team_ids)) THEN f.duplicate_of END AS "duplicateOf",
              CASE WHEN v.visible THEN f.details END AS details,
              CASE WHEN v.visible THEN f.identifiers ELSE '[]'::jsonb END AS identifiers,
              CASE WHEN v.visible THEN f.indicators ELSE '{}'::text[] END AS indicators,
              CASE WHEN v.notes_visible THEN f.evidence ELSE '[]'::jsonb END AS evidence,
              CASE WHEN v.notes_visible THEN f.notes END AS notes
         FROM findings f
         LEFT JOIN findings d ON d.id = f.duplicate_of
        CROSS JOIN LATERAL (SELECT (f.restricted_team_ids IS NULL OR $2 OR $3::uuid = ANY(f.restricted_team_ids)) AS visible) r
        CROSS JOIN LATERAL (SELECT r.visible, r.visible AND ($4 OR f.team_id = $5::uuid) AS notes_visible) v
        ${tail}`,
      page.params,
    );
  }

  /** Retention: erases the personal fields of every finding of the operation, keeping `keptDetailFields`; the number of findings. */
  async purge(m: Queryable, operationId: string, keptDetailFields: readonly string[]): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = (await m.query(
      `UPDATE findings SET identifiers = '[]', evidence = '[]', notes = NULL, updated_at = now(),
              details = (SELECT coalesce(jsonb_object_agg(k, v), '{}'::jsonb) FROM jsonb_each(details) AS d(k, v) WHERE k = ANY($2))
        WHERE operation_id = $1`,
      [operationId, keptDetailFields],
    )) as [unknown, number];
    return affected;
  }

  // --- indicators

  indicators(operationId: string): Promise<Indicator[]> {
    return this.ds.query(`SELECT code, label, builtin FROM indicators WHERE operation_id = $1 ORDER BY builtin DESC, created_at, code`, [operationId]);
  }

  async insertIndicator(m: Queryable, operationId: string, code: string, label: string, createdBy: string): Promise<Indicator> {
    const [indicator]: Indicator[] = await m.query(
      `INSERT INTO indicators (operation_id, code, label, builtin, created_by) VALUES ($1, $2, $3, false, $4)
           RETURNING code, label, builtin`,
      [operationId, code, label, createdBy],
    );
    return indicator;
  }

  async insertBuiltinIndicators(m: Queryable, operationId: string, indicators: readonly { code: string; label: string }[]): Promise<void> {
    await m.query(
      `INSERT INTO indicators (operation_id, code, label, builtin) SELECT $1, d.code, d.label, true FROM unnest($2::text[], $3::text[]) AS d(code, label)`,
      [operationId, indicators.map((i) => i.code), indicators.map((i) => i.label)],
    );
  }

  async indicatorLabels(operationId: string): Promise<Map<string, string>> {
    const rows: { code: string; label: string }[] = await this.ds.query('SELECT code, label FROM indicators WHERE operation_id = $1', [operationId]);
    return new Map(rows.map((r) => [r.code, r.label]));
  }

  /** How many findings the operation has, counted up to `cap` only (exact up to it, more than it when there are more). */
  async countUpTo(operationId: string, cap: number): Promise<number> {
    const [row] = (await this.ds.query('SELECT count(*) AS n FROM (SELECT 1 FROM findings WHERE operation_id = $1 LIMIT $2) r', [operationId, cap])) as { n: string }[];
    return Number(row.n);
  }

  /** The ids of the operation's findings the need-to-know policy restricts (restricted_team_ids set). */
  async restrictedIds(operationId: string): Promise<string[]> {
    const rows = (await this.ds.query('SELECT id FROM findings WHERE operation_id = $1 AND restricted_team_ids IS NOT NULL', [operationId])) as { id: string }[];
    return rows.map((r) => r.id);
  }
}
