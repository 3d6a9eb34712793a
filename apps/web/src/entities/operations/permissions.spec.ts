import { defaultTab, operationPermissions, operationTabs } from './permissions';

const TEAM = '00000000-0000-4000-8000-0000000000a1';

describe('operation tabs', () => {
  it('gives coordinators and organizers the review queue and matches, while the day is open', () => {
    expect(operationTabs({ myRole: 'coordinator', myTeamId: null, status: 'live' })).toEqual(['board', 'review', 'matches', 'findings', 'tallies', 'team']);
    expect(operationTabs({ myRole: 'organizer', myTeamId: null, status: 'live' })).toContain('review');
    expect(operationTabs({ myRole: 'coordinator', myTeamId: null, status: 'closed' })).not.toContain('review');
  });

  it('gives only organizers the publish tab and the audit log, open or closed', () => {
    expect(operationTabs({ myRole: 'organizer', myTeamId: null, status: 'closed' })).toEqual(['board', 'matches', 'findings', 'tallies', 'publish', 'team']);
    expect(operationTabs({ myRole: 'organizer', myTeamId: null, status: 'live' })).toContain('publish');
    expect(operationTabs({ myRole: 'coordinator', myTeamId: null, status: 'closed' })).not.toContain('publish');
    expect(operationPermissions({ myRole: 'organizer', myTeamId: null, status: 'live' }).audit).toBe(true);
    expect(operationPermissions({ myRole: 'coordinator', myTeamId: null, status: 'live' }).audit).toBe(false);
  });

  it('gives officers matches but no review queue, and observers neither', () => {
    expect(operationTabs({ myRole: 'officer', myTeamId: TEAM, status: 'live' })).toEqual(['queue', 'matches', 'findings', 'tallies']);
    expect(operationTabs({ myRole: 'observer', myTeamId: null, status: 'live' })).toEqual(['findings', 'tallies']);
    expect(operationPermissions({ myRole: 'officer', myTeamId: TEAM, status: 'live' }).viewReview).toBe(false);
    expect(defaultTab({ myRole: 'officer', myTeamId: TEAM, status: 'live' })).toBe('queue');
  });
});
