import { canSeeVictimDetails } from './policy';
import { roleAtLeast, ROLES } from './roles';

describe('role checks', () => {
  it('orders roles observer < officer < coordinator < organizer', () => {
    const held = (role: (typeof ROLES)[number]) => ROLES.filter((required) => roleAtLeast(role, required));
    expect(held('observer')).toEqual(['observer']);
    expect(held('officer')).toEqual(['observer', 'officer']);
    expect(held('coordinator')).toEqual(['observer', 'officer', 'coordinator']);
    expect(held('organizer')).toEqual(['observer', 'officer', 'coordinator', 'organizer']);
  });

  it('shows possible victims to coordinators, organizers and the team that logged them only', () => {
    const finding = { teamId: 'team-a' };
    expect(canSeeVictimDetails({ role: 'organizer', teamId: null }, finding)).toBe(true);
    expect(canSeeVictimDetails({ role: 'coordinator', teamId: 'team-b' }, finding)).toBe(true);
    expect(canSeeVictimDetails({ role: 'officer', teamId: 'team-a' }, finding)).toBe(true);
    expect(canSeeVictimDetails({ role: 'officer', teamId: 'team-b' }, finding)).toBe(false);
    expect(canSeeVictimDetails({ role: 'officer', teamId: null }, { teamId: null })).toBe(false);
    // an observer placed in a team still never sees them
    expect(canSeeVictimDetails({ role: 'observer', teamId: 'team-a' }, finding)).toBe(false);
  });
});
