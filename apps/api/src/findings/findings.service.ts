import { Injectable } from '@nestjs/common';
import { readScope, type Finding, type ListFindingsQuery, type Page } from '@actionday/contracts';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../auth/access.service';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { pageOfRows } from '../common/cursor';
import { notFound } from '../common/errors';
import type { OperationTx } from '../journal/operation-tx';
import { restrictedScope } from '../policy/scopes';
import { operationOfFinding } from './finding-writes';
import { toFindingDto } from './findings.mapper';
import { FindingsRepository } from './findings.repository';

/** Reading findings (lists, one finding), and what retention and the exports ask of them. Creating them: FindingCreationService. */
@Injectable()
export class FindingsService {
  constructor(
    private readonly repo: FindingsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A page of findings as `viewer` may see them. Restricted columns are withheld in the query, by
   * the same table as findingForViewer: they never leave the database for a viewer who may not
   * see them. A page that shows restricted findings is a read of personal data, and audited
   * unless the caller audits it as a whole (an export).
   */
  async list(viewer: OperationAccess, q: ListFindingsQuery, reader?: { actorId: string; audit: boolean }): Promise<Page<Finding>> {
    const rows = await this.repo.page({ operationId: viewer.operationId, restricted: restrictedScope(viewer), notes: readScope(viewer, 'notes_evidence') }, q);
    const result = pageOfRows(
      rows,
      q.limit,
      (f) => ({ at: f.createdAt.toISOString(), id: f.id }),
      (f) => ({ ...toFindingDto(f), redacted: !f.visible }),
    );
    const read = rows.slice(0, q.limit).filter((f) => f.restricted && f.visible);
    if (reader?.audit && read.length > 0) {
      await this.audit.recordRead(viewer.operationId, reader.actorId, 'findings.read', { rows: read.length, findingIds: read.map((f) => f.id) });
    }
    return result;
  }

  /** One finding as this member may see it; 404 outside the member's operations. */
  async get(user: AuthUser, findingId: string): Promise<Finding> {
    const operationId = await operationOfFinding(this.repo, findingId);
    const access = await this.access.membership(user.id, operationId);
    if (!access) throw notFound('finding');
    const [finding] = (await this.list(access, { id: findingId, limit: 1 }, { actorId: user.id, audit: true })).items;
    if (!finding) throw notFound('finding');
    return finding;
  }

  /** Retention, in the purge's transaction: erases the personal fields of every finding, keeping `keptDetailFields`; the number of findings. */
  purge(tx: OperationTx, keptDetailFields: readonly string[]): Promise<number> {
    return this.repo.purge(tx.manager, tx.operationId, keptDetailFields);
  }

  /** How many findings the operation has, up to `cap` (the MISP and STIX exports' size check). */
  countUpTo(operationId: string, cap: number): Promise<number> {
    return this.repo.countUpTo(operationId, cap);
  }

  /** The ids of the operation's findings the need-to-know policy restricts (the exports mark them). */
  restrictedIds(operationId: string): Promise<string[]> {
    return this.repo.restrictedIds(operationId);
  }
}
