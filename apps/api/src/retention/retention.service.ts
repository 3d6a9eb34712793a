import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AuditService } from '../audit/audit.service';
import { CorrelationService } from '../correlation/correlation.service';
import { SessionLocks } from '../database/session-lock';
import { FindingsService } from '../findings/findings.service';
import { JournalService } from '../journal/journal.service';
import { OperationRecordsService } from '../operations/operation-records.service';
import { toOperationCore } from '../operations/operations.mapper';
import { TargetsService } from '../targets/targets.service';

/** The session advisory lock that lets one instance at a time run the purge round. */
export const RETENTION_LOCK_KEY = 4_711_000_005;

/**
 * Type fields of findings that are enumerations, counts or references: they describe no one, so
 * they stay after the purge with the figures. Everything else (aliases, site names, URLs,
 * services, prices, lingo, mirrors, the reason of a link) is erased.
 */
const KEPT_DETAIL_FIELDS = [
  'category',
  'adCount',
  'recentActivity',
  'geographicScope',
  'advertisedOrigin',
  'advertisedOrigins',
  'language',
  'adSpace',
  'nationality',
  'role',
  'ageMin',
  'ageMax',
  'minor',
  'fromFindingId',
  'toFindingId',
  'toTargetId',
];

export interface PurgeCounts {
  targets: number;
  findings: number;
  identifiers: number;
  matches: number;
  events: number;
  auditDetails: number;
}

/**
 * Erases the personal data of operations closed more than RETENTION_DAYS ago: target values,
 * platforms and notes, findings' identifiers, evidence, notes and personal type fields, the identifier index
 * and matches, the live event log, and the before/after details of the audit log (their hashes
 * stay, so the chain still verifies). The tallies, the snapshot and the publications remain.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('retention');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly locks: SessionLocks,
    private readonly journal: JournalService,
    private readonly operations: OperationRecordsService,
    private readonly targets: TargetsService,
    private readonly findings: FindingsService,
    private readonly correlation: CorrelationService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.retention.checkSeconds;
    if (seconds <= 0) return;
    const round = () =>
      this.runOnce().catch((e: unknown) => this.logger.error(`purge round failed: ${e instanceof Error ? e.message : String(e)}`));
    // The first round soon after start, then periodically; never keeps the process alive.
    const schedule = (delayMs: number) => {
      this.timer = setTimeout(() => void round().finally(() => schedule(seconds * 1000)), delayMs).unref();
    };
    schedule(Math.min(seconds, 30) * 1000);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /**
   * One purge round. Several instances may call it at the same moment: the advisory lock lets one
   * through and the others return at once; each purge also re-checks its operation under a row
   * lock, so an operation is never purged twice.
   */
  async runOnce(now = new Date()): Promise<{ ran: boolean; purged: string[] }> {
    const round = await this.locks.tryWith(RETENTION_LOCK_KEY, async (db) => {
      const due = await this.operations.dueForPurge(db, now, this.config.retention.days);
      const purged: string[] = [];
      for (const { id } of due) {
        const counts = await this.purge(id, now);
        if (counts) {
          purged.push(id);
          this.logger.log(`purged the personal data of operation ${id}: ${JSON.stringify(counts)}`);
        }
      }
      return purged;
    });
    return round.locked ? { ran: true, purged: round.value } : { ran: false, purged: [] };
  }

  /** Purges one operation in one transaction, audited; null when it is not (or no longer) due. */
  private purge(operationId: string, now: Date): Promise<PurgeCounts | null> {
    return this.journal.write(operationId, null, 'any', async (tx) => {
      const m = tx.manager;
      // A purge rewrites every row of a day (a million findings take minutes): it is a background
      // job under a lock, not a request, so the pool's statement limit does not apply to it.
      await m.query(`SET LOCAL statement_timeout = 0`);
      const op = await this.operations.markPurged(m, operationId, now);
      if (!op) return null;
      // In this order: the targets and findings first, the identifier index and matches, the
      // event log, the audit details last (allowed only now that the operation is marked purged).
      const targets = await this.targets.purge(tx);
      const findings = await this.findings.purge(tx, KEPT_DETAIL_FIELDS);
      const { identifiers, matches } = await this.correlation.purge(tx);
      const events = await this.journal.deleteEvents(tx);
      const auditDetails = await this.audit.eraseDetails(tx);
      const counts: PurgeCounts = { targets, findings, identifiers, matches, events, auditDetails };
      tx.audit({
        action: 'operation.purge',
        entityType: 'operation',
        entityId: operationId,
        details: { retentionDays: this.config.retention.days, closedAt: op.closedAt?.toISOString() ?? null, counts },
      });
      tx.emit('operation.updated', { operation: toOperationCore(op) });
      return counts;
    });
  }
}
