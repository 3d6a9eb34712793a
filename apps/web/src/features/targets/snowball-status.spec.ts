import { snowballStatus } from './snowball-status';

const TEAM_A = '00000000-0000-4000-8000-00000000000a';
const TEAM_B = '00000000-0000-4000-8000-00000000000b';
const names: Record<string, string> = { [TEAM_A]: 'Ukraine', [TEAM_B]: 'Netherlands' };
const teamName = (id: string) => names[id];

describe('snowballStatus', () => {
  it('reports a new target with the suggested team and offers to assign it', () => {
    expect(snowballStatus({ created: true, suggestedTeamId: TEAM_A }, null, teamName)).toEqual({
      message: 'New target created · suggested team: Ukraine',
      assignTo: { id: TEAM_A, label: 'Assign to Ukraine' },
    });
  });

  it('says when no team is suggested and offers no assignment', () => {
    expect(snowballStatus({ created: true, suggestedTeamId: null }, null, teamName)).toEqual({
      message: 'New target created · no team suggested',
      assignTo: null,
    });
  });

  it('reports an existing target already with the suggested team without offering to assign', () => {
    expect(snowballStatus({ created: false, suggestedTeamId: TEAM_B }, TEAM_B, teamName)).toEqual({
      message: 'Already a target · assigned to Netherlands',
      assignTo: null,
    });
  });

  it('shows the current team and the suggestion when they differ', () => {
    expect(snowballStatus({ created: false, suggestedTeamId: TEAM_A }, TEAM_B, teamName)).toEqual({
      message: 'Already a target · assigned to Netherlands · suggested team: Ukraine',
      assignTo: { id: TEAM_A, label: 'Assign to Ukraine' },
    });
  });

  it('falls back when the team is not in the cache', () => {
    const status = snowballStatus({ created: true, suggestedTeamId: 'unknown-team' }, null, teamName);
    expect(status.message).toBe('New target created · suggested team: an unknown team');
    expect(status.assignTo?.label).toBe('Assign to suggested team');
  });
});
