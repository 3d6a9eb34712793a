import { Injectable } from '@nestjs/common';
import {
  roleAtLeast,
  TARGET_TRANSITIONS,
  type CreateTargetRequest,
  type ListTargetsQuery,
  type Page,
  type Target,
  type UpdateTargetRequest,
} from '@actionday/contracts';
import { matchKey } from '@actionday/identifiers';
import { targetDelta } from '@actionday/tallies';
import { AccessService, assertRole } from '../auth/access.service';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { pageOfRows } from '../common/cursor';
import { conflict, forbidden, notFound } from '../common/errors';
import { ValidationFailed } from '../common/zod-pipe';
import { CorrelationService } from '../correlation/correlation.service';
import { JournalService } from '../journal/journal.service';
import type { OperationTx } from '../journal/operation-tx';
import { OperationRecordsService } from '../operations/operation-records.service';
import { versionsOf } from '../policy/event-versions';
import { restrictedScope } from '../policy/scopes';
import { indexEntry, type NewTarget, normalizeTarget } from './target-normalization';
import { targetForViewer, targetTallyState, toTargetDto, toTargetPatch } from './targets.mapper';
import { TargetsRepository } from './targets.repository';

/**
 * Targets one at a time: creation, the list, and the transitions of one target (take, release,
 * close, reopen). Bulk writes are TargetBulkWrites, assignment TargetAssignmentService,
 * snowballing SnowballService.
 */
@Injectable()
export class TargetsService {
  constructor(
    private readonly repo: TargetsRepository,
    private readonly journal: JournalService,
    private readonly access: AccessService,
    private readonly operations: OperationRecordsService,
    private readonly correlation: CorrelationService,
  ) {}

  async create(user: AuthUser, access: OperationAccess, input: CreateTargetRequest): Promise<Target> {
    const operation = await this.operations.require(access.operationId);
    const n = normalizeTarget(input, operation.countries);
    try {
      return await this.journal.write(access.operationId, user.id, 'prepare', async (tx) => (await this.insertOne(tx, n)).target);
    } catch (e) {
      if ((e as { code?: string }).code === '23505') {
        throw conflict(`this ${input.kind} is already a target of the operation (${n.normalized})`, [
          { path: 'value', message: 'duplicate after normalization' },
        ]);
      }
      throw e;
    }
  }

  /**
   * One new target with its event and counters (single create and snowballing). A target made
   * from a restricted finding's identifier is restricted to the same teams.
   */
  async insertOne(
    tx: OperationTx,
    row: NewTarget,
    source: { findingId: string; restrictedTeamIds: string[] | null } | null = null,
  ): Promise<{ target: Target; restrictedTeamIds: string[] | null }> {
    const restrictedTeamIds = source?.restrictedTeamIds ?? null;
    const target = await this.repo.insert(tx.manager, {
      operationId: tx.operationId,
      ...row,
      matchKey: matchKey(row.kind, row.normalized),
      status: 'unassigned',
      outcome: null,
      teamId: null,
      teamCountry: null,
      sourceFindingId: source?.findingId ?? null,
      restrictedTeamIds,
      createdBy: tx.actorId,
      version: 1,
      // Set here, not by the column default, so the returned entity carries them.
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const dto = toTargetDto(target);
    tx.audit({ action: 'target.create', entityType: 'target', entityId: dto.id, details: { after: dto } });
    tx.emitVersions('target.created', versionsOf(restrictedTeamIds ?? [], (viewer) => ({ target: targetForViewer(dto, restrictedTeamIds, viewer) })));
    tx.tally(targetDelta(null, targetTallyState(target)));
    // A snowballed target is not news to the finding it came from.
    await this.correlation.record(tx, indexEntry(target, source));
    return { target: dto, restrictedTeamIds };
  }

  /**
   * A page of targets as `viewer` may see them: a restricted target's value is searched and
   * shown only where the viewer may see it (a search must not find what the list would hide).
   */
  async list(viewer: OperationAccess, q: ListTargetsQuery): Promise<Page<Target>> {
    const rows = await this.repo.page(viewer.operationId, restrictedScope(viewer), q);
    return pageOfRows(rows, q.limit, (t) => ({ at: t.createdAt.toISOString(), id: t.id }), (t) => targetForViewer(toTargetDto(t), t.restrictedTeamIds, viewer));
  }

  /** Take, release, close or reopen one target, by its assigned officers or a coordinator. */
  async update(user: AuthUser, targetId: string, input: UpdateTargetRequest): Promise<Target> {
    const operationId = await this.operationOf(targetId);
    return this.journal.write(operationId, user.id, 'live', async (tx) => {
      const access = assertRole(await this.access.membership(user.id, operationId, tx.manager), 'officer', 'target');
      const t = await this.repo.lock(tx.manager, targetId);
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
      await this.repo.save(tx.manager, t);
      const patch = toTargetPatch(t);
      tx.audit({ action: 'target.update', entityType: 'target', entityId: t.id, details: { before: patchBefore, after: patch } });
      tx.emit('target.updated', { targets: [patch] });
      tx.tally(targetDelta(before, targetTallyState(t)));
      return targetForViewer(toTargetDto(t), t.restrictedTeamIds, access);
    });
  }

  /** 404 for a malformed id, an unknown target, or one in an operation the caller is not in. */
  private async operationOf(targetId: string): Promise<string> {
    const operationId = await this.repo.operationOf(targetId);
    if (!operationId) throw notFound('target');
    return operationId;
  }


  /** Normalized value -> id of every target of the operation. */
  idsByNormalized(operationId: string): Promise<Map<string, string>> {
    return this.repo.idsByNormalized(operationId);
  }

  /** Retention, in the purge's transaction: erases the values, platforms and notes of every target; the number of targets. */
  purge(tx: OperationTx): Promise<number> {
    return this.repo.purge(tx.manager, tx.operationId);
  }

  /** How many targets the operation has, up to `cap` (the MISP and STIX exports' size check). */
  countUpTo(operationId: string, cap: number): Promise<number> {
    return this.repo.countUpTo(operationId, cap);
  }

  /** The ids of the operation's targets the need-to-know policy restricts (the exports mark them). */
  restrictedIds(operationId: string): Promise<string[]> {
    return this.repo.restrictedIds(operationId);
  }
}
