import { Injectable } from '@nestjs/common';
import type { Finding, ReviewFindingRequest } from '@actionday/contracts';
import { findingDelta } from '@actionday/tallies';
import type { EntityManager } from 'typeorm';
import { AccessService, assertRole } from '../auth/access.service';
import type { AuthUser } from '../auth/auth.decorators';
import { UsersService } from '../auth/users.service';
import { conflict, notFound } from '../common/errors';
import { ValidationFailed } from '../common/zod-pipe';
import { JournalService } from '../journal/journal.service';
import type { FindingEntity } from './finding.entity';
import { emitFinding, operationOfFinding, requireFinding } from './finding-writes';
import { findingTallyState, toFindingDto } from './findings.mapper';
import { FindingsRepository } from './findings.repository';

/** A coordinator's review of a finding: confirmed, rejected, or a duplicate of another. */
@Injectable()
export class FindingReviewService {
  constructor(
    private readonly repo: FindingsRepository,
    private readonly journal: JournalService,
    private readonly access: AccessService,
    private readonly users: UsersService,
  ) {}

  /** The 409 of a stale review names who changed the finding last, so the reader knows whom to ask. */
  private async staleVersion(m: EntityManager, f: FindingEntity) {
    const byId = f.reviewedBy ?? f.authorId;
    const name = (await this.users.displayName(m, byId)) ?? 'someone';
    return conflict(`changed by ${name} meanwhile (now ${f.status}, version ${f.version}); reload it`, [
      { path: 'version', message: `stale: current version is ${f.version}` },
    ]);
  }

  async review(user: AuthUser, findingId: string, input: ReviewFindingRequest): Promise<Finding> {
    const operationId = await operationOfFinding(this.repo, findingId);
    return this.journal.write(operationId, user.id, 'live', async (tx) => {
      assertRole(await this.access.membership(user.id, operationId, tx.manager), 'coordinator', 'finding');
      const f = await this.repo.lock(tx.manager, findingId);
      if (!f) throw notFound('finding');
      if (f.version !== input.version) throw await this.staleVersion(tx.manager, f);
      if (input.duplicateOf) {
        if (input.duplicateOf === f.id) throw new ValidationFailed([{ path: 'duplicateOf', message: 'a finding cannot duplicate itself' }]);
        const original = await requireFinding(this.repo, tx.manager, operationId, input.duplicateOf, 'duplicateOf');
        // A duplicate is the same record logged twice; a suspect that "duplicates" a victim would
        // put the victim's id next to the suspect's identity for everyone to read.
        if (original.type !== f.type) {
          throw new ValidationFailed([{ path: 'duplicateOf', message: `a ${f.type.replace('_', ' ')} can only duplicate another ${f.type.replace('_', ' ')}` }]);
        }
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
      await this.repo.save(tx.manager, f);
      const dto = toFindingDto(f);
      tx.audit({
        action: 'finding.review',
        entityType: 'finding',
        entityId: f.id,
        details: { before: reviewBefore, after: { status: f.status, duplicateOf: f.duplicateOf, version: f.version } },
      });
      const originalRestriction = input.duplicateOf ? ((await this.repo.findById(input.duplicateOf, tx.manager))?.restrictedTeamIds ?? null) : null;
      emitFinding(tx, 'finding.updated', dto, f.restrictedTeamIds, originalRestriction);
      tx.tally(findingDelta(before, findingTallyState(f)));
      return dto;
    });
  }
}
