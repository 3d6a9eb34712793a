import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@actionday/contracts';

/**
 * The contract between the live session (features/live), which orders an operation's events and
 * knows no domain, and the features, which each say how their events patch their part of the
 * query cache (features/<domain>/live-handlers.ts). The app composes the handlers into the session.
 */
export type LiveEventType = LiveEvent['type'];
export type LiveEventOf<T extends LiveEventType> = Extract<LiveEvent, { type: T }>;

export interface LiveContext {
  queryClient: QueryClient;
  operationId: string;
  currentUserId: string | null;
}

export interface LiveEventHandler<T extends LiveEventType = LiveEventType> {
  /** The events it applies. */
  readonly types: readonly T[];
  /**
   * The part of the operation's cache it writes: the third element of the query keys it patches
   * (`['op', operationId, section, …]`). A list of that section fetched while events arrived gets
   * them replayed through this handler. Null for keys outside the operation's scope (never replayed).
   */
  readonly section: string | null;
  /** Patches the cache with one event, by key; idempotent (version or seq guarded), never a refetch of the world. */
  apply(ctx: LiveContext, event: LiveEventOf<T>): void;
  /**
   * When given, the session holds these events back and hands them over together, in seq order,
   * a few times a second at most: a burst of events becomes one cache write (and one render).
   */
  applyBatch?(ctx: LiveContext, events: readonly LiveEventOf<T>[]): void;
}

/** Where the session's event stream starts: a read whose answer says up to which seq it is current. */
export interface LiveBaseline {
  /** Its section: already current up to its seq, so neither re-read after the baseline nor replayed. */
  readonly section: string;
  /** Reads the baseline (fresh, not from the cache) and answers the seq it includes. */
  load(ctx: LiveContext): Promise<number>;
}

/** A handler typed by its event types (the list of handlers takes every type). */
export function liveHandler<T extends LiveEventType>(handler: LiveEventHandler<T>): LiveEventHandler {
  return handler as unknown as LiveEventHandler;
}

export function handlesEvent(handler: LiveEventHandler, type: LiveEventType): boolean {
  return handler.types.includes(type);
}

/**
 * Applies one event with every handler of its type. With `only`, just the handlers of that section
 * (used to replay events over a list that was being fetched while they arrived).
 */
export function applyLiveEvent(handlers: readonly LiveEventHandler[], ctx: LiveContext, event: LiveEvent, only?: string): void {
  for (const handler of handlers) {
    if (!handlesEvent(handler, event.type)) continue;
    if (only !== undefined && handler.section !== only) continue;
    handler.apply(ctx, event);
  }
}

/** The section of one of the operation's query keys that a handler writes, or null. */
export function sectionOfKey(handlers: readonly LiveEventHandler[], queryKey: readonly unknown[], operationId: string): string | null {
  if (queryKey[0] !== 'op' || queryKey[1] !== operationId) return null;
  const section = queryKey[2];
  return typeof section === 'string' && handlers.some((h) => h.section === section) ? section : null;
}
