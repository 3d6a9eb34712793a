import { event, member, operation, team, TEAM_DE, TEAM_NL } from '../../entities/operations/test-fixtures';
import { describeLiveEvent } from '../../shared/live-feed';
import { feedLookupsOf } from '../../test/feed-lookups';
import { operationsLiveFeed } from './live-feed';

const lookups = feedLookupsOf({ teams: { [TEAM_NL]: 'Netherlands' }, members: { u1: 'Alice' } });
const describeEvent = (e: Parameters<typeof describeLiveEvent>[1]) => describeLiveEvent(operationsLiveFeed, e, lookups);

describe('the operation, its teams and members in the live feed', () => {
  it('tells a new team from an updated one', () => {
    expect(describeEvent(event(1, 'team.updated', { team: team(TEAM_NL, 'Netherlands') }))).toBe('Team Netherlands updated');
    expect(describeEvent(event(2, 'team.updated', { team: team(TEAM_DE, 'Team Alpha') }))).toBe('Team Alpha created');
  });

  it('tells a member who joined from one whose role changed', () => {
    expect(describeEvent(event(3, 'member.updated', { member: member('u2', 'Bob', { role: 'officer', teamId: TEAM_NL }) }))).toBe('Bob joined as officer in Team Netherlands');
    expect(describeEvent(event(4, 'member.updated', { member: member('u1', 'Alice', { role: 'coordinator' }) }))).toBe('Alice is now coordinator');
    expect(describeEvent(event(5, 'member.removed', { userId: 'u1' }))).toBe('Alice left the operation');
    expect(describeEvent(event(6, 'member.removed', { userId: 'u9' }))).toBe('A member left the operation');
  });

  it('says when the operation goes live and closes', () => {
    const core = (status: 'planning' | 'live' | 'closed') => {
      const { myRole: _role, myTeamId: _team, ...rest } = operation({ status });
      return rest;
    };
    expect(describeEvent(event(7, 'operation.updated', { operation: core('live') }))).toBe('The operation is live');
    expect(describeEvent(event(8, 'operation.updated', { operation: core('closed') }))).toBe('The operation is closed — tallies frozen');
    expect(describeEvent(event(9, 'operation.updated', { operation: core('planning') }))).toBe('Operation details updated');
  });
});
