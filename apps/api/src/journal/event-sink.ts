import type { LiveEvent } from '@actionday/contracts';
import type { EventVersions } from '../policy/event-versions';

/** A committed event with the version each audience gets (`event.data` is the observers' one). */
export interface JournalEntry {
  event: LiveEvent;
  versions: EventVersions<unknown>;
}

/**
 * Where the journal hands what a write committed, after COMMIT and only then: the live transport
 * (live/live.publisher.ts) implements it and emits to the operation's socket rooms. The journal
 * depends on this interface only, never on socket.io.
 */
export interface EventSink {
  /** The events of committed writes, in seq order (of this process's writes; see SeqOrder). */
  publish(entries: readonly JournalEntry[]): void;
  /** Members whose role or team changed, or who were removed: their open sockets are re-checked. */
  accessChanged(operationId: string, userIds: readonly string[]): void;
}

/** The injection token of the EventSink (provided by the live module). */
export const EVENT_SINK = Symbol('EVENT_SINK');
