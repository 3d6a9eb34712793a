import { QueryClient } from '@tanstack/react-query';
import type { Member, Target, Team } from '@actionday/contracts';
import { memberKeys, teamKeys } from '../entities/operations';
import { member, OP, team, TEAM_NL, TEAM_UA } from '../entities/operations/test-fixtures';
import { targetKeys } from '../entities/targets';
import { target } from '../entities/targets/test-fixtures';
import { operationFeedLookups } from './live-feed-lookups';

describe('the live feed’s names', () => {
  const ctx = (queryClient: QueryClient) => ({ queryClient, operationId: OP, currentUserId: 'me' });

  it('come from the cached teams, members and targets', () => {
    const qc = new QueryClient();
    qc.setQueryData<Team[]>(teamKeys.list(OP), [team(TEAM_NL, 'Netherlands')]);
    qc.setQueryData<Member[]>(memberKeys.list(OP), [member('u1', 'Alice')]);
    qc.setQueryData<Target[]>(targetKeys.list(OP), [target('t1', { value: 'escort-site.example' })]);
    const l = operationFeedLookups.read(ctx(qc));
    expect([l.teamName(TEAM_NL), l.teamName(TEAM_UA), l.teamName(null)]).toEqual(['Netherlands', null, null]);
    expect([l.memberName('u1'), l.memberName('u2')]).toEqual(['Alice', null]);
    expect([l.teamExists(TEAM_NL), l.teamExists(TEAM_UA), l.memberExists('u1'), l.memberExists('u2')]).toEqual([true, false, true, false]);
    expect([l.target('t1')?.value, l.target('t2'), l.target(null)]).toEqual(['escort-site.example', null, null]);
  });

  it('name nobody when nothing is cached, and wait for the targets only', () => {
    const l = operationFeedLookups.read(ctx(new QueryClient()));
    expect([l.teamName(TEAM_NL), l.memberName('u1'), l.target('t1')]).toEqual([null, null, null]);
    expect(operationFeedLookups.awaited(ctx(new QueryClient()))).toEqual([targetKeys.list(OP)]);
  });
});
