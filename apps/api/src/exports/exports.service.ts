import { Injectable } from '@nestjs/common';
import type { Finding, Operation, Target } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import type { OperationAccess } from '../auth/auth.decorators';
import { FindingsService } from '../findings/findings.service';
import { OperationsService } from '../operations/operations.service';
import { TalliesService } from '../tallies/tallies.service';
import { TargetsService } from '../targets/targets.service';
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
    private readonly ds: DataSource,
    private readonly findings: FindingsService,
    private readonly targets: TargetsService,
    private readonly operations: OperationsService,
    private readonly tallies: TalliesService,
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

  /** Every target of the operation, oldest first like the list. */
  async *targetPages(operationId: string): AsyncGenerator<Target[]> {
    let cursor: string | undefined;
    do {
      const page = await this.targets.list(operationId, { limit: EXPORT_PAGE_SIZE, cursor });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** The end-of-day report of the operation: aggregate figures only (see report-pdf.ts). */
  async report(operation: Operation, now = new Date()): Promise<Buffer> {
    const [tallies, indicators] = await Promise.all([this.tallies.get(operation.id), this.indicatorLabels(operation.id)]);
    return reportPdf({ operation, tallies, indicatorLabels: indicators, now });
  }

  private async indicatorLabels(operationId: string): Promise<Map<string, string>> {
    const rows: { code: string; label: string }[] = await this.ds.query('SELECT code, label FROM indicators WHERE operation_id = $1', [operationId]);
    return new Map(rows.map((r) => [r.code, r.label]));
  }
}
