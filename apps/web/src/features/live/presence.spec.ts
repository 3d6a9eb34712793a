import { groupPresence, NO_TEAM, unnamedCount } from './presence';
import { member, team, TEAM_DE, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';

const teams = [
  { ...team(TEAM_NL, 'Netherlands'), country: 'NL' },
  { ...team(TEAM_UA, 'Ukraine'), country: 'UA' },
  { ...team(TEAM_DE, 'Germany'), country: 'DE' },
];
const members = [
  member('u1', 'Officer NL 1', { teamId: TEAM_NL }),
  member('u2', 'Anna (NL)', { teamId: TEAM_NL }),
  member('u3', 'Officer UA 1', { teamId: TEAM_UA }),
  member('c1', 'Demo Coordinator', { role: 'coordinator' }),
];

describe('groupPresence', () => {
  it('groups people by team with a count and sorted names, "No team" last', () => {
    const groups = groupPresence(
      [
        { userId: 'c1', teamId: null },
        { userId: 'u3', teamId: TEAM_UA },
        { userId: 'u1', teamId: TEAM_NL },
        { userId: 'u2', teamId: TEAM_NL },
      ],
      teams,
      members,
    );
    expect(groups.map((g) => [g.name, g.country, g.count, g.names])).toEqual([
      ['Netherlands', 'NL', 2, ['Anna (NL)', 'Officer NL 1']],
      ['Ukraine', 'UA', 1, ['Officer UA 1']],
      [NO_TEAM, null, 1, ['Demo Coordinator']],
    ]);
  });

  it('counts a person with several tabs once, puts my team first, and counts people it cannot name', () => {
    const groups = groupPresence(
      [
        { userId: 'u1', teamId: TEAM_NL },
        { userId: 'u1', teamId: TEAM_NL },
        { userId: 'u3', teamId: TEAM_UA },
        { userId: 'stranger', teamId: TEAM_UA },
      ],
      teams,
      members,
      TEAM_UA,
    );
    expect(groups.map((g) => [g.name, g.count, g.mine])).toEqual([
      ['Ukraine', 2, true],
      ['Netherlands', 1, false],
    ]);
    expect(unnamedCount(groups[0])).toBe(1);
  });

  it('still counts when teams and members are not loaded', () => {
    const groups = groupPresence([{ userId: 'u1', teamId: TEAM_NL }], [], []);
    expect(groups).toEqual([{ teamId: TEAM_NL, name: 'Team', country: null, names: [], count: 1, mine: false }]);
    expect(groupPresence([], teams, members)).toEqual([]);
  });
});
