import { Injectable } from '@nestjs/common';
import type { EventData, EventType, LiveEvent, TallyDelta } from '@actionday/contracts';
import { mergeDeltas } from '@actionday/tallies';
import { DataSource, type EntityManager } from 'typeorm';
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
 * The unit of work of every write in an operation. Domain services change rows through
 * `tx.manager`, announce what changed with `tx.emit` and `tx.tally`; the journal then, in the same
 * transaction, updates the tally counters, takes the next gapless sequence numbers and appends the
 * events. Only after COMMIT are the events handed to the socket publisher.
 */
export class OperationTx {
  readonly pending: Pending[] = [];
  readonly deltas: TallyDelta[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly operationId: string,
    readonly actorId: string | null,
  ) {}

  emit<T extends EventType>(type: T, data: EventData<T>, restricted?: Restricted<EventData<T>>): void {
    this.pending.push({ type, data, restricted: restricted ?? null });
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

  private async flush(tx: OperationTx, mode: WriteMode): Promise<JournalEntry[]> {
    const deltas = mergeDeltas(tx.deltas);
    if (deltas.length > 0) {
      await tx.manager.query(
        `INSERT INTO tally_counters (operation_id, dim, key, metric, sub, value)
         SELECT $1, d.dim, d.key, d.metric, d.sub, d.value
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS d(dim, key, metric, sub, value)
         ON CONFLICT (operation_id, dim, key, metric, sub) DO UPDATE SET value = tally_counters.value + EXCLUDED.value`,
        [
          tx.operationId,
          deltas.map((d) => d.dim),
          deltas.map((d) => d.key),
          deltas.map((d) => d.metric),
          deltas.map((d) => d.sub),
          deltas.map((d) => d.delta),
        ],
      );
      tx.emit('tally.updated', { deltas });
    }
    if (tx.pending.length === 0) return [];

    // Taken last, so the operation row stays locked for as short a time as possible. The lock also
    // orders writers: no reader can see seq N+1 committed before N.
    // (TypeORM answers an UPDATE ... RETURNING with [rows, affectedCount].)
    const [rows]: [{ last_seq: string; status: string }[], number] = await tx.manager.query(
      `UPDATE operations SET last_seq = last_seq + $2 WHERE id = $1 RETURNING last_seq, status`,
      [tx.operationId, tx.pending.length],
    );
    if (!rows[0]) throw notFound('operation');
    const status = rows[0].status;
    if (mode !== 'any' && status === 'closed') throw conflict('the operation is closed; its figures are frozen');
    if (mode === 'live' && status !== 'live') throw conflict(`the operation is not live (it is ${status})`);

    const first = Number(rows[0].last_seq) - tx.pending.length + 1;
    const at = new Date().toISOString();
    const entries: JournalEntry[] = tx.pending.map((p, i) => ({
      event: { operationId: tx.operationId, seq: first + i, type: p.type, at, actorId: tx.actorId, data: p.data } as LiveEvent,
      restricted: p.restricted,
    }));
    await tx.manager.query(
      `INSERT INTO events (operation_id, seq, type, payload, restricted, restricted_team_ids, actor_id, created_at)
       SELECT $1, e.seq, e.type, e.payload, e.restricted, string_to_array(e.team_ids, ',')::uuid[], $2, $3
         FROM unnest($4::bigint[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[]) AS e(seq, type, payload, restricted, team_ids)`,
      [
        tx.operationId,
        tx.actorId,
        at,
        entries.map((e) => e.event.seq),
        entries.map((e) => e.event.type),
        entries.map((e) => JSON.stringify(e.event.data)),
        entries.map((e) => (e.restricted ? JSON.stringify(e.restricted.data) : null)),
        // One comma-separated string per event: unnest cannot take an array of arrays.
        entries.map((e) => (e.restricted ? e.restricted.teamIds.join(',') : null)),
      ],
    );
    return entries;
  }
}
