import type { Viewer } from '@actionday/contracts';

/**
 * One version of an event's data per live audience (see EVENT_AUDIENCES in the contracts): what
 * observers get, what officers get, what the officers of `teamIds` get, what coordinators and
 * organizers get. Built by asking the same mapper the REST lists use, with one representative
 * viewer per audience, so an event can never show more than the list would.
 */
export interface EventVersions<D> {
  observer: D;
  officer: D;
  team: D;
  teamIds: readonly string[];
  full: D;
}

export const REPRESENTATIVE = {
  full: { role: 'coordinator', teamId: null },
  officer: { role: 'officer', teamId: null },
  observer: { role: 'observer', teamId: null },
  team: (teamId: string) => ({ role: 'officer', teamId }) as const,
} as const satisfies Record<string, Viewer | ((teamId: string) => Viewer)>;

/**
 * The versions of `data` for every audience, as `view` shows it to each. An event has one
 * version for the officers of its restricted teams: when the teams do not all read the same
 * (a finding of two teams that duplicates a finding of one of them), those of the largest group
 * that reads alike get theirs, and the others the officers' one, which never shows more than
 * their own; they read the rest in the lists.
 */
export function versionsOf<D>(teamIds: readonly (string | null)[], view: (viewer: Viewer) => D): EventVersions<D> {
  const teams = [...new Set(teamIds.filter((t): t is string => t !== null))];
  const officer = view(REPRESENTATIVE.officer);
  const byVersion = new Map<string, { data: D; teams: string[] }>();
  for (const teamId of teams) {
    const data = view(REPRESENTATIVE.team(teamId));
    const key = JSON.stringify(data);
    const group = byVersion.get(key);
    if (group) group.teams.push(teamId);
    else byVersion.set(key, { data, teams: [teamId] });
  }
  const largest = [...byVersion.values()].reduce<{ data: D; teams: string[] } | null>((a, b) => (!a || b.teams.length > a.teams.length ? b : a), null);
  return {
    observer: view(REPRESENTATIVE.observer),
    officer,
    team: largest ? largest.data : officer,
    teamIds: largest ? largest.teams : [],
    full: view(REPRESENTATIVE.full),
  };
}

/** The same data for everyone. */
export const sameForAll = <D>(data: D): EventVersions<D> => ({ observer: data, officer: data, team: data, teamIds: [], full: data });
