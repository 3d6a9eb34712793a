import { Injectable } from '@nestjs/common';
import {
  canSeeVictimDetails,
  roleAtLeast,
  TARGET_TRANSITIONS,
  type AssignmentRequest,
  type AssignmentResponse,
  type AutoAssignRequest,
  type AutoAssignResponse,
  type CreateTargetRequest,
  type ListTargetsQuery,
  type SnowballRequest,
  type SnowballResponse,
  type Page,
  type Target,
  type UpdateTargetRequest,
} from '@actionday/contracts';
import { matchKey, normalizeIdentifier } from '@actionday/identifiers';
import { mergeDeltas, targetDelta } from '@actionday/tallies';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AccessService, assertRole } from '../auth/access.service';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { decodeCursor, pageOfRows } from '../common/cursor';
import { conflict, forbidden, notFound } from '../common/errors';
import { ValidationFailed } from '../common/zod-pipe';
import { CorrelationService, type IndexedIdentifier } from '../correlation/correlation.service';
import { JournalService, type OperationTx } from '../live/journal.service';
import { OperationEntity } from '../operations/operation.entity';
import { OperationsService } from '../operations/operations.service';
import { FindingEntity } from '../findings/finding.entity';
import { TeamEntity } from '../operations/team.entity';
import { proposeAssignments } from './auto-assign';
import { TargetEntity } from './target.entity';
import { targetTallyState, toTargetDto, toTargetPatch } from './targets.mapper';

export interface NewTarget {
  kind: Target['kind'];
  value: string;
  normalized: string;
  normalizationFailed: boolean;
  platform: string | null;
  category: Target['category'];
  country: string | null;
  language: string | null;
  tags: string[];
  priority: number;
  notes: string | null;
}

/** The index entries of new targets: unassigned, so a match names their country, not a team. */
function indexEntries(
  targets: readonly { id: string; kind: NewTarget['kind']; normalized: string; country: string | null }[],
  sourceFindingId: string | null,
): IndexedIdentifier[] {
  return targets.flatMap((t) => {
    const key = matchKey(t.kind, t.normalized);
    return key ? [{ key, targetId: t.id, findingId: null, teamId: null, country: t.country, relatedFindingId: sourceFindingId }] : [];
  });
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class TargetsService {
  constructor(
    private readonly ds: DataSource,
    private readonly journal: JournalService,
    private readonly access: AccessService,
    private readonly operations: OperationsService,
    private readonly correlation: CorrelationService,
  ) {}

  async create(user: AuthUser, access: OperationAccess, input: CreateTargetRequest): Promise<Target> {
    const operation = await this.ds.getRepository(OperationEntity).findOneByOrFail({ id: access.operationId });
    const n = this.normalize(input, operation.countries);
    try {
      return await this.journal.write(access.operationId, user.id, 'prepare', (tx) => this.insertOne(tx, n));
    } catch (e) {
      if ((e as { code?: string }).code === '23505') {
        throw conflict(`this ${input.kind} is already a target of the operation (${n.normalized})`, [
          { path: 'value', message: 'duplicate after normalization' },
        ]);
      }
      throw e;
    }
  }

  /** One new target with its event and counters (single create and snowballing). */
  private async insertOne(tx: OperationTx, row: NewTarget, sourceFindingId: string | null = null): Promise<Target> {
    const target = await tx.manager.getRepository(TargetEntity).save({
      operationId: tx.operationId,
      ...row,
      status: 'unassigned',
      outcome: null,
      teamId: null,
      teamCountry: null,
      sourceFindingId,
      createdBy: tx.actorId,
      version: 1,
      // Set here, not by the column default, so the returned entity carries them.
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const dto = toTargetDto(target);
    tx.audit({ action: 'target.create', entityType: 'target', entityId: dto.id, details: { after: dto } });
    tx.emit('target.created', { target: dto });
    tx.tally(targetDelta(null, targetTallyState(target)));
    // A snowballed target is not news to the finding it came from.
    await this.correlation.record(tx, indexEntries([{ id: target.id, ...row }], sourceFindingId));
    return dto;
  }

  /**
   * The bulk path (demo seed, CSV import): one multi-row INSERT per chunk, one `targets.imported`
   * event for all rows instead of one per row, counters updated once. Values must already be
   * normalized and free of duplicates; a clash with an existing target fails the whole write.
   */
  async insertMany(tx: OperationTx, rows: NewTarget[], onProgress?: (inserted: number) => void): Promise<number> {
    const CHUNK = 5000;
    const createdAt = new Date();
    const identifiers: IndexedIdentifier[] = [];
    const created: [string, string, string][] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const inserted: { id: string; kind: NewTarget['kind']; normalized: string; country: string | null }[] = await tx.manager.query(
        `INSERT INTO targets (operation_id, kind, value, normalized, normalization_failed, platform, category, country,
                              language, tags, priority, notes, created_by, created_at, updated_at)
         SELECT $1, r.kind, r.value, r.normalized, r.failed, r.platform, r.category, r.country, r.language,
                string_to_array(r.tags, E'\\x1f'), r.priority, r.notes, $2, $3, $3
           FROM unnest($4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[], $9::text[], $10::text[], $11::text[],
                       $12::text[], $13::smallint[], $14::text[])
             AS r(kind, value, normalized, failed, platform, category, country, language, tags, priority, notes)
         RETURNING id, kind, normalized, country`,
        [
          tx.operationId,
          tx.actorId,
          createdAt,
          chunk.map((r) => r.kind),
          chunk.map((r) => r.value),
          chunk.map((r) => r.normalized),
          chunk.map((r) => r.normalizationFailed),
          chunk.map((r) => r.platform),
          chunk.map((r) => r.category),
          chunk.map((r) => r.country),
          chunk.map((r) => r.language),
          // Tags travel as one string per row (unit separator between them): a ragged text[][] cannot be unnested.
          chunk.map((r) => r.tags.join('\x1f')),
          chunk.map((r) => r.priority),
          chunk.map((r) => r.notes),
        ],
      );
      for (const entry of indexEntries(inserted, null)) identifiers.push(entry);
      for (const r of inserted) created.push([r.id, r.kind, r.normalized]);
      onProgress?.(i + chunk.length);
    }
    // One entry for the whole import: which targets it created, by id and normalized value.
    tx.audit({ action: 'targets.import', entityType: 'target', entityId: null, details: { count: rows.length, created } });
    await this.correlation.record(tx, identifiers, { bulk: true });
    tx.tally(
      mergeDeltas(
        rows.flatMap((r) =>
          targetDelta(null, { kind: r.kind, status: 'unassigned', outcome: null, teamId: null, teamCountry: null, category: r.category, tags: r.tags }),
        ),
      ),
    );
    tx.emit('targets.imported', { count: rows.length, firstCreatedAt: createdAt.toISOString() });
    return rows.length;
  }

  /** Normalizes one target's value the way every path does (single create, bulk, snowballing). */
  normalize(input: CreateTargetRequest, operationCountries: readonly string[]): NewTarget {
    const n = normalizeIdentifier(input.kind, input.value, {
      defaultCountry: input.country ?? operationCountries[0] ?? null,
      platform: input.platform ?? null,
    });
    return {
      kind: input.kind,
      value: input.value,
      normalized: n.normalized,
      normalizationFailed: !n.valid,
      platform: input.platform ?? n.platform,
      category: input.category ?? null,
      country: input.country ?? null,
      language: input.language ?? null,
      tags: [...new Set(input.tags ?? [])],
      priority: input.priority ?? 0,
      notes: input.notes ?? null,
    };
  }

  /**
   * Snowballing: one identifier of a finding becomes a target, linked to the finding, with a
   * suggested team; an identifier that already is a target returns that target instead.
   */
  async snowball(user: AuthUser, access: OperationAccess, input: SnowballRequest): Promise<SnowballResponse> {
    const finding = await this.ds.getRepository(FindingEntity).findOneBy({ id: input.findingId, operationId: access.operationId });
    // A possible victim's identifiers are personal details: for whoever may not see them, they do not exist.
    if (!finding || (finding.type === 'possible_victim' && !canSeeVictimDetails(access, finding))) throw notFound('finding');
    const identifier = finding.identifiers[input.identifierIndex];
    if (!identifier) throw new ValidationFailed([{ path: 'identifierIndex', message: `the finding has ${finding.identifiers.length} identifier(s)` }]);
    const repo = this.ds.getRepository(TargetEntity);
    const origin = finding.targetId ? await repo.findOneBy({ id: finding.targetId }) : null;
    const country = origin?.country ?? finding.teamCountry ?? null;
    const language = origin?.language ?? null;
    const suggest = () => this.suggestTeam(access.operationId, country, language);

    const existing = await repo.findOneBy({ operationId: access.operationId, normalized: identifier.normalized });
    if (existing) return { target: toTargetDto(existing), created: false, suggestedTeamId: existing.teamId ?? (await suggest()) };
    try {
      const row: NewTarget = {
        kind: identifier.kind,
        value: identifier.value,
        normalized: identifier.normalized,
        normalizationFailed: !identifier.valid,
        platform: identifier.platform,
        category: null,
        country,
        language,
        tags: origin?.tags ?? [],
        priority: origin?.priority ?? 0,
        notes: null,
      };
      const target = await this.journal.write(access.operationId, user.id, 'prepare', (tx) => this.insertOne(tx, row, finding.id));
      return { target, created: true, suggestedTeamId: await suggest() };
    } catch (e) {
      // Someone made the same target a moment ago: link to theirs.
      const raced = (e as { code?: string }).code === '23505' ? await repo.findOneBy({ operationId: access.operationId, normalized: identifier.normalized }) : null;
      if (raced) return { target: toTargetDto(raced), created: false, suggestedTeamId: raced.teamId ?? (await suggest()) };
      throw e;
    }
  }

  private async suggestTeam(operationId: string, country: string | null, language: string | null): Promise<string | null> {
    const teams = await this.ds.getRepository(TeamEntity).findBy({ operationId });
    const loads = await this.openLoad(this.ds.manager, operationId);
    return proposeAssignments([{ id: 'new', country, language }], teams, loads).proposals[0]?.teamId ?? null;
  }

  private async openLoad(m: EntityManager, operationId: string): Promise<Map<string, number>> {
    const rows: { team_id: string; open: string }[] = await m.query(
      `SELECT team_id, count(*) AS open FROM targets
        WHERE operation_id = $1 AND status IN ('assigned', 'in_progress') GROUP BY team_id`,
      [operationId],
    );
    return new Map(rows.map((r) => [r.team_id, Number(r.open)]));
  }

  async list(operationId: string, q: ListTargetsQuery): Promise<Page<Target>> {
    const after = decodeCursor(q.cursor);
    const qb = this.ds.getRepository(TargetEntity).createQueryBuilder('t').where('t.operation_id = :operationId', { operationId });
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('t.kind = :kind', { kind: q.kind });
    if (q.category) qb.andWhere('t.category = :category', { category: q.category });
    if (q.outcome) qb.andWhere('t.outcome = :outcome', { outcome: q.outcome });
    if (q.tag) qb.andWhere(':tag = ANY(t.tags)', { tag: q.tag });
    if (q.teamId === 'none') qb.andWhere('t.team_id IS NULL');
    else if (q.teamId) qb.andWhere('t.team_id = :teamId', { teamId: q.teamId });
    if (q.q) qb.andWhere(`(t.value ILIKE :q ESCAPE '\\' OR t.normalized ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(q.q)}%` });
    if (after) qb.andWhere('(t.created_at, t.id) > (:at, :id)', after);
    const rows = await qb.orderBy('t.created_at', 'ASC').addOrderBy('t.id', 'ASC').limit(q.limit + 1).getMany();
    return pageOfRows(rows, q.limit, (t) => ({ at: t.createdAt.toISOString(), id: t.id }), toTargetDto);
  }

  /** Bulk (re)assignment; `teamId: null` unassigns. One statement for the rows, one event for all. */
  async assign(user: AuthUser, access: OperationAccess, input: AssignmentRequest): Promise<AssignmentResponse> {
    const ids = [...new Set(input.targetIds)];
    return this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
      const team = input.teamId ? await this.operations.requireTeam(access.operationId, input.teamId, tx.manager) : null;
      const before = await this.lockTargets(tx, ids);
      if (before.length !== ids.length) throw notFound(`${ids.length - before.length} of the targets`);
      const done = before.filter((t) => t.status === 'done');
      if (done.length > 0) {
        throw conflict(`${done.length} target(s) are done and keep the team that examined them; reopen them first`, [
          { path: 'targetIds', message: done.slice(0, 20).map((t) => t.id).join(', ') },
        ]);
      }
      const after = await this.moveToTeam(tx, before.filter((t) => t.teamId !== (team?.id ?? null)), team);
      const updated = new Map(after.map((t) => [t.id, t]));
      return { updated: before.map((t) => toTargetDto(updated.get(t.id) ?? t)) };
    });
  }

  /**
   * Rule-based assignment (see auto-assign.ts) of the given targets, or of every unassigned one.
   * The preview and the application run the same rule; applying re-reads and locks the rows, so
   * a target assigned by hand in between is left alone.
   */
  async autoAssign(user: AuthUser, access: OperationAccess, input: AutoAssignRequest): Promise<AutoAssignResponse> {
    return this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
      const teams = await tx.manager.getRepository(TeamEntity).findBy({ operationId: access.operationId });
      const loads = await this.openLoad(tx.manager, access.operationId);
      const qb = tx.manager
        .getRepository(TargetEntity)
        .createQueryBuilder('t')
        .where(`t.operation_id = :op AND t.status = 'unassigned'`, { op: access.operationId })
        .orderBy('t.priority', 'DESC')
        .addOrderBy('t.created_at')
        .addOrderBy('t.id');
      if (input.targetIds) qb.andWhere('t.id = ANY(:ids)', { ids: [...new Set(input.targetIds)] });
      if (input.apply) qb.setLock('pessimistic_write');
      const candidates = await qb.getMany();
      const plan = proposeAssignments(candidates, teams, loads);
      const response: AutoAssignResponse = {
        applied: input.apply,
        proposals: plan.proposals,
        unmatched: plan.unmatched,
        loadAfter: Object.fromEntries(plan.loadAfter),
      };
      if (!input.apply || plan.proposals.length === 0) return response;
      const byId = new Map(candidates.map((t) => [t.id, t]));
      const teamById = new Map(teams.map((t) => [t.id, t]));
      const updated: TargetEntity[] = [];
      for (const [teamId, proposals] of groupBy(plan.proposals, (p) => p.teamId)) {
        updated.push(...(await this.moveToTeam(tx, proposals.map((p) => byId.get(p.targetId)!), teamById.get(teamId)!)));
      }
      return { ...response, updated: updated.map(toTargetDto) };
    });
  }

  private lockTargets(tx: OperationTx, ids: string[]): Promise<TargetEntity[]> {
    // Locked in id order, so two concurrent bulk assignments cannot deadlock on each other.
    return tx.manager
      .getRepository(TargetEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.operation_id = :op AND t.id = ANY(:ids)', { op: tx.operationId, ids })
      .orderBy('t.id')
      .getMany();
  }

  /** Moves locked targets to a team (or back to unassigned), with their event and tally changes. */
  private async moveToTeam(tx: OperationTx, targets: TargetEntity[], team: { id: string; country: string | null } | null): Promise<TargetEntity[]> {
    if (targets.length === 0) return [];
    const after = await this.applyAssignment(tx.manager, targets, team);
    const patches = after.map(toTargetPatch);
    tx.audit({
      action: 'targets.assign',
      entityType: 'target',
      entityId: null,
      details: { teamId: team?.id ?? null, before: targets.map(toTargetPatch), after: patches },
    });
    tx.emit('target.updated', { targets: patches });
    const before = new Map(targets.map((t) => [t.id, t]));
    for (const t of after) tx.tally(targetDelta(targetTallyState(before.get(t.id)!), targetTallyState(t)));
    return after;
  }

  private async applyAssignment(m: EntityManager, targets: TargetEntity[], team: { id: string; country: string | null } | null) {
    const ids = targets.map((t) => t.id);
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

  /** Take, release, close or reopen one target, by its assigned officers or a coordinator. */
  async update(user: AuthUser, targetId: string, input: UpdateTargetRequest): Promise<Target> {
    const operationId = await this.operationOf(targetId);
    return this.journal.write(operationId, user.id, 'live', async (tx) => {
      const access = assertRole(await this.access.membership(user.id, operationId, tx.manager), 'officer', 'target');
      const repo = tx.manager.getRepository(TargetEntity);
      const t = await repo.createQueryBuilder('t').setLock('pessimistic_write').where('t.id = :id', { id: targetId }).getOne();
      if (!t) throw notFound('target');
      if (!roleAtLeast(access.role, 'coordinator') && (t.teamId === null || t.teamId !== access.teamId)) {
        throw forbidden('only officers of the assigned team or a coordinator can change this target');
      }
      if (t.version !== input.version) {
        throw conflict(`the target was changed meanwhile (now version ${t.version}); reload it`, [
          { path: 'version', message: `stale: current version is ${t.version}` },
        ]);
      }
      const before = targetTallyState(t);
      const patchBefore = toTargetPatch(t);
      const status = input.status ?? t.status;
      if (status !== t.status && !TARGET_TRANSITIONS[t.status].includes(status)) {
        throw conflict(`a target cannot go from ${t.status} to ${status}`);
      }
      if (status !== 'done' && input.outcome) {
        throw new ValidationFailed([{ path: 'outcome', message: 'an outcome is set only when the target is done' }]);
      }
      t.status = status;
      t.outcome = status === 'done' ? (input.outcome ?? t.outcome) : null;
      t.version += 1;
      t.updatedAt = new Date();
      await repo.save(t);
      const patch = toTargetPatch(t);
      tx.audit({ action: 'target.update', entityType: 'target', entityId: t.id, details: { before: patchBefore, after: patch } });
      tx.emit('target.updated', { targets: [patch] });
      tx.tally(targetDelta(before, targetTallyState(t)));
      return toTargetDto(t);
    });
  }

  /** 404 for a malformed id, an unknown target, or one in an operation the caller is not in. */
  private async operationOf(targetId: string): Promise<string> {
    const rows: { operation_id: string }[] = await this.ds.query('SELECT operation_id FROM targets WHERE id = $1', [targetId]);
    if (!rows[0]) throw notFound('target');
    return rows[0].operation_id;
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
