import { Injectable } from '@nestjs/common';
import type { Role } from '@actionday/contracts';
import type { Queryable } from '../database/queryable';
import { AuthRepository, type MemberRow } from './auth.repository';

export type { MemberRow } from './auth.repository';

/**
 * The rows of `memberships` (who may do what in which operation), for the operations domain that
 * decides who joins and leaves (its writes take the writing transaction's manager).
 */
@Injectable()
export class MembershipsService {
  constructor(private readonly repo: AuthRepository) {}

  /** The operation's members with their account fields, or just `userId`'s row; by role, then name. `m`: a transaction to read them in. */
  rows(operationId: string, userId: string | null, m?: Queryable): Promise<MemberRow[]> {
    return this.repo.memberRows(operationId, userId, m);
  }

  addOrganizer(m: Queryable, operationId: string, userId: string): Promise<void> {
    return this.repo.insertOrganizer(m, operationId, userId);
  }

  /** Adds the member, or changes the role and team of an existing one (a new version). */
  put(m: Queryable, operationId: string, userId: string, role: Role, teamId: string | null): Promise<void> {
    return this.repo.upsertMember(m, operationId, userId, role, teamId);
  }

  remove(m: Queryable, operationId: string, userId: string): Promise<void> {
    return this.repo.deleteMember(m, operationId, userId);
  }

  /** How many organizers the operation has besides `userId`. */
  otherOrganizers(m: Queryable, operationId: string, userId: string): Promise<number> {
    return this.repo.otherOrganizers(m, operationId, userId);
  }

  isOrganizer(m: Queryable, operationId: string, userId: string): Promise<boolean> {
    return this.repo.isOrganizer(m, operationId, userId);
  }
}
