import type { AutoAssignResponse, Tallies, Team } from '@actionday/contracts';

export interface WorkloadRow {
  teamId: string;
  name: string;
  assigned: number;
  inProgress: number;
  done: number;
}

/** From the live tallies (kept current by tally.updated events): no extra request. */
export function workloadRows(tallies: Pick<Tallies, 'byTeam'>): WorkloadRow[] {
  return tallies.byTeam
    .map((t) => ({
      teamId: t.teamId,
      name: t.name,
      assigned: t.targets.byState.assigned,
      inProgress: t.targets.byState.in_progress,
      done: t.targets.byState.done,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface AutoAssignTeamRow {
  teamId: string;
  name: string;
  /** Targets the rule gives this team. */
  gets: number;
  /** Open workload (assigned + in progress) after the proposals. */
  loadAfter: number;
}

export interface AutoAssignSummary {
  teams: AutoAssignTeamRow[];
  unmatched: number;
  total: number;
  rules: Record<AutoAssignResponse['proposals'][number]['rule'], number>;
}

/** Per team: how many targets it would get and its load after; every team shown, even with 0. */
export function summarizeAutoAssign(res: AutoAssignResponse, teams: readonly Team[]): AutoAssignSummary {
  const gets = new Map<string, number>();
  const rules: AutoAssignSummary['rules'] = { country_language: 0, country: 0, language: 0 };
  for (const p of res.proposals) {
    gets.set(p.teamId, (gets.get(p.teamId) ?? 0) + 1);
    rules[p.rule] += 1;
  }
  const names = new Map(teams.map((t) => [t.id, t.name]));
  const ids = new Set([...teams.map((t) => t.id), ...gets.keys()]);
  const rows = [...ids].map((teamId) => ({
    teamId,
    // A team created after the teams list was loaded still gets a row.
    name: names.get(teamId) ?? 'Other team',
    gets: gets.get(teamId) ?? 0,
    loadAfter: res.loadAfter[teamId] ?? 0,
  }));
  rows.sort((a, b) => b.gets - a.gets || a.name.localeCompare(b.name));
  return { teams: rows, unmatched: res.unmatched.length, total: res.proposals.length + res.unmatched.length, rules };
}
