import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DEFAULT_SUPPRESS_BELOW, VICTIM_RELEASE_BATCH } from '@actionday/contracts';
import { nextRelease, publishRelease, victimCountsFromCounters } from '@actionday/tallies';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SessionLocks } from '../database/session-lock';
import { JournalService } from '../journal/journal.service';
import type { OperationTx } from '../journal/operation-tx';
import { OperationRecordsService } from '../operations/operation-records.service';
import { TalliesRepository } from './tallies.repository';
import { TalliesService } from './tallies.service';

/** The session advisory lock that lets one instance at a time run a release round. */
export const VICTIM_RELEASE_LOCK_KEY = 4_711_000_010;

/**
 * Victim figures for members without victim access (officers, observers: see policy.ts,
 * victim_figures = released). A release is the operation-wide victim figures, each of which
 * moves only in steps of at least VICTIM_RELEASE_BATCH (libs/tallies nextRelease), made at most
 * every VICTIM_FIGURES_SECONDS. Each release is an event (`tally.released`), so open dashboards
 * follow without polling. Closing makes a last release if a figure can move.
 */
@Injectable()
export class VictimReleasesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('victim-figures');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: TalliesRepository,
    private readonly locks: SessionLocks,
    private readonly journal: JournalService,
    private readonly tallies: TalliesService,
    private readonly operations: OperationRecordsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Looked for at least every minute, so a release is at most a minute later than due.
    const everyMs = Math.min(60, this.config.victimFiguresSeconds) * 1000;
    const schedule = () => {
      this.timer = setTimeout(() => {
        void this.runOnce()
          .catch((e: unknown) => this.logger.error(`release round failed: ${e instanceof Error ? e.message : String(e)}`))
          .finally(schedule);
      }, everyMs).unref();
    };
    schedule();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** One round over the open operations; several instances may call it at once, one goes through. */
  async runOnce(now = new Date()): Promise<{ ran: boolean; released: string[] }> {
    const round = await this.locks.tryWith(VICTIM_RELEASE_LOCK_KEY, async (db) => {
      // Open operations with victims whose last release is old enough; whether a figure moves
      // is decided per operation, under its lock.
      const due = await this.repo.dueForRelease(db, now, this.config.victimFiguresSeconds);
      const released: string[] = [];
      for (const { id } of due) {
        const made = await this.journal.write(id, null, 'prepare', (tx) => this.release(tx, now, true));
        if (made) released.push(id);
      }
      return released;
    });
    return round.locked ? { ran: true, released: round.value } : { ran: false, released: [] };
  }

  /** In the closing transaction: the figures members keep after close include a last release if a figure can move. */
  releaseAtClose(tx: OperationTx, now: Date): Promise<boolean> {
    return this.release(tx, now, false);
  }

  /**
   * Makes a release in `tx` if it is due, re-checked under the lock of the release row (the
   * interval is waived at close). Returns whether one was made.
   */
  private async release(tx: OperationTx, now: Date, waitInterval: boolean): Promise<boolean> {
    const m = tx.manager;
    await this.operations.lockRow(m, tx.operationId);
    const last = await this.repo.lastRelease(m, tx.operationId);
    if (waitInterval && last && last.released_at.getTime() > now.getTime() - this.config.victimFiguresSeconds * 1000) return false;
    const counts = victimCountsFromCounters(await this.tallies.operationCounters(m, tx.operationId));
    const release = nextRelease(last?.body ?? null, counts, VICTIM_RELEASE_BATCH, now.toISOString());
    if (!release) return false;
    await this.repo.putRelease(m, tx.operationId, now, release);
    tx.emit('tally.released', publishRelease(release, DEFAULT_SUPPRESS_BELOW));
    return true;
  }
}
