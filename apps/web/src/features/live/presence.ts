import type { Member, Presence, Team } from '@actionday/contracts';

export interface PresenceGroup {
  /** Null: members without a team (coordinators, organizers, observers). */
  teamId: string | null;
  name: string;
  country: string | null;
  /** Display names, sorted; people not (yet) in the members list are counted, not named. */
  names: string[];
  count: number;
  mine: boolean;
}

export const NO_TEAM = 'No team';

/**
 * Who is online, by team: one entry per person however many tabs they have open, the viewer's
 * own team first, then teams by name, "No team" last.
 */
export function groupPresence(
  online: Presence['online'],
  teams: readonly Team[],
  members: readonly Member[],
  myTeamId: string | null = null,
): PresenceGroup[] {
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const memberById = new Map(members.map((m) => [m.userId, m]));
  const people = new Map<string, string | null>();
  for (const o of online) people.set(o.userId, o.teamId);
  const groups = new Map<string | null, PresenceGroup>();
  for (const [userId, teamId] of people) {
    let g = groups.get(teamId);
    if (!g) {
      const team = teamId ? teamById.get(teamId) : undefined;
      g = {
        teamId,
        name: teamId ? (team?.name ?? 'Team') : NO_TEAM,
        country: team?.country ?? null,
        names: [],
        count: 0,
        mine: teamId !== null && teamId === myTeamId,
      };
      groups.set(teamId, g);
    }
    g.count += 1;
    const name = memberById.get(userId)?.displayName;
    if (name) g.names.push(name);
  }
  const rank = (g: PresenceGroup) => (g.mine ? 0 : g.teamId === null ? 2 : 1);
  return [...groups.values()]
    .map((g) => ({ ...g, names: g.names.sort((a, b) => a.localeCompare(b)) }))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** "3 online" with how many of them are not named (not in the members list yet). */
export function unnamedCount(g: PresenceGroup): number {
  return g.count - g.names.length;
}
