import type { AutoAssignResponse, Tallies } from '@actionday/contracts';
import { team, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { tallies } from '../../entities/tallies/test-fixtures';
import { summarizeAutoAssign, workloadRows } from './workload';

describe('workloadRows', () => {
  it('reads assigned, in progress and done per team, by name', () => {
    const base = tallies(0);
    const figures = (assigned: number, inProgress: number, done: number): Tallies['byTeam'][number]['targets'] => ({
      byState: { unassigned: 0, assigned, in_progress: inProgress, done },
    });
    const t: Pick<Tallies, 'byTeam'> = {
      byTeam: [
        { ...base, teamId: TEAM_UA, name: 'Ukraine', targets: figures(1, 2, 3) },
        { ...base, teamId: TEAM_NL, name: 'Netherlands', targets: figures(4, 5, 6) },
      ],
    };
    expect(workloadRows(t)).toEqual([
      { teamId: TEAM_NL, name: 'Netherlands', assigned: 4, inProgress: 5, done: 6 },
      { teamId: TEAM_UA, name: 'Ukraine', assigned: 1, inProgress: 2, done: 3 },
    ]);
  });
});

describe('summarizeAutoAssign', () => {
  it('counts per team and per rule, with unmatched', () => {
    const res: AutoAssignResponse = {
      applied: false,
      proposals: [
        { targetId: 't1', teamId: TEAM_NL, rule: 'country_language' },
        { targetId: 't2', teamId: TEAM_NL, rule: 'country' },
        { targetId: 't3', teamId: 'x', rule: 'language' },
      ],
      unmatched: ['t4'],
      loadAfter: { [TEAM_NL]: 7, x: 1 },
    };
    const s = summarizeAutoAssign(res, [team(TEAM_NL, 'Netherlands'), team(TEAM_UA, 'Ukraine')]);
    expect(s.teams).toEqual([
      { teamId: TEAM_NL, name: 'Netherlands', gets: 2, loadAfter: 7 },
      { teamId: 'x', name: 'Other team', gets: 1, loadAfter: 1 },
      { teamId: TEAM_UA, name: 'Ukraine', gets: 0, loadAfter: 0 },
    ]);
    expect(s.rules).toEqual({ country_language: 1, country: 1, language: 1 });
    expect(s.unmatched).toBe(1);
    expect(s.total).toBe(4);
  });
});
