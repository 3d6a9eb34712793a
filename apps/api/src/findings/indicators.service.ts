import { Injectable } from '@nestjs/common';
import type { CreateIndicatorRequest, Indicator } from '@actionday/contracts';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { conflict } from '../common/errors';
import { JournalService } from '../journal/journal.service';
import type { OperationTx } from '../journal/operation-tx';
import { FindingsRepository } from './findings.repository';

/** The indicator catalogue of an operation: the defaults, plus those its coordinators add. */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly repo: FindingsRepository,
    private readonly journal: JournalService,
  ) {}

  list(operationId: string): Promise<Indicator[]> {
    return this.repo.indicators(operationId);
  }

  async create(user: AuthUser, access: OperationAccess, input: CreateIndicatorRequest): Promise<Indicator> {
    try {
      return await this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
        const indicator = await this.repo.insertIndicator(tx.manager, access.operationId, input.code, input.label, user.id);
        tx.audit({ action: 'indicator.create', entityType: 'indicator', entityId: indicator.code, details: { after: indicator } });
        tx.emit('indicator.created', { indicator });
        return indicator;
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') {
        throw conflict(`the catalogue already has an indicator "${input.code}"`, [{ path: 'code', message: 'already in the catalogue' }]);
      }
      throw e;
    }
  }

  /** A new operation's catalogue, in its creating transaction: these indicators, as built-in ones. */
  addDefaults(tx: OperationTx, indicators: readonly { code: string; label: string }[]): Promise<void> {
    return this.repo.insertBuiltinIndicators(tx.manager, tx.operationId, indicators);
  }

  /** Code -> label of every indicator of the operation's catalogue. */
  labels(operationId: string): Promise<Map<string, string>> {
    return this.repo.indicatorLabels(operationId);
  }
}
