import { Injectable } from '@nestjs/common';
import type { CreateIndicatorRequest, Indicator } from '@actionday/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { conflict } from '../common/errors';
import { ValidationFailed } from '../common/zod-pipe';
import { JournalService } from '../live/journal.service';

/** The indicator catalogue of an operation: the defaults, plus those its coordinators add. */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly ds: DataSource,
    private readonly journal: JournalService,
  ) {}

  list(operationId: string): Promise<Indicator[]> {
    return this.ds.query(
      `SELECT code, label, builtin FROM indicators WHERE operation_id = $1 ORDER BY builtin DESC, created_at, code`,
      [operationId],
    );
  }

  async create(user: AuthUser, access: OperationAccess, input: CreateIndicatorRequest): Promise<Indicator> {
    try {
      return await this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
        const [indicator]: Indicator[] = await tx.manager.query(
          `INSERT INTO indicators (operation_id, code, label, builtin, created_by) VALUES ($1, $2, $3, false, $4)
           RETURNING code, label, builtin`,
          [access.operationId, input.code, input.label, user.id],
        );
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

  /** Fails with 400 naming every code the operation's catalogue does not hold. */
  async assertKnown(m: EntityManager, operationId: string, codes: readonly string[]): Promise<void> {
    if (codes.length === 0) return;
    const known: { code: string }[] = await m.query(`SELECT code FROM indicators WHERE operation_id = $1 AND code = ANY($2::text[])`, [
      operationId,
      codes,
    ]);
    const found = new Set(known.map((k) => k.code));
    const unknown = [...new Set(codes)].filter((c) => !found.has(c));
    if (unknown.length > 0) {
      throw new ValidationFailed([{ path: 'indicators', message: `unknown indicator code(s): ${unknown.join(', ')}` }]);
    }
  }
}
