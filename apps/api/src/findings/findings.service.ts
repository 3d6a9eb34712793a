import { Injectable } from '@nestjs/common';
import {
  canSeeVictimDetails,
  FINDING_COMMON_FIELDS,
  type CreateFindingRequest,
  type Finding,
  type Identifier,
  type ListFindingsQuery,
  type Page,
  type ReviewFindingRequest,
} from '@actionday/contracts';
import { matchKey, normalizeIdentifier } from '@actionday/identifiers';
import { findingDelta } from '@actionday/tallies';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService, assertRole } from '../auth/access.service';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { pageOfRows } from '../common/cursor';
import { PageQuery } from '../common/page-query';
import { conflict, notFound } from '../common/errors';
import { ValidationFailed } from '../common/zod-pipe';
import { CorrelationService } from '../correlation/correlation.service';
import { JournalService, type OperationTx } from '../live/journal.service';
import { OperationEntity } from '../operations/operation.entity';
import { TeamEntity } from '../operations/team.entity';
import { TargetEntity } from '../targets/target.entity';
import { FindingEntity } from './finding.entity';
import { findingTallyState, hasRestrictedDetails, redactFinding, toFindingDto } from './findings.mapper';
import { IndicatorsService } from './indicators.service';

export interface CreatedFinding {
  finding: Finding;
  /** False when this was a retry of an earlier request with the same clientId. */
  created: boolean;
}

const COMMON = new Set<string>(FINDING_COMMON_FIELDS);

@Injectable()
export class FindingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly journal: JournalService,
    private readonly access: AccessService,
    private readonly indicators: IndicatorsService,
    private readonly correlation: CorrelationService,
  ) {}

  async create(user: AuthUser, access: OperationAccess, input: CreateFindingRequest): Promise<CreatedFinding> {
    const bodyHash = sha256Hex(canonicalJson(input));
    const earlier = await this.byClientId(access.operationId, input.clientId);
    if (earlier) return this.replay(earlier, bodyHash, access);

    await this.indicators.assertKnown(this.ds.manager, access.operationId, input.indicators ?? []);
    try {
      return await this.journal.write(access.operationId, user.id, 'live', async (tx) => {
        const finding = await this.insert(tx, user, access, input, bodyHash);
        const dto = toFindingDto(finding);
        tx.audit({ action: 'finding.create', entityType: 'finding', entityId: dto.id, details: { after: dto } });
        this.emitFinding(tx, 'finding.created', dto);
        tx.tally(findingDelta(null, findingTallyState(finding)));
        await this.correlation.record(
          tx,
          finding.identifiers.flatMap((i) => {
            const key = matchKey(i.kind, i.normalized);
            return key
              ? [{ key, targetId: null, findingId: finding.id, teamId: finding.teamId, country: finding.teamCountry, relatedTargetId: finding.targetId }]
              : [];
          }),
        );
        return { finding: dto, created: true };
      });
    } catch (e) {
      // Two copies of the same request raced: the loser answers like a retry.
      if ((e as { code?: string; constraint?: string }).code === '23505') {
        const winner = await this.byClientId(access.operationId, input.clientId);
        if (winner) return this.replay(winner, bodyHash, access);
      }
      throw e;
    }
  }

  private replay(earlier: FindingEntity, bodyHash: string, viewer: OperationAccess): CreatedFinding {
    if (earlier.bodyHash !== bodyHash) {
      throw conflict('this clientId was already used for a different finding', [
        { path: 'clientId', message: 'reused with a different body' },
      ]);
    }
    return { finding: this.forViewer(toFindingDto(earlier), viewer), created: false };
  }

  private byClientId(operationId: string, clientId: string): Promise<FindingEntity | null> {
    return this.ds.getRepository(FindingEntity).findOneBy({ operationId, clientId });
  }

  private async insert(
    tx: OperationTx,
    user: AuthUser,
    access: OperationAccess,
    input: CreateFindingRequest,
    bodyHash: string,
  ): Promise<FindingEntity> {
    const m = tx.manager;
    const target = input.targetId ? await this.requireInOperation(m, TargetEntity, access.operationId, input.targetId, 'targetId') : null;
    if (input.type === 'link') {
      await this.requireInOperation(m, FindingEntity, access.operationId, input.fromFindingId, 'fromFindingId');
      if (input.toFindingId) await this.requireInOperation(m, FindingEntity, access.operationId, input.toFindingId, 'toFindingId');
      if (input.toTargetId) await this.requireInOperation(m, TargetEntity, access.operationId, input.toTargetId, 'toTargetId');
    }
    // The finding counts for the team that did the work: the author's team, else the target's.
    const teamId = access.teamId ?? target?.teamId ?? null;
    const team = teamId ? await m.getRepository(TeamEntity).findOneBy({ id: teamId }) : null;
    // The operation's first country is the last resort; read only when nothing closer is known.
    const defaultCountry =
      target?.country ??
      team?.country ??
      (input.identifiers?.length ? ((await m.getRepository(OperationEntity).findOneByOrFail({ id: access.operationId })).countries[0] ?? null) : null);
    const identifiers: Identifier[] = (input.identifiers ?? []).map((i) => {
      const n = normalizeIdentifier(i.kind, i.value, { defaultCountry, platform: i.platform ?? null });
      return { kind: i.kind, value: i.value, platform: i.platform ?? n.platform, normalized: n.normalized, valid: n.valid };
    });
    const details = Object.fromEntries(Object.entries(input).filter(([k]) => !COMMON.has(k)));
    return m.getRepository(FindingEntity).save({
      operationId: access.operationId,
      clientId: input.clientId,
      bodyHash,
      type: input.type,
      targetId: target?.id ?? null,
      teamId,
      teamCountry: team?.country ?? null,
      tags: target?.tags ?? [],
      category: target?.category ?? null,
      authorId: user.id,
      status: 'submitted',
      duplicateOf: null,
      details,
      identifiers,
      indicators: [...new Set(input.indicators ?? [])],
      evidence: input.evidence ?? [],
      notes: input.notes ?? null,
      nationality: input.type === 'possible_victim' || input.type === 'suspect' ? (input.nationality ?? null) : null,
      minor: input.type === 'possible_victim' ? input.minor === true : false,
      reviewedBy: null,
      reviewedAt: null,
      version: 1,
      // Set here, not by the column default, so the returned entity carries them.
      createdAt: new Date(),
      updatedAt: new Date(),
    });
  }

  private async requireInOperation<E extends TargetEntity | FindingEntity>(
    m: EntityManager,
    entity: new () => E,
    operationId: string,
    id: string,
    path: string,
  ): Promise<E> {
    const row = await m.getRepository(entity).findOne({ where: { id, operationId } as never });
    if (!row) throw new ValidationFailed([{ path, message: 'no such item in this operation' }]);
    return row as E;
  }

  /** Events about a possible victim carry the details only to those who may see them. */
  private emitFinding(tx: OperationTx, type: 'finding.created' | 'finding.updated', dto: Finding): void {
    if (hasRestrictedDetails(dto)) tx.emit(type, { finding: redactFinding(dto) }, { data: { finding: dto }, teamIds: dto.teamId ? [dto.teamId] : [] });
    else tx.emit(type, { finding: dto });
  }

  private forViewer(dto: Finding, viewer: OperationAccess): Finding {
    return !hasRestrictedDetails(dto) || canSeeVictimDetails(viewer, dto) ? dto : redactFinding(dto);
  }

  async list(viewer: OperationAccess, q: ListFindingsQuery): Promise<Page<Finding>> {
    const page = new PageQuery('f', [viewer.operationId, canSeeVictimDetails(viewer, { teamId: null }), viewer.role === 'observer' ? null : viewer.teamId]);
    if (q.id) page.filter('f.id = ?', q.id);
    if (q.type) page.filter('f.type = ?', q.type);
    if (q.status) page.filter('f.status = ?', q.status);
    if (q.teamId) page.filter('f.team_id = ?', q.teamId);
    if (q.targetId) page.filter('f.target_id = ?', q.targetId);
    const tail = page.after(q.cursor).tail(q.limit);
    // Personal details are withheld here, in the query: they never leave the database for a
    // viewer who may not see them.
    const rows: (FindingEntity & { visible: boolean })[] = await this.ds.query(
      `SELECT f.id, f.operation_id AS "operationId", f.client_id AS "clientId", f.type, f.target_id AS "targetId",
              f.team_id AS "teamId", f.author_id AS "authorId", f.status, f.duplicate_of AS "duplicateOf", f.reviewed_by AS "reviewedBy", f.reviewed_at AS "reviewedAt",
              f.version, f.created_at AS "createdAt", f.updated_at AS "updatedAt", v.visible,
              CASE WHEN v.visible THEN f.details END AS details,
              CASE WHEN v.visible THEN f.identifiers ELSE '[]'::jsonb END AS identifiers,
              CASE WHEN v.visible THEN f.indicators ELSE '{}'::text[] END AS indicators,
              CASE WHEN v.visible THEN f.evidence ELSE '[]'::jsonb END AS evidence,
              CASE WHEN v.visible THEN f.notes END AS notes
         FROM findings f
        CROSS JOIN LATERAL (SELECT (f.type <> 'possible_victim' OR $2 OR f.team_id = $3::uuid) AS visible) v
        ${tail}`,
      page.params,
    );
    return pageOfRows(
      rows,
      q.limit,
      (f) => ({ at: f.createdAt.toISOString(), id: f.id }),
      (f) => ({ ...toFindingDto(f), redacted: !f.visible }),
    );
  }

  /** One finding as this member may see it; 404 outside the member's operations. */
  async get(user: AuthUser, findingId: string): Promise<Finding> {
    const operationId = await this.operationOf(findingId);
    const access = await this.access.membership(user.id, operationId);
    if (!access) throw notFound('finding');
    const [finding] = (await this.list(access, { id: findingId, limit: 1 })).items;
    if (!finding) throw notFound('finding');
    return finding;
  }

  private async operationOf(findingId: string): Promise<string> {
    const rows: { operation_id: string }[] = await this.ds.query('SELECT operation_id FROM findings WHERE id = $1', [findingId]);
    if (!rows[0]) throw notFound('finding');
    return rows[0].operation_id;
  }

  /** The 409 of a stale review names who changed the finding last, so the reader knows whom to ask. */
  private async staleVersion(m: EntityManager, f: FindingEntity) {
    const byId = f.reviewedBy ?? f.authorId;
    const [who]: { display_name: string }[] = await m.query('SELECT display_name FROM users WHERE id = $1', [byId]);
    const name = who?.display_name ?? 'someone';
    return conflict(`changed by ${name} meanwhile (now ${f.status}, version ${f.version}); reload it`, [
      { path: 'version', message: `stale: current version is ${f.version}` },
    ]);
  }

  async review(user: AuthUser, findingId: string, input: ReviewFindingRequest): Promise<Finding> {
    const operationId = await this.operationOf(findingId);
    return this.journal.write(operationId, user.id, 'live', async (tx) => {
      assertRole(await this.access.membership(user.id, operationId, tx.manager), 'coordinator', 'finding');
      const repo = tx.manager.getRepository(FindingEntity);
      const f = await repo.createQueryBuilder('f').setLock('pessimistic_write').where('f.id = :id', { id: findingId }).getOne();
      if (!f) throw notFound('finding');
      if (f.version !== input.version) throw await this.staleVersion(tx.manager, f);
      if (input.duplicateOf) {
        if (input.duplicateOf === f.id) throw new ValidationFailed([{ path: 'duplicateOf', message: 'a finding cannot duplicate itself' }]);
        const original = await this.requireInOperation(tx.manager, FindingEntity, operationId, input.duplicateOf, 'duplicateOf');
        if (original.duplicateOf === f.id) {
          throw new ValidationFailed([{ path: 'duplicateOf', message: 'that finding is already marked as a duplicate of this one' }]);
        }
      }
      const before = findingTallyState(f);
      const reviewBefore = { status: f.status, duplicateOf: f.duplicateOf, version: f.version };
      f.status = input.status;
      f.duplicateOf = input.duplicateOf ?? null;
      f.reviewedBy = user.id;
      f.reviewedAt = new Date();
      f.version += 1;
      f.updatedAt = new Date();
      await repo.save(f);
      const dto = toFindingDto(f);
      tx.audit({
        action: 'finding.review',
        entityType: 'finding',
        entityId: f.id,
        details: { before: reviewBefore, after: { status: f.status, duplicateOf: f.duplicateOf, version: f.version } },
      });
      this.emitFinding(tx, 'finding.updated', dto);
      tx.tally(findingDelta(before, findingTallyState(f)));
      return dto;
    });
  }
}
