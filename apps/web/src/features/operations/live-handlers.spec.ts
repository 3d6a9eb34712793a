import type { Operation, Team } from '@actionday/contracts';
import { memberKeys, operationKeys, teamKeys } from '../../entities/operations';
import { event, member, OP, operation, team, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { liveHandlersHarness } from '../../test/live-handlers-harness';
import { operationsLiveHandlers } from './live-handlers';

const { setup, applyEventToCache } = liveHandlersHarness(operationsLiveHandlers, OP);

describe('operations live handlers', () => {
  it('merges operation.updated but keeps my role and team', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Operation>(operationKeys.detail(OP), operation({ status: 'planning', myRole: 'officer', myTeamId: TEAM_NL }));
    const { myRole: _r, myTeamId: _t, ...core } = operation({ status: 'live', version: 2 });
    applyEventToCache(ctx, event(1, 'operation.updated', { operation: core }));
    expect(queryClient.getQueryData<Operation>(operationKeys.detail(OP))).toMatchObject({ status: 'live', myRole: 'officer', myTeamId: TEAM_NL });
  });
  it('follows a change of my own membership', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Operation>(operationKeys.detail(OP), operation({ myRole: 'officer', myTeamId: null }));
    const member = { userId: 'me', email: 'me@x', displayName: 'Me', country: null, role: 'officer' as const, teamId: TEAM_UA, version: 2 };
    applyEventToCache(ctx, event(1, 'member.updated', { member }));
    expect(queryClient.getQueryData<Operation>(operationKeys.detail(OP))?.myTeamId).toBe(TEAM_UA);
  });
  it('upserts teams', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Team[]>(teamKeys.list(OP), [team(TEAM_NL, 'Netherlands')]);
    applyEventToCache(ctx, event(1, 'team.updated', { team: team(TEAM_UA, 'Ukraine') }));
    applyEventToCache(ctx, event(2, 'team.updated', { team: { ...team(TEAM_NL, 'NL East'), version: 2 } }));
    expect(queryClient.getQueryData<Team[]>(teamKeys.list(OP))?.map((t) => t.name)).toEqual(['NL East', 'Ukraine']);
  });
  it('takes a removed member out of the cached members', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData(memberKeys.list(OP), [member('u1', 'Ana'), member('u2', 'Bo')]);
    applyEventToCache(ctx, event(7, 'member.removed', { userId: 'u1' }));
    expect(queryClient.getQueryData<{ userId: string }[]>(memberKeys.list(OP))?.map((m) => m.userId)).toEqual(['u2']);
  });
});
