import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { JournalService } from '../live/journal.service';
import { toOperationCore } from '../operations/operations.mapper';
import { OperationEntity } from '../operations/operation.entity';

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
    private readonly ds: DataSource,
    private readonly journal: JournalService,
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
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [RETENTION_LOCK_KEY]);
      if (!locked) return { ran: false, purged: [] };
      try {
        const due: { id: string }[] = await runner.query(
          `SELECT id FROM operations
            WHERE status = 'closed' AND purged_at IS NULL AND closed_at <= $1::timestamptz - $2 * interval '1 day'
            ORDER BY closed_at`,
          [now, this.config.retention.days],
        );
        const purged: string[] = [];
        for (const { id } of due) {
          const counts = await this.purge(id, now);
          if (counts) {
            purged.push(id);
            this.logger.log(`purged the personal data of operation ${id}: ${JSON.stringify(counts)}`);
          }
        }
        return { ran: true, purged };
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Purges one operation in one transaction, audited; null when it is not (or no longer) due. */
  private purge(operationId: string, now: Date): Promise<PurgeCounts | null> {
    return this.journal.write(operationId, null, 'any', async (tx) => {
      const m = tx.manager;
      const op = await m
        .getRepository(OperationEntity)
        .createQueryBuilder('o')
        .setLock('pessimistic_write')
        .where('o.id = :id', { id: operationId })
        .getOne();
      if (!op || op.status !== 'closed' || op.purgedAt) return null;
      op.purgedAt = now;
      op.version += 1;
      op.updatedAt = new Date();
      await m.getRepository(OperationEntity).save(op);

      const count = async (sql: string, params: unknown[] = [operationId]) => {
        const [, affected] = (await m.query(sql, params)) as [unknown, number];
        return affected;
      };
      const counts: PurgeCounts = {
        // The normalized value is unique per operation, so each target keeps a distinct placeholder.
        targets: await count(
          `UPDATE targets SET value = '[purged]', normalized = 'purged:' || id, platform = NULL, notes = NULL, updated_at = now()
            WHERE operation_id = $1`,
        ),
        findings: await count(
          `UPDATE findings SET identifiers = '[]', evidence = '[]', notes = NULL, updated_at = now(),
                  details = (SELECT coalesce(jsonb_object_agg(k, v), '{}'::jsonb) FROM jsonb_each(details) AS d(k, v) WHERE k = ANY($2))
            WHERE operation_id = $1`,
          [operationId, KEPT_DETAIL_FIELDS],
        ),
        identifiers: await count('DELETE FROM identifiers WHERE operation_id = $1'),
        matches: await count('DELETE FROM matches WHERE operation_id = $1'),
        events: await count('DELETE FROM events WHERE operation_id = $1'),
        // Allowed by the audit_log trigger only now that the operation is marked purged.
        auditDetails: await count('UPDATE audit_log SET details = NULL WHERE operation_id = $1 AND details IS NOT NULL'),
      };
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
