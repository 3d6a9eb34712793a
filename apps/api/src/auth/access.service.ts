import { Injectable } from '@nestjs/common';
import { roleAtLeast, type Role } from '@actionday/contracts';
import type { EntityManager } from 'typeorm';
import { forbidden, notFound } from '../common/errors';
import type { AuthUser, OperationAccess } from './auth.decorators';
import { AuthRepository } from './auth.repository';

/**
 * Membership checks for every route and socket subscription. One indexed lookup on the
 * memberships primary key; an operation you are not a member of does not exist for you.
 */
@Injectable()
export class AccessService {
  constructor(private readonly repo: AuthRepository) {}

  /** `manager`: a transaction to read it in (by default, a connection of the pool). */
  async membership(userId: string, operationId: string, manager?: EntityManager): Promise<OperationAccess | null> {
    const row = await this.repo.membership(userId, operationId, manager);
    return row ? { operationId, role: row.role, teamId: row.team_id } : null;
  }

  async require(userId: string, operationId: string, min: Role, what = 'operation', manager?: EntityManager): Promise<OperationAccess> {
    const access = await this.membership(userId, operationId, manager);
    return assertRole(access, min, what);
  }

  /**
   * Whether an access token's session is still live (not logged out, not revoked) and its
   * account enabled, and, with `operationId`, the caller's membership there: one round trip per
   * request, so that a logout, a disabled account or a removal takes effect at once, not when
   * the token expires.
   */
  async check(user: AuthUser, operationId: string | null): Promise<{ signedIn: boolean; access: OperationAccess | null }> {
    const row = await this.repo.accessCheck(user.id, user.sessionId, operationId);
    if (!row?.signed_in) return { signedIn: false, access: null };
    return { signedIn: true, access: operationId && row.role ? { operationId, role: row.role, teamId: row.team_id } : null };
  }

  async signedIn(user: AuthUser): Promise<boolean> {
    return (await this.check(user, null)).signedIn;
  }
}

export function assertRole(access: OperationAccess | null, min: Role, what = 'operation'): OperationAccess {
  if (!access) throw notFound(what);
  if (!roleAtLeast(access.role, min)) throw forbidden(`requires the ${min} role or higher in this operation`);
  return access;
}
