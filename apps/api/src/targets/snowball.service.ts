import { Injectable } from '@nestjs/common';
import type { SnowballRequest, SnowballResponse } from '@actionday/contracts';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { notFound } from '../common/errors';
import { ValidationFailed } from '../common/zod-pipe';
import { FindingRecordsService } from '../findings/finding-records.service';
import { JournalService } from '../journal/journal.service';
import { OperationRecordsService } from '../operations/operation-records.service';
import { maySeeRestricted } from '../policy/scopes';
import { proposeAssignments } from './auto-assign';
import type { TargetEntity } from './target.entity';
import type { NewTarget } from './target-normalization';
import { targetForViewer, toTargetDto } from './targets.mapper';
import { TargetsRepository } from './targets.repository';
import { TargetsService } from './targets.service';

/**
 * Snowballing: one identifier of a finding becomes a target, linked to the finding, with a
 * suggested team; an identifier that already is a target returns that target instead.
 */
@Injectable()
export class SnowballService {
  constructor(
    private readonly repo: TargetsRepository,
    private readonly targets: TargetsService,
    private readonly findings: FindingRecordsService,
    private readonly operations: OperationRecordsService,
    private readonly journal: JournalService,
  ) {}

  async snowball(user: AuthUser, access: OperationAccess, input: SnowballRequest): Promise<SnowballResponse> {
    const finding = await this.findings.inOperation(access.operationId, input.findingId);
    // A restricted finding's identifiers are personal details: for whoever may not see them, they do not exist.
    if (!finding || (finding.restrictedTeamIds !== null && !maySeeRestricted(access, finding.restrictedTeamIds))) throw notFound('finding');
    const identifier = finding.identifiers[input.identifierIndex];
    if (!identifier) throw new ValidationFailed([{ path: 'identifierIndex', message: `the finding has ${finding.identifiers.length} identifier(s)` }]);
    // A target made from a restricted finding copies nothing of the target that finding was logged
    // on: for those who see it redacted, its tags, country, language and priority matched against
    // the visible targets would name the target the victim was logged on.
    const origin = finding.targetId && finding.restrictedTeamIds === null ? await this.repo.findById(finding.targetId) : null;
    const country = origin?.country ?? finding.teamCountry ?? null;
    const language = origin?.language ?? null;
    const suggest = () => this.suggestTeam(access.operationId, country, language);

    const shown = (t: TargetEntity) => targetForViewer(toTargetDto(t), t.restrictedTeamIds, access);
    const existing = await this.repo.findByNormalized(access.operationId, identifier.normalized);
    if (existing) return { target: shown(existing), created: false, suggestedTeamId: existing.teamId ?? (await suggest()) };
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
      const made = await this.journal.write(access.operationId, user.id, 'prepare', (tx) =>
        this.targets.insertOne(tx, row, { findingId: finding.id, restrictedTeamIds: finding.restrictedTeamIds }),
      );
      return { target: targetForViewer(made.target, made.restrictedTeamIds, access), created: true, suggestedTeamId: await suggest() };
    } catch (e) {
      // Someone made the same target a moment ago: link to theirs.
      const raced = (e as { code?: string }).code === '23505' ? await this.repo.findByNormalized(access.operationId, identifier.normalized) : null;
      if (raced) return { target: shown(raced), created: false, suggestedTeamId: raced.teamId ?? (await suggest()) };
      throw e;
    }
  }

  private async suggestTeam(operationId: string, country: string | null, language: string | null): Promise<string | null> {
    const teams = await this.operations.teamsOf(operationId);
    const loads = await this.repo.openLoad(operationId);
    return proposeAssignments([{ id: 'new', country, language }], teams, loads).proposals[0]?.teamId ?? null;
  }
}
