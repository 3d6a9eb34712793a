import { Injectable } from '@nestjs/common';
import type { OperationKind, Role } from '@actionday/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { Queryable } from '../database/queryable';
import { OperationEntity } from './operation.entity';
import { TeamEntity } from './team.entity';

/** An operation row with the caller's membership, for the list of their operations. */
export type MyOperationRow = OperationEntity & { myRole: Role; myTeamId: string | null };

/**
 * The operations domain's tables: `operations` (but its `last_seq`, the head of the event log,
 * which the journal alone moves) and `teams`.
 */
@Injectable()
export class OperationsRepository {
  constructor(private readonly ds: DataSource) {}

  // --- operations

  insertOperation(m: EntityManager, fields: Omit<OperationEntity, 'purgedAt'>): Promise<OperationEntity> {
    return m.getRepository(OperationEntity).save(fields);
  }

  findOperation(id: string): Promise<OperationEntity | null> {
    return this.ds.getRepository(OperationEntity).findOneBy({ id });
  }

  /** Fails (EntityNotFoundError) when there is no such operation. */
  requireOperation(id: string, manager: EntityManager = this.ds.manager): Promise<OperationEntity> {
    return manager.getRepository(OperationEntity).findOneByOrFail({ id });
  }

  /** The operation row, locked for the rest of `m`'s transaction (FOR UPDATE). */
  lockOperation(m: EntityManager, id: string): Promise<OperationEntity | null> {
    return m.getRepository(OperationEntity).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
  }

  saveOperation(m: EntityManager, o: OperationEntity): Promise<OperationEntity> {
    return m.getRepository(OperationEntity).save(o);
  }

  /** Locks the operation row (FOR UPDATE) without reading it. */
  async lockRow(m: Queryable, id: string): Promise<void> {
    await m.query('SELECT 1 FROM operations WHERE id = $1 FOR UPDATE', [id]);
  }

  /** The fields a publication is dated by, the row share-locked so that it cannot reopen meanwhile. */
  async shareForPublication(
    m: Queryable,
    id: string,
  ): Promise<{ status: string; kind: OperationKind; starts_at: Date; ends_at: Date; timezone: string } | undefined> {
    const [op]: { status: string; kind: OperationKind; starts_at: Date; ends_at: Date; timezone: string }[] = await m.query(
      'SELECT status, kind, starts_at, ends_at, timezone FROM operations WHERE id = $1 FOR SHARE',
      [id],
    );
    return op;
  }

  /** Operations closed at least `days` before `now` and not purged yet, oldest first. */
  dueForPurge(db: Queryable, now: Date, days: number): Promise<{ id: string }[]> {
    return db.query(
      `SELECT id FROM operations
        WHERE status = 'closed' AND purged_at IS NULL AND closed_at <= $1::timestamptz - $2 * interval '1 day'
        ORDER BY closed_at`,
      [now, days],
    );
  }

  async noOperations(): Promise<boolean> {
    const [{ empty }]: { empty: boolean }[] = await this.ds.query('SELECT NOT EXISTS (SELECT 1 FROM operations) AS empty');
    return empty;
  }

  /** A page of the user's operations, newest first, each with the user's role and team there. */
  listMine(userId: string, after: { at: string; id: string } | null, limit: number): Promise<MyOperationRow[]> {
    return this.ds
      .getRepository(OperationEntity)
      .createQueryBuilder('o')
      .innerJoin('memberships', 'm', 'm.operation_id = o.id AND m.user_id = :userId', { userId })
      .addSelect('m.role', 'my_role')
      .addSelect('m.team_id', 'my_team_id')
      .where(after ? '(o.created_at, o.id) < (:at, :id)' : 'true', after ?? {})
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit)
      .getRawAndEntities()
      .then(({ raw, entities }) =>
        entities.map((e, i) => Object.assign(e, { myRole: raw[i].my_role as Role, myTeamId: raw[i].my_team_id as string | null })),
      );
  }

  /** When the operation was made and changed, and who organized it (for the CTI exports). */
  async exportHeader(id: string): Promise<{ created_at: Date; updated_at: Date; organizer_id: string | null; organizer_name: string | null }> {
    const [row]: { created_at: Date; updated_at: Date; organizer_id: string | null; organizer_name: string | null }[] = await this.ds.query(
      `SELECT o.created_at, o.updated_at, u.id AS organizer_id, u.display_name AS organizer_name
         FROM operations o LEFT JOIN users u ON u.id = o.created_by WHERE o.id = $1`,
      [id],
    );
    return row;
  }

  // --- teams

  teams(operationId: string): Promise<TeamEntity[]> {
    return this.ds.getRepository(TeamEntity).find({ where: { operationId }, order: { name: 'ASC' } });
  }

  insertTeam(m: EntityManager, fields: Pick<TeamEntity, 'operationId' | 'name' | 'country' | 'language' | 'focus' | 'version'>): Promise<TeamEntity> {
    return m.getRepository(TeamEntity).save(fields);
  }

  teamInOperation(operationId: string, teamId: string, manager: EntityManager = this.ds.manager): Promise<TeamEntity | null> {
    return manager.getRepository(TeamEntity).findOneBy({ id: teamId, operationId });
  }

  /** Every team of the operation (unordered). */
  teamsOf(operationId: string, manager: EntityManager = this.ds.manager): Promise<TeamEntity[]> {
    return manager.getRepository(TeamEntity).findBy({ operationId });
  }

  /** Id and name of every team of the operation, by name. */
  teamNames(m: Queryable, operationId: string): Promise<{ id: string; name: string }[]> {
    return m.query('SELECT id, name FROM teams WHERE operation_id = $1 ORDER BY name', [operationId]);
  }

  /** Every team of the operation with its dates, by id (the CTI exports). */
  teamsForExport(operationId: string): Promise<{ id: string; name: string; country: string | null; created_at: Date; updated_at: Date }[]> {
    return this.ds.query('SELECT id, name, country, created_at, updated_at FROM teams WHERE operation_id = $1 ORDER BY id', [operationId]);
  }
}
