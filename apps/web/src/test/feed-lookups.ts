import type { FeedLookups } from '../shared/live-feed';

type FeedTarget = NonNullable<ReturnType<FeedLookups['target']>>;

/** Lookups for describing events in specs: these teams, members and targets, no others. */
export function feedLookupsOf(known: { teams?: Record<string, string>; members?: Record<string, string>; targets?: Record<string, FeedTarget> }): FeedLookups {
  const { teams = {}, members = {}, targets = {} } = known;
  const get = <V>(of: Record<string, V>, id: string | null): V | null => (id !== null && Object.hasOwn(of, id) ? of[id] : null);
  return {
    teamName: (id) => get(teams, id),
    memberName: (id) => get(members, id),
    target: (id) => get(targets, id),
    teamExists: (id) => Object.hasOwn(teams, id),
    memberExists: (id) => Object.hasOwn(members, id),
  };
}
