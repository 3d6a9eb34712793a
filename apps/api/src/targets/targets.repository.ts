import { Injectable } from '@nestjs/common';
import type { ListTargetsQuery } from '@actionday/contracts';
import { DataSource, type EntityManager, In } from 'typeorm';
import { decodeCursor } from '../common/cursor';
import type { Queryable } from '../database/queryable';
import type { NewTarget } from './target-normalization';
import { TargetEntity } from './target.entity';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The targets domain's table: `targets`. */
@Injectable()
export class TargetsRepository {
  constructor(private readonly ds: DataSource) {}

  insert(m: EntityManager, fields: Omit<TargetEntity, 'id'>): Promise<TargetEntity> {
    return m.getRepository(TargetEntity).save(fields);
  }

  /**
   * One chunk of a bulk write: a single multi-row INSERT of rows whose ids and keys were made by
   * the caller. Not awaited here: the promise is the statement in flight (see target-bulk-write.ts).
   */
  insertChunk(
    m: Queryable,
    chunk: { operationId: string; actorId: string | null; createdAt: Date; ids: readonly string[]; keys: readonly (string | null)[]; rows: readonly NewTarget[] },
  ): Promise<unknown> {
    const { rows } = chunk;
    return m.query(
      `INSERT INTO targets (id, operation_id, kind, value, normalized, normalization_failed, match_key, platform, category,
                            country, language, tags, priority, notes, created_by, created_at, updated_at)
       SELECT r.id, $1, r.kind, r.value, r.normalized, r.failed, r.match_key, r.platform, r.category, r.country, r.language,
              string_to_array(r.tags, E'\\x1f'), r.priority, r.notes, $2, $3, $3
         FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[], $11::text[],
                     $12::text[], $13::text[], $14::text[], $15::smallint[], $16::text[])
           AS r(id, kind, value, normalized, failed, match_key, platform, category, country, language, tags, priority, notes)`,
      [
        chunk.operationId,
        chunk.actorId,
        chunk.createdAt,
        chunk.ids,
        rows.map((r) => r.kind),
        rows.map((r) => r.value),
        rows.map((r) => r.normalized),
        rows.map((r) => r.normalizationFailed),
        chunk.keys,
        rows.map((r) => r.platform),
        rows.map((r) => r.category),
        rows.map((r) => r.country),
        rows.map((r) => r.language),
        // Tags travel as one string per row (unit separator between them): a ragged text[][] cannot be unnested.
        rows.map((r) => r.tags.join('\x1f')),
        rows.map((r) => r.priority),
        rows.map((r) => r.notes),
      ],
    );
  }

  /**
   * Forgets the plans this pooled connection cached: a bulk write's lookup joins the new keys with
   * every target and finding of the operation, and a plan cached while the targets were few (a
   * scan of them per key) would be quadratic in the rows.
   */
  async discardPlans(m: Queryable): Promise<void> {
    await m.query('DISCARD PLANS');
  }

  findById(id: string): Promise<TargetEntity | null> {
    return this.ds.getRepository(TargetEntity).findOneBy({ id });
  }

  findByNormalized(operationId: string, normalized: string): Promise<TargetEntity | null> {
    return this.ds.getRepository(TargetEntity).findOneBy({ operationId, normalized });
  }

  /** Open targets (assigned or in progress) per team. */
  async openLoad(operationId: string, m: Queryable = this.ds.manager): Promise<Map<string, number>> {
    const rows: { team_id: string; open: string }[] = await m.query(
      `SELECT team_id, count(*) AS open FROM targets
        WHERE operation_id = $1 AND status IN ('assigned', 'in_progress') GROUP BY team_id`,
      [operationId],
    );
    return new Map(rows.map((r) => [r.team_id, Number(r.open)]));
  }

  /**
   * An oldest-first page of targets (one row more than `q.limit`). A restricted target's value
   * is searched only where the scope may see it (a search must not find what the list would hide).
   */
  page(operationId: string, scope: { all: boolean; teamId: string | null }, q: ListTargetsQuery): Promise<TargetEntity[]> {
    const after = decodeCursor(q.cursor);
    const visible = `(t.restricted_team_ids IS NULL OR :seeAll OR CAST(:team AS uuid) = ANY(t.restricted_team_ids) OR t.team_id = CAST(:team AS uuid))`;
    const qb = this.ds.getRepository(TargetEntity).createQueryBuilder('t').where('t.operation_id = :operationId', { operationId });
    qb.setParameters({ seeAll: scope.all, team: scope.teamId });
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('t.kind = :kind', { kind: q.kind });
    if (q.category) qb.andWhere('t.category = :category', { category: q.category });
    if (q.outcome) qb.andWhere('t.outcome = :outcome', { outcome: q.outcome });
    if (q.tag) qb.andWhere(':tag = ANY(t.tags)', { tag: q.tag });
    if (q.teamId === 'none') qb.andWhere('t.team_id IS NULL');
    else if (q.teamId) qb.andWhere('t.team_id = :teamId', { teamId: q.teamId });
    if (q.q) qb.andWhere(`${visible} AND (t.value ILIKE :q ESCAPE '\\' OR t.normalized ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(q.q)}%` });
    if (after) qb.andWhere('(t.created_at, t.id) > (:at, :id)', after);
    return qb.orderBy('t.created_at', 'ASC').addOrderBy('t.id', 'ASC').limit(q.limit + 1).getMany();
  }

  /** Unassigned targets by priority then age (all, or those of `ids`), locked when `lock`. */
  unassigned(m: EntityManager, operationId: string, ids: readonly string[] | undefined, lock: boolean): Promise<TargetEntity[]> {
    const qb = m
      .getRepository(TargetEntity)
      .createQueryBuilder('t')
      .where(`t.operation_id = :op AND t.status = 'unassigned'`, { op: operationId })
      .orderBy('t.priority', 'DESC')
      .addOrderBy('t.created_at')
      .addOrderBy('t.id');
    if (ids) qb.andWhere('t.id = ANY(:ids)', { ids: [...new Set(ids)] });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** These targets of the operation, locked in id order (so two concurrent bulk assignments cannot deadlock). */
  lockMany(m: EntityManager, operationId: string, ids: readonly string[]): Promise<TargetEntity[]> {
    return m
      .getRepository(TargetEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.operation_id = :op AND t.id = ANY(:ids)', { op: operationId, ids })
      .orderBy('t.id')
      .getMany();
  }

  /** Puts these (locked) targets in a team, or back to unassigned; the rows as they are now. */
  async assign(m: EntityManager, ids: string[], team: { id: string; country: string | null } | null): Promise<TargetEntity[]> {
    const repo = m.getRepository(TargetEntity);
    await repo.update(
      { id: In(ids) },
      {
        teamId: team?.id ?? null,
        teamCountry: team?.country ?? null,
        status: team ? 'assigned' : 'unassigned',
        outcome: null,
        version: () => 'version + 1',
        updatedAt: () => 'now()',
      },
    );
    return repo.findBy({ id: In(ids) });
  }

  /** The target row, locked for the rest of `m`'s transaction (FOR UPDATE). */
  lock(m: EntityManager, id: string): Promise<TargetEntity | null> {
    return m.getRepository(TargetEntity).createQueryBuilder('t').setLock('pessimistic_write').where('t.id = :id', { id }).getOne();
  }

  save(m: EntityManager, t: TargetEntity): Promise<TargetEntity> {
    return m.getRepository(TargetEntity).save(t);
  }

  async operationOf(targetId: string): Promise<string | null> {
    const rows: { operation_id: string }[] = await this.ds.query('SELECT operation_id FROM targets WHERE id = $1', [targetId]);
    return rows[0]?.operation_id ?? null;
  }

  /** Normalized value -> id of the targets of the operation that already have one of these values, as `db` sees them. */
  async existing(operationId: string, values: string[], db: Queryable = this.ds.manager): Promise<Map<string, string>> {
    const rows: { id: string; normalized: string }[] = await db.query(
      'SELECT id, normalized FROM targets WHERE operation_id = $1 AND normalized = ANY($2::text[])',
      [operationId, values],
    );
    return new Map(rows.map((r) => [r.normalized, r.id]));
  }

  /** Every target of the operation, oldest first. */
  all(operationId: string): Promise<TargetEntity[]> {
    return this.ds.getRepository(TargetEntity).find({ where: { operationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Normalized value -> id of every target of the operation. */
  async idsByNormalized(operationId: string): Promise<Map<string, string>> {
    const rows: { id: string; normalized: string }[] = await this.ds.query('SELECT id, normalized FROM targets WHERE operation_id = $1', [operationId]);
    return new Map(rows.map((r) => [r.normalized, r.id]));
  }

  /** Retention: erases the values, platforms and notes of every target of the operation; the number of targets. */
  async purge(m: Queryable, operationId: string): Promise<number> {
    // The normalized value is unique per operation, so each target keeps a distinct placeholder.
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = (await m.query(
      `UPDATE targets SET value = '[purged]', normalized = 'purged:' || id, match_key = NULL, platform = NULL, notes = NULL, updated_at = now()
        WHERE operation_id = $1`,
      [operationId],
    )) as [unknown, number];
    return affected;
  }

  /** How many targets the operation has, counted up to `cap` only (exact up to it, more than it when there are more). */
  async countUpTo(operationId: string, cap: number): Promise<number> {
    const [row] = (await this.ds.query('SELECT count(*) AS n FROM (SELECT 1 FROM targets WHERE operation_id = $1 LIMIT $2) r', [operationId, cap])) as { n: string }[];
    return Number(row.n);
  }

  /** The ids of the operation's targets the need-to-know policy restricts (restricted_team_ids set). */
  async restrictedIds(operationId: string): Promise<string[]> {
    const rows = (await this.ds.query('SELECT id FROM targets WHERE operation_id = $1 AND restricted_team_ids IS NOT NULL', [operationId])) as { id: string }[];
    return rows.map((r) => r.id);
  }
}
