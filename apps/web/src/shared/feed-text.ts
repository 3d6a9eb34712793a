import type { LiveEvent } from '@actionday/contracts';
import type { FeedLookups } from './live-feed';

/** Words the live feed's lines share, whichever feature describes the event. */

/** "Team Netherlands", but a team already called "Team Alpha" stays as it is. */
export function teamLabel(name: string): string {
  return /^team\b/i.test(name) ? name : `Team ${name}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Who did it, by name: "Someone" when the system did, or a member no longer listed. */
export function actorName(event: LiveEvent, lookups: FeedLookups): string {
  return lookups.memberName(event.actorId) ?? 'Someone';
}
