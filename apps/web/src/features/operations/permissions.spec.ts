import { defaultTab, operationPermissions, operationTabs } from './permissions';

const TEAM = '00000000-0000-4000-8000-0000000000a1';

describe('operation tabs', () => {
  it('gives coordinators and organizers the review queue and matches, while the day is open', () => {
    expect(operationTabs({ myRole: 'coordinator', myTeamId: null, status: 'live' })).toEqual(['board', 'review', 'matches', 'findings', 'tallies', 'team']);
    expect(operationTabs({ myRole: 'organizer', myTeamId: null, status: 'live' })).toContain('review');
    expect(operationTabs({ myRole: 'coordinator', myTeamId: null, status: 'closed' })).not.toContain('review');
  });

  it('gives officers matches but no review queue, and observers neither', () => {
    expect(operationTabs({ myRole: 'officer', myTeamId: TEAM, status: 'live' })).toEqual(['queue', 'matches', 'findings', 'tallies']);
    expect(operationTabs({ myRole: 'observer', myTeamId: null, status: 'live' })).toEqual(['findings', 'tallies']);
    expect(operationPermissions({ myRole: 'officer', myTeamId: TEAM, status: 'live' }).viewReview).toBe(false);
    expect(defaultTab({ myRole: 'officer', myTeamId: TEAM, status: 'live' })).toBe('queue');
  });
});
