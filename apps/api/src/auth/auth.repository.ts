import { Injectable } from '@nestjs/common';
import type { Role } from '@actionday/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { Queryable } from '../database/queryable';
import { UserEntity } from './user.entity';
import { prepared } from '../database/prepared-statements';

/** A member of an operation with the account fields the member list shows. */
export interface MemberRow {
  user_id: string;
  email: string;
  display_name: string;
  country: string | null;
  role: Role;
  team_id: string | null;
  version: number;
}

export interface SessionRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/** One answer of accessChecks; `n` is the check's place in the list, from 1. */
export interface AccessCheckRow {
  n: string;
  signed_in: boolean;
  role: Role | null;
  team_id: string | null;
}

/** Every request's one access check (accessChecks), prepared: see prepared-statements.ts. */
const ACCESS_CHECKS = prepared(
  `SELECT x.n, u.disabled_at IS NULL AND EXISTS (
            SELECT 1 FROM sessions s
             WHERE s.family_id = x.session_id AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS signed_in,
          m.role, m.team_id
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS x(user_id, session_id, operation_id, n)
     JOIN users u ON u.id = x.user_id
     LEFT JOIN memberships m ON m.user_id = u.id AND m.operation_id = x.operation_id`,
);

/**
 * The auth domain's tables: accounts (`users`), refresh-token sessions (`sessions`) and who may
 * do what in which operation (`memberships`). `login_throttle` is LoginThrottle's own, `api_keys`
 * ApiKeysRepository's (read here only for the access an API key's account has).
 */
@Injectable()
export class AuthRepository {
  constructor(private readonly ds: DataSource) {}

  // --- users

  findUser(id: string): Promise<UserEntity | null> {
    return this.ds.getRepository(UserEntity).findOneBy({ id });
  }

  /** With the hash, for login only. The account of an API key is nobody's to sign in as or to add to an operation: never found here. */
  findUserForLogin(email: string): Promise<UserEntity | null> {
    return this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .andWhere('NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.user_id = u.id)')
      .getOne();
  }

  emailTaken(email: string, manager: EntityManager = this.ds.manager): Promise<boolean> {
    return manager.getRepository(UserEntity).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getExists();
  }

  insertUser(fields: Omit<UserEntity, 'id' | 'disabledAt' | 'createdAt' | 'updatedAt'>, manager: EntityManager = this.ds.manager): Promise<UserEntity> {
    const repo = manager.getRepository(UserEntity);
    return repo.save(repo.create(fields));
  }

  async setDisabled(userId: string, disabled: boolean): Promise<UserEntity | null> {
    const repo = this.ds.getRepository(UserEntity);
    await repo.update({ id: userId }, { disabledAt: disabled ? () => 'coalesce(disabled_at, now())' : null, version: () => 'version + 1', updatedAt: () => 'now()' });
    return repo.findOneBy({ id: userId });
  }

  async displayName(m: Queryable, userId: string): Promise<string | null> {
    const [who]: { display_name: string }[] = await m.query('SELECT display_name FROM users WHERE id = $1', [userId]);
    return who?.display_name ?? null;
  }

  /** Accounts in one statement (the demo's), existing e-mails left alone; then the id of each e-mail. */
  async insertUsers(
    passwordHash: string,
    accounts: readonly { email: string; displayName: string; organization: string | null; country: string | null; canOrganize: boolean }[],
  ): Promise<Map<string, string>> {
    await this.ds.query(
      `INSERT INTO users (email, display_name, password_hash, organization, country, can_organize)
       SELECT a.email, a.name, $1, a.org, a.country, a.organize
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[]) AS a(email, name, org, country, organize)
       ON CONFLICT DO NOTHING`,
      [
        passwordHash,
        accounts.map((a) => a.email),
        accounts.map((a) => a.displayName),
        accounts.map((a) => a.organization),
        accounts.map((a) => a.country),
        accounts.map((a) => a.canOrganize),
      ],
    );
    const rows: { id: string; email: string }[] = await this.ds.query('SELECT id, email FROM users WHERE email = ANY($1)', [accounts.map((a) => a.email)]);
    return new Map(rows.map((r) => [r.email, r.id]));
  }

  /** The operations a user is a member of, newest first (the operation's name is read with them). */
  myMemberships(userId: string): Promise<{ operation_id: string; name: string; role: Role; team_id: string | null }[]> {
    return this.ds.query(
      `SELECT m.operation_id, o.name, m.role, m.team_id
         FROM memberships m JOIN operations o ON o.id = m.operation_id
        WHERE m.user_id = $1 ORDER BY o.starts_at DESC`,
      [userId],
    );
  }

  // --- sessions

  async insertSession(userId: string, familyId: string, tokenHash: Buffer, expiresAt: Date): Promise<void> {
    await this.ds.query('INSERT INTO sessions (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)', [userId, familyId, tokenHash, expiresAt]);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async lockSessionByToken(m: EntityManager, tokenHash: Buffer): Promise<SessionRow | undefined> {
    const rows: SessionRow[] = await m.query('SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at FROM sessions WHERE token_hash = $1 FOR UPDATE', [
      tokenHash,
    ]);
    return rows[0];
  }

  async revokeFamily(m: EntityManager, familyId: string): Promise<void> {
    await m.query('UPDATE sessions SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]);
  }

  async markRotated(m: EntityManager, sessionId: string): Promise<void> {
    await m.query('UPDATE sessions SET rotated_at = now() WHERE id = $1', [sessionId]);
  }

  /** Revokes the family of a refresh token; the family's id, or undefined when the token is unknown or its family already revoked. */
  async revokeFamilyOfToken(tokenHash: Buffer): Promise<string | undefined> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows] = (await this.ds.query(
      `UPDATE sessions SET revoked_at = now()
        WHERE family_id = (SELECT family_id FROM sessions WHERE token_hash = $1) AND revoked_at IS NULL
        RETURNING family_id`,
      [tokenHash],
    )) as [{ family_id: string }[], number];
    return rows[0]?.family_id;
  }

  async revokeSessionsOf(userId: string): Promise<void> {
    await this.ds.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  }

  // --- memberships

  /**
   * The member's role and team, or, for the account of an API key that still works, officer of
   * the key's team: a key is a member of its own operation only, and of no member list.
   */
  async membership(userId: string, operationId: string, manager: EntityManager = this.ds.manager): Promise<{ role: Role; team_id: string | null } | undefined> {
    const rows: { role: Role; team_id: string | null }[] = await manager.query(
      `SELECT role, team_id FROM memberships WHERE operation_id = $1 AND user_id = $2
       UNION ALL
       SELECT 'officer', k.team_id FROM api_keys k
        WHERE k.operation_id = $1 AND k.user_id = $2 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
       LIMIT 1`,
      [operationId, userId],
    );
    return rows[0];
  }

  /**
   * Per asked check, in the order given: whether the session is live and the account enabled,
   * and the membership in the operation, if one is named. One statement for all of them.
   */
  accessChecks(checks: readonly { userId: string; sessionId: string; operationId: string | null }[]): Promise<AccessCheckRow[]> {
    return this.ds.query(
      ACCESS_CHECKS,
      [checks.map((c) => c.userId), checks.map((c) => c.sessionId), checks.map((c) => c.operationId)],
    );
  }

  memberRows(operationId: string, userId: string | null, m: Queryable = this.ds.manager): Promise<MemberRow[]> {
    return m.query(
      `SELECT m.user_id, u.email, u.display_name, u.country, m.role, m.team_id, m.version
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.operation_id = $1 AND ($2::uuid IS NULL OR m.user_id = $2)
        ORDER BY m.role, u.display_name`,
      [operationId, userId],
    );
  }

  async insertOrganizer(m: Queryable, operationId: string, userId: string): Promise<void> {
    await m.query(`INSERT INTO memberships (operation_id, user_id, role) VALUES ($1, $2, 'organizer')`, [operationId, userId]);
  }

  async upsertMember(m: Queryable, operationId: string, userId: string, role: Role, teamId: string | null): Promise<void> {
    await m.query(
      `INSERT INTO memberships (operation_id, user_id, role, team_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (operation_id, user_id)
         DO UPDATE SET role = EXCLUDED.role, team_id = EXCLUDED.team_id, version = memberships.version + 1, updated_at = now()`,
      [operationId, userId, role, teamId],
    );
  }

  async deleteMember(m: Queryable, operationId: string, userId: string): Promise<void> {
    await m.query('DELETE FROM memberships WHERE operation_id = $1 AND user_id = $2', [operationId, userId]);
  }

  async otherOrganizers(m: Queryable, operationId: string, userId: string): Promise<number> {
    const [{ others }]: { others: number }[] = await m.query(
      `SELECT count(*)::int AS others FROM memberships WHERE operation_id = $1 AND role = 'organizer' AND user_id <> $2`,
      [operationId, userId],
    );
    return others;
  }

  async isOrganizer(m: Queryable, operationId: string, userId: string): Promise<boolean> {
    const [{ is_organizer }]: { is_organizer: boolean }[] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM memberships WHERE operation_id = $1 AND user_id = $2 AND role = 'organizer') AS is_organizer`,
      [operationId, userId],
    );
    return is_organizer;
  }
}
