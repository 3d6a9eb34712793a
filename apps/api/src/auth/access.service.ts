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
   * account enabled, and, with `operationId`, the caller's membership there: read at every
   * request, so that a logout, a disabled account or a removal takes effect at once, not when
   * the token expires. The checks asked for in one turn of the event loop go to the database
   * in one statement (requests that arrive together, as under load, share a round trip).
   */
  check(user: AuthUser, operationId: string | null): Promise<{ signedIn: boolean; access: OperationAccess | null }> {
    // Ids come from a token this API signed; anything else is not a session to look up (and one
    // malformed id must not fail the others' statement).
    if (!isUuid(user.id) || !isUuid(user.sessionId) || (operationId !== null && !isUuid(operationId))) return Promise.resolve({ signedIn: false, access: null });
    return new Promise((resolve, reject) => {
      this.asked.push({ user, operationId, resolve, reject });
      if (this.asked.length === 1) setImmediate(() => void this.runChecks());
    });
  }

  private asked: { user: AuthUser; operationId: string | null; resolve: (r: { signedIn: boolean; access: OperationAccess | null }) => void; reject: (e: unknown) => void }[] = [];

  private async runChecks(): Promise<void> {
    const batch = this.asked;
    this.asked = [];
    try {
      const rows = await this.repo.accessChecks(batch.map((c) => ({ userId: c.user.id, sessionId: c.user.sessionId, operationId: c.operationId })));
      const byPlace = new Map(rows.map((r) => [Number(r.n), r]));
      batch.forEach(({ operationId, resolve }, i) => {
        const row = byPlace.get(i + 1);
        if (!row?.signed_in) return resolve({ signedIn: false, access: null });
        resolve({ signedIn: true, access: operationId && row.role ? { operationId, role: row.role, teamId: row.team_id } : null });
      });
    } catch (e) {
      for (const c of batch) c.reject(e);
    }
  }

  async signedIn(user: AuthUser): Promise<boolean> {
    return (await this.check(user, null)).signedIn;
  }
}

/** What PostgreSQL reads as a uuid (of any version: the database's own ids are checked nowhere else). */
const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export function assertRole(access: OperationAccess | null, min: Role, what = 'operation'): OperationAccess {
  if (!access) throw notFound(what);
  if (!roleAtLeast(access.role, min)) throw forbidden(`requires the ${min} role or higher in this operation`);
  return access;
}
