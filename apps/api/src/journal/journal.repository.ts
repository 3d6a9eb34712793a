import { Injectable } from '@nestjs/common';
import { eventAudienceOf, type LiveEvent, type TallyDelta } from '@actionday/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { OperationAccess } from '../auth/auth.decorators';
import { canonicalJson } from '../common/canonical-json';
import { jsonOf } from '../common/json-once';
import type { Queryable } from '../database/queryable';
import type { EventVersions } from '../policy/event-versions';
import type { AuditRecord, PendingEvent } from './operation-tx';
import { prepared } from '../database/prepared-statements';

/**
 * The version of a stored event a viewer reads, chosen in SQL: the event row holds the
 * observers' version and each more privileged version only where it differs (see
 * storedVersions below). $all: coordinators and organizers; $team: an officer's team; $officer:
 * any officer.
 */
export const EVENT_DATA_FOR_VIEWER = (all: string, team: string, officer: string) => `
  CASE WHEN ${all} THEN coalesce(e.restricted, e.team_payload, e.officer_payload, e.payload)
       WHEN ${team} = ANY(e.restricted_team_ids) THEN coalesce(e.team_payload, e.officer_payload, e.payload)
       WHEN ${officer} THEN coalesce(e.officer_payload, e.payload)
       ELSE e.payload END`;

export function eventViewerParams(viewer: { role: OperationAccess['role']; teamId: string | null }): [boolean, string | null, boolean] {
  const audience = eventAudienceOf(viewer, viewer.teamId ? [viewer.teamId] : []);
  return [audience === 'full', audience === 'team' ? viewer.teamId : null, audience === 'team' || audience === 'officer'];
}

/**
 * The columns of an event row: the observers' version always, each more privileged version only
 * where it differs from the one below it (officer, then the restricted teams, then coordinators).
 * EVENT_DATA_FOR_VIEWER reads them back in the same order.
 */
function storedVersions(v: EventVersions<unknown>) {
  const payload = jsonOf(v.observer);
  const officerJson = jsonOf(v.officer);
  const officer = officerJson === payload ? null : officerJson;
  const teamJson = v.teamIds.length ? jsonOf(v.team) : officerJson;
  const team = teamJson === officerJson ? null : teamJson;
  const fullJson = jsonOf(v.full);
  const full = fullJson === teamJson ? null : fullJson;
  return { payload, officer, team, full, teamIds: team === null ? null : v.teamIds.join(',') };
}

/**
 * The rows of a write's events as one JSON document, with each version's JSON set in as it is:
 * an array parameter of JSON texts made the driver escape every quote of every version, which
 * was 5 % of the API's CPU for a batch of findings.
 */
function eventRows(events: readonly PendingEvent[]): string {
  const rows = events.map((p) => {
    const v = storedVersions(p.versions);
    return `{"type":${JSON.stringify(p.type)},"payload":${v.payload ?? 'null'},"officer":${v.officer ?? 'null'},"team":${v.team ?? 'null'},"restricted":${v.full ?? 'null'},"team_ids":${JSON.stringify(v.teamIds)},"actor_id":${JSON.stringify(p.actorId)}}`;
  });
  return `[${rows.join(',')}]`;
}

/** What one write hands to the journal's last statement. */
export interface WriteRecord {
  operationId: string;
  /** The actor of its audit entries that do not name their own. */
  actorId: string | null;
  /** The time of its events (ISO 8601). */
  at: string;
  deltas: readonly TallyDelta[];
  events: readonly PendingEvent[];
  audits: readonly AuditRecord[];
}

export interface StoredEventRow {
  seq: string;
  type: LiveEvent['type'];
  created_at: Date;
  actor_id: string | null;
  data: unknown;
  last_seq: string;
}

type Counter = Omit<TallyDelta, 'delta'> & { value: string };

const toDelta = (c: Counter): TallyDelta => ({ dim: c.dim, key: c.key, metric: c.metric, sub: c.sub, delta: Number(c.value) });

/** appendWrite, prepared: see prepared-statements.ts. */
const APPEND_WRITE = prepared(
  `WITH tally AS (
     INSERT INTO tally_counters (operation_id, dim, key, metric, sub, value)
     SELECT $1, d.dim, d.key, d.metric, d.sub, d.value
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS d(dim, key, metric, sub, value)
     ON CONFLICT (operation_id, dim, key, metric, sub) DO UPDATE SET value = tally_counters.value + EXCLUDED.value
   ),
   seq AS (
     UPDATE operations SET last_seq = last_seq + $7 WHERE id = $1 RETURNING last_seq, status
   ),
   appended AS (
     INSERT INTO events (operation_id, seq, type, payload, officer_payload, team_payload, restricted, restricted_team_ids, actor_id, created_at)
     SELECT $1, seq.last_seq - $7 + e.ord, e.type, coalesce(e.payload, 'null'), e.officer, e.team, e.restricted, string_to_array(e.team_ids, ',')::uuid[], e.actor_id, $8
       FROM seq, ROWS FROM (jsonb_to_recordset($9::jsonb) AS (type text, payload jsonb, officer jsonb, team jsonb, restricted jsonb, team_ids text, actor_id uuid))
         WITH ORDINALITY AS e(type, payload, officer, team, restricted, team_ids, actor_id, ord)
   ),
   audited AS (
     -- The audit_log trigger numbers and hash-chains each row, in this order.
     INSERT INTO audit_log (operation_id, actor_id, action, entity_type, entity_id, details)
     SELECT $1, a.actor_id, a.action, a.entity_type, a.entity_id, a.details
       FROM seq, ROWS FROM (jsonb_to_recordset($10::jsonb) AS (action text, entity_type text, entity_id text, details text, actor_id uuid))
         WITH ORDINALITY AS a(action, entity_type, entity_id, details, actor_id, ord)
      ORDER BY a.ord
   )
   SELECT last_seq, status FROM seq`,
);

/**
 * The journal's tables: the operation event log (`events`) and the tally counters
 * (`tally_counters`). Its write statement also takes the next sequence numbers from the
 * operation row (`operations.last_seq`, the head of the log, which nothing else writes) and
 * appends the write's audit entries to `audit_log` (the audit domain's table, whose trigger
 * numbers and chains them): one round trip for all of it, see `appendWrite`.
 */
@Injectable()
export class JournalRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * One statement, the last before COMMIT: the counters, the next seq numbers and the events.
   * Every writer of the operation queues on the same rows here (the operation row and its
   * operation-wide counters), so the time between taking those locks and COMMIT is the ceiling
   * of the operation's write rate; a single round trip keeps it as short as it can be. Returns
   * the operation's new last seq and status, or null when there is no such operation.
   */
  async appendWrite(m: EntityManager, w: WriteRecord): Promise<{ last_seq: string; status: string } | null> {
    const deltas = w.deltas;
    const n = w.events.length;
    // TypeORM answers a statement whose outer part is a SELECT with its rows.
    const rows: { last_seq: string; status: string }[] = await m.query(
      APPEND_WRITE,
      [
        w.operationId,
        deltas.map((d) => d.dim),
        deltas.map((d) => d.key),
        deltas.map((d) => d.metric),
        deltas.map((d) => d.sub),
        deltas.map((d) => d.delta),
        n,
        w.at,
        eventRows(w.events),
        JSON.stringify(
          w.audits.map((a) => ({
            action: a.action,
            entity_type: a.entityType,
            entity_id: a.entityId,
            details: a.details === undefined ? null : canonicalJson(a.details),
            actor_id: a.actorId === undefined ? w.actorId : a.actorId,
          })),
        ),
      ],
    );
    return rows[0] ?? null;
  }

  /** Runs `work` in one transaction (the unit of work of a write). */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** Runs `work` in one REPEATABLE READ transaction: every statement in it sees the same snapshot. */
  inSnapshot<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('REPEATABLE READ', work);
  }

  /** The last seq of each of these operations' logs. */
  heads(operationIds: readonly string[]): Promise<{ id: string; last_seq: string }[]> {
    return this.ds.query('SELECT id, last_seq FROM operations WHERE id = ANY($1::uuid[])', [operationIds]);
  }

  /** Up to `limit` events after `after`, each in the version the viewer's audience reads, and the log's head (one row with a null seq when there are none). */
  eventsAfter(viewer: OperationAccess, after: number, limit: number, manager: EntityManager = this.ds.manager): Promise<StoredEventRow[]> {
    const [all, team, officer] = eventViewerParams(viewer);
    return manager.query(
      `SELECT e.seq, e.type, e.created_at, e.actor_id, ${EVENT_DATA_FOR_VIEWER('$3', '$4::uuid', '$6')} AS data, o.last_seq
         FROM operations o
         LEFT JOIN LATERAL (
           SELECT * FROM events WHERE operation_id = o.id AND seq > $2 ORDER BY seq LIMIT $5
         ) e ON true
        WHERE o.id = $1
        ORDER BY e.seq`,
      [viewer.operationId, after, all, team, limit, officer],
    );
  }

  /** Every non-zero counter of the operation. */
  async counters(m: Queryable, operationId: string): Promise<TallyDelta[]> {
    const counters: Counter[] = await m.query('SELECT dim, key, metric, sub, value FROM tally_counters WHERE operation_id = $1 AND value <> 0', [
      operationId,
    ]);
    return counters.map(toDelta);
  }

  /** The operation's non-zero counters of dimension "all". */
  async operationCounters(m: Queryable, operationId: string): Promise<TallyDelta[]> {
    const counters: Counter[] = await m.query(`SELECT dim, key, metric, sub, value FROM tally_counters WHERE operation_id = $1 AND dim = 'all' AND value <> 0`, [
      operationId,
    ]);
    return counters.map(toDelta);
  }

  /** Deletes the operation's event log (retention); the number of events deleted. */
  async deleteEvents(m: Queryable, operationId: string): Promise<number> {
    // TypeORM answers a DELETE with [rows, affected].
    const [, affected] = (await m.query('DELETE FROM events WHERE operation_id = $1', [operationId])) as [unknown, number];
    return affected;
  }
}
