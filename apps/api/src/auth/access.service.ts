import { Injectable } from '@nestjs/common';
import { roleAtLeast, type Role } from '@actionday/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { forbidden, notFound } from '../common/errors';
import type { OperationAccess } from './auth.decorators';

/**
 * Membership checks for every route and socket subscription. One indexed lookup on the
 * memberships primary key; an operation you are not a member of does not exist for you.
 */
@Injectable()
export class AccessService {
  constructor(private readonly ds: DataSource) {}

  async membership(userId: string, operationId: string, manager: EntityManager = this.ds.manager): Promise<OperationAccess | null> {
    const rows: { role: Role; team_id: string | null }[] = await manager.query(
      'SELECT role, team_id FROM memberships WHERE operation_id = $1 AND user_id = $2',
      [operationId, userId],
    );
    return rows[0] ? { operationId, role: rows[0].role, teamId: rows[0].team_id } : null;
  }

  async require(userId: string, operationId: string, min: Role, what = 'operation', manager?: EntityManager): Promise<OperationAccess> {
    const access = await this.membership(userId, operationId, manager);
    return assertRole(access, min, what);
  }
}

export function assertRole(access: OperationAccess | null, min: Role, what = 'operation'): OperationAccess {
  if (!access) throw notFound(what);
  if (!roleAtLeast(access.role, min)) throw forbidden(`requires the ${min} role or higher in this operation`);
  return access;
}
