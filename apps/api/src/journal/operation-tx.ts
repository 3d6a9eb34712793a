import type { EventData, EventType, TallyDelta } from '@actionday/contracts';
import type { EntityManager } from 'typeorm';
import { type EventVersions, sameForAll } from '../policy/event-versions';

export interface PendingEvent {
  type: EventType;
  versions: EventVersions<unknown>;
  /** Who caused it: the transaction's actor, unless the write carries the requests of several. */
  actorId: string | null;
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
  /** Who did it, when not the transaction's actor (a write that carries the requests of several). */
  actorId?: string | null;
}

/**
 * The unit of work of every write in an operation. Domain services change rows through
 * `tx.manager` (handed to their repositories), announce what changed with `tx.emit` and
 * `tx.tally`; the journal then, in the same transaction, updates the tally counters, takes the
 * next gapless sequence numbers and appends the events and audit entries. Only after COMMIT are
 * the events handed to the event sink (the live publisher).
 */
export class OperationTx {
  readonly pending: PendingEvent[] = [];
  readonly deltas: TallyDelta[] = [];
  readonly audits: AuditRecord[] = [];
  /** Members whose access to the operation changed: their open sockets are re-checked after COMMIT. */
  readonly accessChanges = new Set<string>();

  constructor(
    readonly manager: EntityManager,
    readonly operationId: string,
    readonly actorId: string | null,
  ) {}

  /** An event that reads the same for every member of the operation. */
  emit<T extends EventType>(type: T, data: EventData<T>, actorId: string | null = this.actorId): void {
    this.pending.push({ type, versions: sameForAll(data), actorId });
  }

  /** An event whose data depends on who reads it (see policy/event-versions.ts). */
  emitVersions<T extends EventType>(type: T, versions: EventVersions<EventData<T>>, actorId: string | null = this.actorId): void {
    this.pending.push({ type, versions, actorId });
  }

  accessChanged(userId: string): void {
    this.accessChanges.add(userId);
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
