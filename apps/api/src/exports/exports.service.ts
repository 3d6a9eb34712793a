import { Injectable } from '@nestjs/common';
import type { Finding, Match, Operation, Target } from '@actionday/contracts';
import { AuditService } from '../audit/audit.service';
import type { OperationAccess } from '../auth/auth.decorators';
import { CorrelationService } from '../correlation/correlation.service';
import { FindingsService } from '../findings/findings.service';
import { IndicatorsService } from '../findings/indicators.service';
import { OperationRecordsService } from '../operations/operation-records.service';
import { OperationsService } from '../operations/operations.service';
import { TalliesService } from '../tallies/tallies.service';
import { TargetsService } from '../targets/targets.service';
import type { CtiInput } from './cti-model';
import { reportPdf } from './report-pdf';

/** The largest page the lists serve: the exports walk them page by page. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * What the member exports hold. Findings and targets come from the very lists the app shows
 * (FindingsService.list withholds a possible victim's details in its SQL for whoever may not see
 * them), walked with their keyset cursors, so an export can never show more than the list does
 * and never holds more than one page in memory.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly findings: FindingsService,
    private readonly indicators: IndicatorsService,
    private readonly targets: TargetsService,
    private readonly operations: OperationsService,
    private readonly records: OperationRecordsService,
    private readonly tallies: TalliesService,
    private readonly correlation: CorrelationService,
    private readonly audit: AuditService,
  ) {}

  operation(access: OperationAccess): Promise<Operation> {
    return this.operations.get(access);
  }

  async teamNames(operationId: string): Promise<Map<string, string>> {
    const { items } = await this.operations.teams(operationId);
    return new Map(items.map((t) => [t.id, t.name]));
  }

  /** Every finding the member may see, newest first like the list, as the list shows it. */
  async *findingPages(viewer: OperationAccess): AsyncGenerator<Finding[]> {
    let cursor: string | undefined;
    do {
      const page = await this.findings.list(viewer, { limit: EXPORT_PAGE_SIZE, cursor });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Every target the member may see, oldest first, as the list shows it. */
  async *targetPages(viewer: OperationAccess): AsyncGenerator<Target[]> {
    let cursor: string | undefined;
    do {
      const page = await this.targets.list(viewer, { limit: EXPORT_PAGE_SIZE, cursor });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Every match the member may see, newest first, as the list shows it. */
  async *matchPages(viewer: OperationAccess): AsyncGenerator<Match[]> {
    let cursor: string | undefined;
    do {
      const page = await this.correlation.list(viewer, { limit: EXPORT_PAGE_SIZE, cursor });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /**
   * How many findings, targets and matches the MISP and STIX exports of the operation would hold
   * at most: exact up to `cap`, more than `cap` when there are more. Every row counts, whoever
   * asks (an upper bound of any member's export); each table is counted up to `cap` rows only,
   * by its owner, before anything is loaded.
   */
  async ctiRecordCount(operationId: string, cap: number): Promise<number> {
    const counts = await Promise.all([this.findings.countUpTo(operationId, cap), this.targets.countUpTo(operationId, cap), this.correlation.countUpTo(operationId, cap)]);
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * What the MISP and STIX exports are made of (see cti-model.ts): the findings, targets and
   * matches exactly as the lists give them to the member, the teams and the organizer by the names
   * every member sees, the hash of the snapshot the member's figures were frozen in (the
   * limited one for members without victim access, as the tallies and the report name it), and
   * which records the need-to-know policy restricts (they are marked at least TLP:AMBER+STRICT).
   */
  async ctiInput(viewer: OperationAccess): Promise<CtiInput> {
    const operation = await this.operations.get(viewer);
    const all = async <T>(pages: AsyncIterable<T[]>) => {
      const items: T[] = [];
      for await (const page of pages) items.push(...page);
      return items;
    };
    const [row, teams, indicatorLabels, findings, targets, matches, snapshotSha256, restrictedIds] = await Promise.all([
      this.records.exportHeader(viewer.operationId),
      this.records.teamsForExport(viewer.operationId),
      this.indicators.labels(viewer.operationId),
      all(this.findingPages(viewer)),
      all(this.targetPages(viewer)),
      all(this.matchPages(viewer)),
      operation.status === 'closed' ? this.tallies.get(operation.id, { role: viewer.role, teamId: viewer.teamId }).then((t) => t.snapshotSha256) : Promise.resolve(null),
      Promise.all([this.findings.restrictedIds(viewer.operationId), this.targets.restrictedIds(viewer.operationId)]).then(([f, t]) => new Set([...f, ...t])),
    ]);
    return {
      operation,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      organizer: row.organizer_id ? { id: row.organizer_id, name: row.organizer_name ?? '' } : null,
      teams: teams.map((t) => ({ id: t.id, name: t.name, country: t.country, createdAt: t.created_at.toISOString(), updatedAt: t.updated_at.toISOString() })),
      findings,
      targets,
      matches,
      indicatorLabels,
      snapshotSha256,
      viewer: { role: viewer.role, teamId: viewer.teamId },
      restrictedIds,
    };
  }

  /** The end-of-day report of the operation: aggregate figures only (see report-pdf.ts). */
  async report(operation: Operation, now = new Date()): Promise<Buffer> {
    const [tallies, indicators, audit] = await Promise.all([
      this.tallies.get(operation.id, { role: operation.myRole, teamId: operation.myTeamId }),
      this.indicators.labels(operation.id),
      this.audit.heads(operation.id),
    ]);
    return reportPdf({ operation, tallies, indicatorLabels: indicators, now, audit });
  }
}
