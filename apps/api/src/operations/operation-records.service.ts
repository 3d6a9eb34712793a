import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ValidationFailed } from '../common/zod-pipe';
import type { Queryable } from '../database/queryable';
import { OperationsRepository } from './operations.repository';

/**
 * The operation and team rows as the other domains need them: an operation's countries, its
 * teams, its row lock. The only way into the operations domain's tables from outside it; it
 * depends on nothing but them, so that every domain may use it (the operations workflows, which
 * depend on other domains, are OperationsService).
 */
@Injectable()
export class OperationRecordsService {
  constructor(private readonly repo: OperationsRepository) {}

  /** The operation row; fails (EntityNotFoundError) when there is none. `manager`: the transaction to read it in. */
  require(operationId: string, manager?: EntityManager) {
    return this.repo.requireOperation(operationId, manager);
  }

  /** The team of this operation, or a 400 on `teamId`. */
  async requireTeam(operationId: string, teamId: string, manager?: EntityManager) {
    const team = await this.repo.teamInOperation(operationId, teamId, manager);
    if (!team) throw new ValidationFailed([{ path: 'teamId', message: 'no such team in this operation' }]);
    return team;
  }


  /** Every team of the operation. */
  teamsOf(operationId: string, manager?: EntityManager) {
    return this.repo.teamsOf(operationId, manager);
  }

  /** Id and name of every team of the operation, by name, as `m`'s transaction sees them. */
  teamNames(m: Queryable, operationId: string) {
    return this.repo.teamNames(m, operationId);
  }

  /** Locks the operation row until the end of `m`'s transaction: writers of what hangs on it queue here. */
  lockRow(m: Queryable, operationId: string): Promise<void> {
    return this.repo.lockRow(m, operationId);
  }

  /** Status and dates of the operation, share-locked until the end of `m`'s transaction. */
  shareForPublication(m: Queryable, operationId: string) {
    return this.repo.shareForPublication(m, operationId);
  }

  /** Closed operations whose retention period ended by `now` and that are not purged yet. */
  dueForPurge(db: Queryable, now: Date, days: number) {
    return this.repo.dueForPurge(db, now, days);
  }

  /**
   * Marks a closed operation purged (under its row lock, in `m`'s transaction) and returns it;
   * null when it is not closed or already purged.
   */
  async markPurged(m: EntityManager, operationId: string, now: Date) {
    const op = await this.repo.lockOperation(m, operationId);
    if (!op || op.status !== 'closed' || op.purgedAt) return null;
    op.purgedAt = now;
    op.version += 1;
    op.updatedAt = new Date();
    await this.repo.saveOperation(m, op);
    return op;
  }

  /** Whether the database holds no operation at all (the demo seeds only then). */
  none(): Promise<boolean> {
    return this.repo.noOperations();
  }

  /** When the operation was made and last changed, and who organized it. */
  exportHeader(operationId: string) {
    return this.repo.exportHeader(operationId);
  }

  /** Every team of the operation with its dates, by id. */
  teamsForExport(operationId: string) {
    return this.repo.teamsForExport(operationId);
  }
}
