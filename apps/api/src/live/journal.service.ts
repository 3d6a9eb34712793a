import { Injectable } from '@nestjs/common';
import type { EventData, EventType, LiveEvent, TallyDelta } from '@actionday/contracts';
import { mergeDeltas } from '@actionday/tallies';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson } from '../common/canonical-json';
import { conflict, notFound } from '../common/errors';
import { LivePublisher } from './live.publisher';

/**
 * The fuller version of an event that carries personal details or identifiers: it goes to
 * coordinators and organizers and to the officers of `teamIds`; every other member gets `data`.
 */
export interface Restricted<D = unknown> {
  data: D;
  teamIds: readonly string[];
}

export interface JournalEntry {
  event: LiveEvent;
  restricted: Restricted | null;
}

interface Pending {
  type: EventType;
  data: unknown;
  restricted: Restricted | null;
}

/**
 * One audit entry: who (the transaction's actor) did what to which entity. `details` holds the
 * before/after states; it is stored as canonical JSON so that its SHA-256, chained by the
 * database, can be checked by anyone holding the export.
 */
export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string | null;
  details?: { before?: unknown; after?: unknown; [more: string]: unknown };
}

/**
 * The unit of work of every write in an operation. Domain services change rows through
 * `tx.manager`, announce what changed with `tx.emit` and `tx.tally`; the journal then, in the same
 * transaction, updates the tally counters, takes the next gapless sequence numbers and appends the
 * events. Only after COMMIT are the events handed to the socket publisher.
 */
export class OperationTx {
  readonly pending: Pending[] = [];
  readonly deltas: TallyDelta[] = [];
  readonly audits: AuditRecord[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly operationId: string,
    readonly actorId: string | null,
  ) {}

  emit<T extends EventType>(type: T, data: EventData<T>, restricted?: Restricted<EventData<T>>): void {
    this.pending.push({ type, data, restricted: restricted ?? null });
  }

  audit(record: AuditRecord): void {
    this.audits.push(record);
  }

  tally(deltas: readonly TallyDelta[]): void {
    // A loop, not push(...deltas): a bulk import passes more items than a call can take arguments.
    for (const d of deltas) this.deltas.push(d);
  }
}

export type WriteMode = 'prepare' | 'live' | 'any';

@Injectable()
export class JournalService {
  constructor(
    private readonly ds: DataSource,
    private readonly publisher: LivePublisher,
  ) {}

  /**
   * Runs `work` in one transaction on the operation. `mode` says in which operation states the
   * write is allowed: 'prepare' (planning or live), 'live' (live only), 'any' (transitions).
   */
  async write<T>(operationId: string, actorId: string | null, mode: WriteMode, work: (tx: OperationTx) => Promise<T>): Promise<T> {
    let entries: JournalEntry[] = [];
    const result = await this.ds.transaction(async (manager) => {
      const tx = new OperationTx(manager, operationId, actorId);
      const value = await work(tx);
      entries = await this.flush(tx, mode);
      return value;
    });
    this.publisher.publish(entries);
    return result;
  }

  /**
   * One statement, the last before COMMIT: the counters, the next seq numbers and the events.
   * Every writer of the operation queues on the same rows here (the operation row and its
   * operation-wide counters), so the time between taking those locks and COMMIT is the ceiling
   * of the operation's write rate; a single round trip keeps it as short as it can be.
   */
  private async flush(tx: OperationTx, mode: WriteMode): Promise<JournalEntry[]> {
    const deltas = mergeDeltas(tx.deltas);
    if (deltas.length > 0) tx.emit('tally.updated', { deltas });
    if (tx.pending.length === 0 && tx.audits.length === 0) return [];

    const at = new Date().toISOString();
    const n = tx.pending.length;
    // TypeORM answers a statement whose outer part is a SELECT with its rows.
    const rows: { last_seq: string; status: string }[] = await tx.manager.query(
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
         INSERT INTO events (operation_id, seq, type, payload, restricted, restricted_team_ids, actor_id, created_at)
         SELECT $1, seq.last_seq - $7 + e.ord, e.type, e.payload, e.restricted, string_to_array(e.team_ids, ',')::uuid[], $8, $9
           FROM seq, unnest($10::text[], $11::jsonb[], $12::jsonb[], $13::text[]) WITH ORDINALITY AS e(type, payload, restricted, team_ids, ord)
       ),
       audited AS (
         -- The audit_log trigger numbers and hash-chains each row, in this order.
         INSERT INTO audit_log (operation_id, actor_id, action, entity_type, entity_id, details)
         SELECT $1, $8, a.action, a.entity_type, a.entity_id, a.details
           FROM seq, unnest($14::text[], $15::text[], $16::text[], $17::text[]) WITH ORDINALITY AS a(action, entity_type, entity_id, details, ord)
          ORDER BY a.ord
       )
       SELECT last_seq, status FROM seq`,
      [
        tx.operationId,
        deltas.map((d) => d.dim),
        deltas.map((d) => d.key),
        deltas.map((d) => d.metric),
        deltas.map((d) => d.sub),
        deltas.map((d) => d.delta),
        n,
        tx.actorId,
        at,
        tx.pending.map((p) => p.type),
        tx.pending.map((p) => JSON.stringify(p.data)),
        tx.pending.map((p) => (p.restricted ? JSON.stringify(p.restricted.data) : null)),
        // One comma-separated string per event: unnest cannot take an array of arrays.
        tx.pending.map((p) => (p.restricted ? p.restricted.teamIds.join(',') : null)),
        tx.audits.map((a) => a.action),
        tx.audits.map((a) => a.entityType),
        tx.audits.map((a) => a.entityId),
        tx.audits.map((a) => (a.details === undefined ? null : canonicalJson(a.details))),
      ],
    );
    if (!rows[0]) throw notFound('operation');
    // Refusing here rolls back everything above: nothing of a refused write is kept.
    const status = rows[0].status;
    if (mode !== 'any' && status === 'closed') throw conflict('the operation is closed; its figures are frozen');
    if (mode === 'live' && status !== 'live') throw conflict(`the operation is not live (it is ${status})`);

    const first = Number(rows[0].last_seq) - n + 1;
    return tx.pending.map((p, i) => ({
      event: { operationId: tx.operationId, seq: first + i, type: p.type, at, actorId: tx.actorId, data: p.data } as LiveEvent,
      restricted: p.restricted,
    }));
  }
}
