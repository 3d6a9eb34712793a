import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DEFAULT_INDICATORS,
  OPERATION_TRANSITIONS,
  type AddMemberRequest,
  type CreateOperationRequest,
  type CreateTeamRequest,
  type Member,
  type Operation,
  type Page,
  type PageQuery,
  type Team,
  type TransitionRequest,
} from '@actionday/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { UsersService } from '../auth/users.service';
import { decodeCursor, pageOfRows } from '../common/cursor';
import { conflict, forbidden, notFound } from '../common/errors';
import { ValidationFailed } from '../common/zod-pipe';
import { JournalService } from '../live/journal.service';
import { TalliesService } from '../tallies/tallies.service';
import { OperationEntity } from './operation.entity';
import { type MemberRow, toMemberDto, toOperationCore, toOperationDto, toTeamDto } from './operations.mapper';
import { TeamEntity } from './team.entity';

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

@Injectable()
export class OperationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly journal: JournalService,
    private readonly users: UsersService,
    private readonly tallies: TalliesService,
  ) {}

  async create(user: AuthUser, input: CreateOperationRequest): Promise<Operation> {
    const account = await this.users.findById(user.id);
    if (!account || !(account.isAdmin || account.canOrganize)) throw forbidden('this account may not organize operations');
    const id = randomUUID();
    return this.journal.write(id, user.id, 'any', async (tx) => {
      const operation = await tx.manager.getRepository(OperationEntity).save({
        id,
        name: input.name,
        kind: input.kind,
        status: 'planning',
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        timezone: input.timezone,
        countries: [...new Set(input.countries)],
        description: input.description ?? null,
        lastSeq: '0',
        createdBy: user.id,
        closedAt: null,
        version: 1,
        // Set here, not by the column default, so the returned entity carries them.
        createdAt: new Date(),
        updatedAt: new Date(),
      });
      await tx.manager.query(`INSERT INTO memberships (operation_id, user_id, role) VALUES ($1, $2, 'organizer')`, [operation.id, user.id]);
      // Every operation starts with the default indicator catalogue; coordinators add their own.
      await tx.manager.query(
        `INSERT INTO indicators (operation_id, code, label, builtin) SELECT $1, d.code, d.label, true FROM unnest($2::text[], $3::text[]) AS d(code, label)`,
        [operation.id, DEFAULT_INDICATORS.map((i) => i.code), DEFAULT_INDICATORS.map((i) => i.label)],
      );
      const member = toMemberDto(await this.memberRow(operation.id, user.id, tx.manager));
      const core = toOperationCore(operation);
      tx.audit({ action: 'operation.create', entityType: 'operation', entityId: id, details: { after: core } });
      tx.audit({ action: 'member.add', entityType: 'member', entityId: user.id, details: { after: member } });
      tx.emit('member.updated', { member });
      tx.emit('operation.updated', { operation: core });
      return toOperationDto(operation, { role: 'organizer', teamId: null });
    });
  }

  async listMine(userId: string, q: PageQuery): Promise<Page<Operation>> {
    const after = decodeCursor(q.cursor);
    const rows: (OperationEntity & { myRole: Operation['myRole']; myTeamId: string | null })[] = await this.ds
      .getRepository(OperationEntity)
      .createQueryBuilder('o')
      .innerJoin('memberships', 'm', 'm.operation_id = o.id AND m.user_id = :userId', { userId })
      .addSelect('m.role', 'my_role')
      .addSelect('m.team_id', 'my_team_id')
      .where(after ? '(o.created_at, o.id) < (:at, :id)' : 'true', after ?? {})
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(q.limit + 1)
      .getRawAndEntities()
      .then(({ raw, entities }) =>
        entities.map((e, i) => Object.assign(e, { myRole: raw[i].my_role, myTeamId: raw[i].my_team_id })),
      );
    return pageOfRows(
      rows,
      q.limit,
      (o) => ({ at: o.createdAt.toISOString(), id: o.id }),
      (o) => toOperationDto(o, { role: o.myRole, teamId: o.myTeamId }),
    );
  }

  async get(access: OperationAccess): Promise<Operation> {
    const o = await this.ds.getRepository(OperationEntity).findOneBy({ id: access.operationId });
    if (!o) throw notFound('operation');
    return toOperationDto(o, access);
  }

  async transition(user: AuthUser, access: OperationAccess, input: TransitionRequest): Promise<Operation> {
    return this.journal.write(access.operationId, user.id, 'any', async (tx) => {
      const repo = tx.manager.getRepository(OperationEntity);
      const o = await repo.createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id: access.operationId }).getOne();
      if (!o) throw notFound('operation');
      if (!OPERATION_TRANSITIONS[o.status].includes(input.to)) {
        throw conflict(`cannot go from ${o.status} to ${input.to}`);
      }
      const before = toOperationCore(o);
      o.status = input.to;
      o.version += 1;
      o.updatedAt = new Date();
      if (input.to === 'closed') o.closedAt = new Date();
      await repo.save(o);
      const after = toOperationCore(o);
      // The row is locked and now closed: a write still in flight fails its status check, so the
      // counters read here are the final ones.
      const snapshotSha256 = input.to === 'closed' ? await this.tallies.freeze(tx.manager, o.id, o.closedAt!) : undefined;
      tx.audit({ action: `operation.${input.to === 'live' ? 'open' : 'close'}`, entityType: 'operation', entityId: o.id, details: { before, after, snapshotSha256 } });
      tx.emit('operation.updated', { operation: after });
      return toOperationDto(o, access);
    });
  }

  private async memberRows(operationId: string, userId: string | null, manager = this.ds.manager): Promise<MemberRow[]> {
    return manager.query(
      `SELECT m.user_id, u.email, u.display_name, u.country, m.role, m.team_id, m.version
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.operation_id = $1 AND ($2::uuid IS NULL OR m.user_id = $2)
        ORDER BY m.role, u.display_name`,
      [operationId, userId],
    );
  }

  private async memberRow(operationId: string, userId: string, manager = this.ds.manager): Promise<MemberRow> {
    return (await this.memberRows(operationId, userId, manager))[0];
  }

  async members(operationId: string): Promise<{ items: Member[] }> {
    return { items: (await this.memberRows(operationId, null)).map(toMemberDto) };
  }

  /** Adds an existing account, or changes the role or team of a member. */
  async addMember(user: AuthUser, access: OperationAccess, input: AddMemberRequest): Promise<Member> {
    const account = await this.users.findForLogin(input.email);
    if (!account) throw notFound('account');
    return this.journal.write(access.operationId, user.id, 'any', async (tx) => {
      if (input.teamId) await this.requireTeam(access.operationId, input.teamId, tx.manager);
      const previous = await this.memberRows(access.operationId, account.id, tx.manager);
      await tx.manager.query(
        `INSERT INTO memberships (operation_id, user_id, role, team_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (operation_id, user_id)
         DO UPDATE SET role = EXCLUDED.role, team_id = EXCLUDED.team_id, version = memberships.version + 1, updated_at = now()`,
        [access.operationId, account.id, input.role, input.teamId ?? null],
      );
      const member = toMemberDto(await this.memberRow(access.operationId, account.id, tx.manager));
      tx.audit({
        action: previous[0] ? 'member.update' : 'member.add',
        entityType: 'member',
        entityId: account.id,
        details: { before: previous[0] ? toMemberDto(previous[0]) : undefined, after: member },
      });
      tx.emit('member.updated', { member });
      return member;
    });
  }

  async teams(operationId: string): Promise<{ items: Team[] }> {
    const teams = await this.ds.getRepository(TeamEntity).find({ where: { operationId }, order: { name: 'ASC' } });
    return { items: teams.map(toTeamDto) };
  }

  async createTeam(user: AuthUser, access: OperationAccess, input: CreateTeamRequest): Promise<Team> {
    try {
      return await this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
        const team = await tx.manager.getRepository(TeamEntity).save({
          operationId: access.operationId,
          name: input.name,
          country: input.country ?? null,
          language: input.language ?? null,
          focus: input.focus ?? null,
          version: 1,
        });
        const dto = toTeamDto(team);
        tx.audit({ action: 'team.create', entityType: 'team', entityId: dto.id, details: { after: dto } });
        tx.emit('team.updated', { team: dto });
        return dto;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`a team named "${input.name}" already exists`, [{ path: 'name', message: 'already in use' }]);
      throw e;
    }
  }

  async requireTeam(operationId: string, teamId: string, manager = this.ds.manager): Promise<TeamEntity> {
    const team = await manager.getRepository(TeamEntity).findOneBy({ id: teamId, operationId });
    if (!team) throw new ValidationFailed([{ path: 'teamId', message: 'no such team in this operation' }]);
    return team;
  }
}
