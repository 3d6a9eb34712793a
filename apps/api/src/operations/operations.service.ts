import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DEFAULT_INDICATORS,
  DEFAULT_TLP,
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
  type UpdateOperationRequest,
} from '@actionday/contracts';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { MembershipsService } from '../auth/memberships.service';
import { UsersService } from '../auth/users.service';
import { decodeCursor, pageOfRows } from '../common/cursor';
import type { Queryable } from '../database/queryable';
import { conflict, forbidden, notFound } from '../common/errors';
import { IndicatorsService } from '../findings/indicators.service';
import { JournalService } from '../journal/journal.service';
import type { OperationTx } from '../journal/operation-tx';
import { TalliesService } from '../tallies/tallies.service';
import { VictimReleasesService } from '../tallies/victim-releases.service';
import { versionsOf } from '../policy/event-versions';
import { OperationRecordsService } from './operation-records.service';
import { OperationsRepository } from './operations.repository';
import { type MemberRow, memberForViewer, toMemberDto, toOperationCore, toOperationDto, toTeamDto } from './operations.mapper';

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

@Injectable()
export class OperationsService {
  constructor(
    private readonly repo: OperationsRepository,
    private readonly records: OperationRecordsService,
    private readonly journal: JournalService,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly indicators: IndicatorsService,
    private readonly tallies: TalliesService,
    private readonly releases: VictimReleasesService,
  ) {}

  async create(user: AuthUser, input: CreateOperationRequest): Promise<Operation> {
    const account = await this.users.findById(user.id);
    if (!account || !(account.isAdmin || account.canOrganize)) throw forbidden('this account may not organize operations');
    const id = randomUUID();
    return this.journal.write(id, user.id, 'any', async (tx) => {
      const operation = await this.repo.insertOperation(tx.manager, {
        id,
        name: input.name,
        kind: input.kind,
        status: 'planning',
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        timezone: input.timezone,
        countries: [...new Set(input.countries)],
        description: input.description ?? null,
        tlp: input.tlp ?? DEFAULT_TLP,
        lastSeq: '0',
        createdBy: user.id,
        closedAt: null,
        version: 1,
        // Set here, not by the column default, so the returned entity carries them.
        createdAt: new Date(),
        updatedAt: new Date(),
      });
      await this.memberships.addOrganizer(tx.manager, operation.id, user.id);
      // Every operation starts with the default indicator catalogue; coordinators add their own.
      await this.indicators.addDefaults(tx, DEFAULT_INDICATORS);
      const member = toMemberDto(await this.memberRow(operation.id, user.id, tx.manager));
      const core = toOperationCore(operation);
      tx.audit({ action: 'operation.create', entityType: 'operation', entityId: id, details: { after: core } });
      tx.audit({ action: 'member.add', entityType: 'member', entityId: user.id, details: { after: member } });
      this.emitMember(tx, member);
      tx.emit('operation.updated', { operation: core });
      return toOperationDto(operation, { role: 'organizer', teamId: null });
    });
  }

  async listMine(userId: string, q: PageQuery): Promise<Page<Operation>> {
    const after = decodeCursor(q.cursor);
    const rows = await this.repo.listMine(userId, after, q.limit + 1);
    return pageOfRows(
      rows,
      q.limit,
      (o) => ({ at: o.createdAt.toISOString(), id: o.id }),
      (o) => toOperationDto(o, { role: o.myRole, teamId: o.myTeamId }),
    );
  }

  async get(access: OperationAccess): Promise<Operation> {
    const o = await this.repo.findOperation(access.operationId);
    if (!o) throw notFound('operation');
    return toOperationDto(o, access);
  }

  /**
   * An organizer's change of the operation's settings (the TLP level of its exports), while it is
   * planned or live: a closed operation keeps what its frozen exports were made under.
   */
  async update(user: AuthUser, access: OperationAccess, input: UpdateOperationRequest): Promise<Operation> {
    return this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
      const o = await this.repo.lockOperation(tx.manager, access.operationId);
      if (!o) throw notFound('operation');
      if (o.status === 'closed') throw conflict('the operation is closed; its figures are frozen');
      if (o.version !== input.version) {
        throw conflict(`the operation changed meanwhile (now version ${o.version}); reload it`, [{ path: 'version', message: `stale: current version is ${o.version}` }]);
      }
      if (o.tlp === input.tlp) return toOperationDto(o, access);
      const before = toOperationCore(o);
      o.tlp = input.tlp;
      o.version += 1;
      o.updatedAt = new Date();
      await this.repo.saveOperation(tx.manager, o);
      const after = toOperationCore(o);
      tx.audit({ action: 'operation.update', entityType: 'operation', entityId: o.id, details: { before, after } });
      tx.emit('operation.updated', { operation: after });
      return toOperationDto(o, access);
    });
  }

  async transition(user: AuthUser, access: OperationAccess, input: TransitionRequest): Promise<Operation> {
    return this.journal.write(access.operationId, user.id, 'any', async (tx) => {
      const o = await this.repo.lockOperation(tx.manager, access.operationId);
      if (!o) throw notFound('operation');
      if (!OPERATION_TRANSITIONS[o.status].includes(input.to)) {
        throw conflict(`cannot go from ${o.status} to ${input.to}`);
      }
      const before = toOperationCore(o);
      o.status = input.to;
      o.version += 1;
      o.updatedAt = new Date();
      if (input.to === 'closed') o.closedAt = new Date();
      await this.repo.saveOperation(tx.manager, o);
      const after = toOperationCore(o);
      // The row is locked and now closed: a write still in flight fails its status check, so the
      // counters read here are the final ones.
      let snapshot: { snapshotSha256: string; limitedSnapshotSha256: string } | undefined;
      if (input.to === 'closed') {
        await this.releases.releaseAtClose(tx, o.closedAt!);
        const hashes = await this.tallies.freeze(tx.manager, o.id, o.closedAt!);
        snapshot = { snapshotSha256: hashes.sha256, limitedSnapshotSha256: hashes.limitedSha256 };
      }
      tx.audit({ action: `operation.${input.to === 'live' ? 'open' : 'close'}`, entityType: 'operation', entityId: o.id, details: { before, after, ...snapshot } });
      tx.emit('operation.updated', { operation: after });
      return toOperationDto(o, access);
    });
  }

  private memberRows(operationId: string, userId: string | null, manager?: Queryable): Promise<MemberRow[]> {
    return this.memberships.rows(operationId, userId, manager);
  }

  private async memberRow(operationId: string, userId: string, manager?: Queryable): Promise<MemberRow> {
    return (await this.memberRows(operationId, userId, manager))[0];
  }

  async members(viewer: OperationAccess, viewerId: string): Promise<{ items: Member[] }> {
    return { items: (await this.memberRows(viewer.operationId, null)).map((m) => memberForViewer(toMemberDto(m), viewer, viewerId)) };
  }

  private emitMember(tx: OperationTx, member: Member): void {
    tx.emitVersions('member.updated', versionsOf([], (viewer) => ({ member: memberForViewer(member, viewer, null) })));
  }

  /**
   * An operation never loses its last organizer (nobody could close or publish it): a change
   * that would leave none is refused. Runs under the operation's row lock, so two organizers
   * demoting each other at once cannot both succeed.
   */
  private async keepAnOrganizer(tx: OperationTx, userId: string, newRole: Member['role'] | null): Promise<void> {
    if (newRole === 'organizer') return;
    await this.records.lockRow(tx.manager, tx.operationId);
    const others = await this.memberships.otherOrganizers(tx.manager, tx.operationId, userId);
    const is_organizer = await this.memberships.isOrganizer(tx.manager, tx.operationId, userId);
    if (is_organizer && others === 0) throw conflict('the operation would be left without an organizer; make someone else organizer first');
  }

  /** Adds an existing account, or changes the role or team of a member. */
  async addMember(user: AuthUser, access: OperationAccess, input: AddMemberRequest): Promise<Member> {
    const account = await this.users.findForLogin(input.email);
    if (!account) throw notFound('account');
    return this.journal.write(access.operationId, user.id, 'any', async (tx) => {
      if (input.teamId) await this.records.requireTeam(access.operationId, input.teamId, tx.manager);
      await this.keepAnOrganizer(tx, account.id, input.role);
      const previous = await this.memberRows(access.operationId, account.id, tx.manager);
      await this.memberships.put(tx.manager, access.operationId, account.id, input.role, input.teamId ?? null);
      const member = toMemberDto(await this.memberRow(access.operationId, account.id, tx.manager));
      tx.audit({
        action: previous[0] ? 'member.update' : 'member.add',
        entityType: 'member',
        entityId: account.id,
        details: { before: previous[0] ? toMemberDto(previous[0]) : undefined, after: member },
      });
      this.emitMember(tx, member);
      // Open sockets of the member follow the new role or team at once (after COMMIT).
      if (previous[0]) tx.accessChanged(account.id);
      return member;
    });
  }

  /**
   * Removes a member: from the next request on, the operation does not exist for them, and their
   * open sockets leave its rooms. What they logged stays, as the team's work.
   */
  async removeMember(user: AuthUser, access: OperationAccess, userId: string): Promise<void> {
    await this.journal.write(access.operationId, user.id, 'any', async (tx) => {
      await this.keepAnOrganizer(tx, userId, null);
      const previous = await this.memberRows(access.operationId, userId, tx.manager);
      if (!previous[0]) throw notFound('member');
      await this.memberships.remove(tx.manager, access.operationId, userId);
      tx.audit({ action: 'member.remove', entityType: 'member', entityId: userId, details: { before: toMemberDto(previous[0]) } });
      tx.emit('member.removed', { userId });
      tx.accessChanged(userId);
    });
  }

  async teams(operationId: string): Promise<{ items: Team[] }> {
    const teams = await this.repo.teams(operationId);
    return { items: teams.map(toTeamDto) };
  }

  async createTeam(user: AuthUser, access: OperationAccess, input: CreateTeamRequest): Promise<Team> {
    try {
      return await this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
        const team = await this.repo.insertTeam(tx.manager, {
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

  /** Whether the database holds no operation at all. */
  none(): Promise<boolean> {
    return this.records.none();
  }
}
