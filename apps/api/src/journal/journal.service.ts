import { Inject, Injectable } from '@nestjs/common';
import type { EventsResponse, LiveEvent, TallyDelta } from '@actionday/contracts';
import { mergeDeltas } from '@actionday/tallies';
import type { EntityManager } from 'typeorm';
import type { OperationAccess } from '../auth/auth.decorators';
import { conflict, notFound } from '../common/errors';
import type { Queryable } from '../database/queryable';
import { versionsOf } from '../policy/event-versions';
import { tallyDeltasFor } from '../policy/tally-deltas';
import { EVENT_SINK, type EventSink, type JournalEntry } from './event-sink';
import { JournalRepository } from './journal.repository';
import { OperationTx, type WriteMode } from './operation-tx';
import { SeqOrder, type SeqTicket } from './seq-order';

/**
 * The unit of work of every write in an operation (see OperationTx), and the reader of what it
 * keeps: the operation event log and the tally counters. It knows nothing of sockets: what a
 * write committed goes to the event sink, after COMMIT.
 */
@Injectable()
export class JournalService {
  constructor(
    private readonly repo: JournalRepository,
    @Inject(EVENT_SINK) private readonly sink: EventSink,
  ) {}

  /** Committed writes go to the sink in seq order, each write's events in one call. */
  private readonly order = new SeqOrder((entries) => this.sink.publish(entries));

  /**
   * Runs `work` in one transaction on the operation. `mode` says in which operation states the
   * write is allowed: 'prepare' (planning or live), 'live' (live only), 'any' (transitions).
   */
  async write<T>(operationId: string, actorId: string | null, mode: WriteMode, work: (tx: OperationTx) => Promise<T>): Promise<T> {
    let ticket: SeqTicket | null = null;
    let accessChanges: string[] = [];
    let result: T;
    try {
      result = await this.repo.transaction(async (manager) => {
        const tx = new OperationTx(manager, operationId, actorId);
        const value = await work(tx);
        const entries = await this.flush(tx, mode);
        // Taken after the sequence numbers and before COMMIT: see SeqOrder.
        if (entries.length) ticket = this.order.take(operationId, entries);
        accessChanges = [...tx.accessChanges];
        return value;
      });
    } catch (e) {
      (ticket as SeqTicket | null)?.abandoned();
      throw e;
    }
    (ticket as SeqTicket | null)?.committed();
    if (accessChanges.length) this.sink.accessChanged(operationId, accessChanges);
    return result;
  }

  /** The last statement before COMMIT (JournalRepository.appendWrite), then the operation state check. */
  private async flush(tx: OperationTx, mode: WriteMode): Promise<JournalEntry[]> {
    const deltas = mergeDeltas(tx.deltas);
    // The counters change exactly, but members without victim access never see the victim part
    // of one write's change: they get the victim figures only as released aggregates.
    // The counters of a write that carries several members' requests are nobody's in particular.
    const actors = new Set(tx.pending.map((p) => p.actorId));
    const actorId = actors.size > 1 ? null : tx.actorId;
    if (deltas.length > 0) tx.emitVersions('tally.updated', versionsOf([], (viewer) => ({ deltas: tallyDeltasFor(viewer, deltas) })), actorId);
    if (tx.pending.length === 0 && tx.audits.length === 0) return [];

    const at = new Date().toISOString();
    const n = tx.pending.length;
    const row = await this.repo.appendWrite(tx.manager, { operationId: tx.operationId, actorId: tx.actorId, at, deltas, events: tx.pending, audits: tx.audits });
    if (!row) throw notFound('operation');
    // Refusing here rolls back everything above: nothing of a refused write is kept.
    const status = row.status;
    if (mode !== 'any' && status === 'closed') throw conflict('the operation is closed; its figures are frozen');
    if (mode === 'live' && status !== 'live') throw conflict(`the operation is not live (it is ${status})`);

    const first = Number(row.last_seq) - n + 1;
    return tx.pending.map((p, i) => ({
      event: { operationId: tx.operationId, seq: first + i, type: p.type, at, actorId: p.actorId, data: p.versions.observer } as LiveEvent,
      versions: p.versions,
    }));
  }

  /** Runs `work` in one REPEATABLE READ transaction (reads that must agree with each other). */
  inSnapshot<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.repo.inSnapshot(work);
  }

  /** The last seq of each of these operations' logs. */
  async heads(operationIds: readonly string[]): Promise<{ operationId: string; seq: number }[]> {
    const rows = await this.repo.heads(operationIds);
    return rows.map((r) => ({ operationId: r.id, seq: Number(r.last_seq) }));
  }

  /** A page of the operation's log for `viewer`: what each audience may see is chosen in the query. */
  async eventsAfter(viewer: OperationAccess, after: number, limit: number, manager?: EntityManager): Promise<EventsResponse> {
    const rows = await this.repo.eventsAfter(viewer, after, limit, manager);
    return {
      lastSeq: rows[0] ? Number(rows[0].last_seq) : 0,
      items: rows
        .filter((r) => r.seq !== null)
        .map(
          (r) =>
            ({
              operationId: viewer.operationId,
              seq: Number(r.seq),
              type: r.type,
              at: r.created_at.toISOString(),
              actorId: r.actor_id,
              data: r.data,
            }) as LiveEvent,
        ),
    };
  }

  /** Every non-zero tally counter of the operation, as `m`'s transaction sees them. */
  counters(m: Queryable, operationId: string): Promise<TallyDelta[]> {
    return this.repo.counters(m, operationId);
  }

  /** The operation's counters of dimension "all" (what a victim release is made of). */
  operationCounters(m: Queryable, operationId: string): Promise<TallyDelta[]> {
    return this.repo.operationCounters(m, operationId);
  }

  /** Retention: the operation's event log goes; the number of events deleted. */
  deleteEvents(tx: OperationTx): Promise<number> {
    return this.repo.deleteEvents(tx.manager, tx.operationId);
  }
}
