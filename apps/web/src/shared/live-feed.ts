import type { LiveEvent, Target } from '@actionday/contracts';
import type { LiveContext, LiveEventOf, LiveEventType } from './live-handlers';

/**
 * The contract between the live feed (features/live), which keeps the activity feed's lines and
 * knows no domain, and the features, which each say how their events read
 * (features/<domain>/live-feed.ts). The app composes the describers, and where their names come
 * from, into the session, next to the handlers.
 */

/** What the feed needs to know about the operation when an event arrives (before it is applied). */
export interface FeedLookups {
  teamName: (teamId: string | null) => string | null;
  memberName: (userId: string | null) => string | null;
  /** The target as cached before the event; status and team unknown when describing history. */
  target: (targetId: string | null) => (Pick<Target, 'value' | 'kind'> & Partial<Pick<Target, 'status' | 'teamId' | 'redacted'>>) | null;
  teamExists: (teamId: string) => boolean;
  memberExists: (userId: string) => boolean;
}

export type FeedTone = 'normal' | 'match';

export interface LiveFeedDescriber<T extends LiveEventType = LiveEventType> {
  /** The events it describes. */
  readonly types: readonly T[];
  /** How its lines stand out in the feed; `normal` unless given. */
  readonly tone?: FeedTone;
  /** One line for the event, or null when it is not worth one. */
  describe(event: LiveEventOf<T>, lookups: FeedLookups): string | null;
}

/** A describer typed by its event types (the list of describers takes every type). */
export function liveFeedDescriber<T extends LiveEventType>(describer: LiveFeedDescriber<T>): LiveFeedDescriber {
  return describer as unknown as LiveFeedDescriber;
}

export function describerOf(describers: readonly LiveFeedDescriber[], type: LiveEventType): LiveFeedDescriber | null {
  return describers.find((d) => d.types.includes(type)) ?? null;
}

/** The event's line, or null when no describer has one for it. */
export function describeLiveEvent(describers: readonly LiveFeedDescriber[], event: LiveEvent, lookups: FeedLookups): string | null {
  return describerOf(describers, event.type)?.describe(event, lookups) ?? null;
}

/** Where the feed's names come from: the read models the app caches (teams, members, targets). */
export interface FeedLookupsSource {
  /** From what the cache holds now. */
  read(ctx: LiveContext): FeedLookups;
  /** Loads the names the history needs (each on its own: one that fails leaves the others). */
  load(ctx: LiveContext): Promise<void>;
  /** Queries the history waits for while the page is loading them anyway; never loaded just for the feed. */
  awaited(ctx: LiveContext): readonly (readonly unknown[])[];
}

/** Lookups for past events: today's cache is not the cache of then. */
export function historyLookups(now: FeedLookups): FeedLookups {
  return {
    ...now,
    // A team or member that exists now was mostly created then.
    teamExists: () => false,
    memberExists: () => false,
    // Its status and team then are unknown: "took" and "reopened" cannot be told apart.
    target: (id) => {
      const t = now.target(id);
      return t ? { value: t.value, kind: t.kind, redacted: t.redacted } : null;
    },
  };
}
