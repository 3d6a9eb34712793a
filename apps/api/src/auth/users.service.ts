import { Injectable } from '@nestjs/common';
import type { CreateUserRequest, MeResponse, User } from '@actionday/contracts';
import type { EntityManager } from 'typeorm';
import { AuthRepository } from './auth.repository';
import { conflict } from '../common/errors';
import type { Queryable } from '../database/queryable';
import { hashPassword } from './passwords';
import { UserEntity } from './user.entity';

export const toUserDto = (u: UserEntity): User => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  organization: u.organization,
  country: u.country,
  isAdmin: u.isAdmin,
  canOrganize: u.canOrganize,
});

@Injectable()
export class UsersService {
  constructor(private readonly repo: AuthRepository) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findUser(id);
  }

  /** With the hash, for login only. */
  findForLogin(email: string): Promise<UserEntity | null> {
    return this.repo.findUserForLogin(email);
  }

  async create(input: CreateUserRequest & { isAdmin?: boolean }, manager?: EntityManager): Promise<UserEntity> {
    const exists = await this.repo.emailTaken(input.email, manager);
    if (exists) throw conflict('an account with this e-mail already exists', [{ path: 'email', message: 'already in use' }]);
    return this.repo.insertUser(
      {
        email: input.email.toLowerCase(),
        displayName: input.displayName,
        passwordHash: await hashPassword(input.password),
        organization: input.organization ?? null,
        country: input.country ?? null,
        isAdmin: input.isAdmin ?? false,
        canOrganize: input.canOrganize ?? input.isAdmin ?? false,
        version: 1,
      },
      manager,
    );
  }

  setDisabled(userId: string, disabled: boolean): Promise<UserEntity | null> {
    return this.repo.setDisabled(userId, disabled);
  }

  /** The name an account is shown by (null for an unknown id), as `m`'s transaction sees it. */
  displayName(m: Queryable, userId: string): Promise<string | null> {
    return this.repo.displayName(m, userId);
  }

  /**
   * Accounts that share one password hash (the demo's), created in one statement; an e-mail that
   * already has an account keeps it. Returns the account id of each e-mail (lower case).
   */
  createMany(
    passwordHash: string,
    accounts: readonly { email: string; displayName: string; organization: string | null; country: string | null; canOrganize: boolean }[],
  ): Promise<Map<string, string>> {
    return this.repo.insertUsers(
      passwordHash,
      accounts.map((a) => ({ ...a, email: a.email.toLowerCase() })),
    );
  }

  /** The first administrator from ADMIN_EMAIL / ADMIN_PASSWORD, created once if absent. */
  async ensureAdmin(email: string, password: string): Promise<boolean> {
    if (await this.findForLogin(email)) return false;
    await this.create({ email, password, displayName: 'Administrator', isAdmin: true, canOrganize: true });
    return true;
  }

  async me(userId: string): Promise<MeResponse | null> {
    const user = await this.findById(userId);
    if (!user) return null;
    const memberships = await this.repo.myMemberships(userId);
    return {
      user: toUserDto(user),
      memberships: memberships.map((m) => ({ operationId: m.operation_id, operationName: m.name, role: m.role, teamId: m.team_id })),
    };
  }
}
