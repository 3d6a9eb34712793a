import { Injectable } from '@nestjs/common';
import type { CreateUserRequest, MeResponse, Role, User } from '@actionday/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict } from '../common/errors';
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
  constructor(private readonly ds: DataSource) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.ds.getRepository(UserEntity).findOneBy({ id });
  }

  /** With the hash, for login only. */
  findForLogin(email: string): Promise<UserEntity | null> {
    return this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  async create(
    input: CreateUserRequest & { isAdmin?: boolean },
    manager: EntityManager = this.ds.manager,
  ): Promise<UserEntity> {
    const repo = manager.getRepository(UserEntity);
    const exists = await repo.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: input.email }).getExists();
    if (exists) throw conflict('an account with this e-mail already exists', [{ path: 'email', message: 'already in use' }]);
    const user = repo.create({
      email: input.email.toLowerCase(),
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      organization: input.organization ?? null,
      country: input.country ?? null,
      isAdmin: input.isAdmin ?? false,
      canOrganize: input.canOrganize ?? input.isAdmin ?? false,
      version: 1,
    });
    return repo.save(user);
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
    const memberships: { operation_id: string; name: string; role: Role; team_id: string | null }[] = await this.ds.query(
      `SELECT m.operation_id, o.name, m.role, m.team_id
         FROM memberships m JOIN operations o ON o.id = m.operation_id
        WHERE m.user_id = $1 ORDER BY o.starts_at DESC`,
      [userId],
    );
    return {
      user: toUserDto(user),
      memberships: memberships.map((m) => ({ operationId: m.operation_id, operationName: m.name, role: m.role, teamId: m.team_id })),
    };
  }
}
