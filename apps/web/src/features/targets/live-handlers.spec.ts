import type { Target } from '@actionday/contracts';
import { OP, TEAM_NL, event } from '../../entities/operations/test-fixtures';
import { targetKeys } from '../../entities/targets';
import { target } from '../../entities/targets/test-fixtures';
import { liveHandlersHarness } from '../../test/live-handlers-harness';
import { targetsLiveHandlers } from './live-handlers';

const { setup, applyEventToCache } = liveHandlersHarness(targetsLiveHandlers, OP);

describe('targets live handlers', () => {
  it('patches targets by id and ignores older versions', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Target[]>(targetKeys.list(OP), [target('t1'), target('t2')]);
    const patch = { id: 't1', status: 'assigned' as const, outcome: null, teamId: TEAM_NL, version: 2, updatedAt: '2025-03-01T10:00:00.000Z' };
    applyEventToCache(ctx, event(1, 'target.updated', { targets: [patch] }));
    applyEventToCache(ctx, event(2, 'target.updated', { targets: [{ ...patch, status: 'unassigned', teamId: null, version: 1 }] }));
    const list = queryClient.getQueryData<Target[]>(targetKeys.list(OP)) ?? [];
    expect(list.find((t) => t.id === 't1')).toMatchObject({ status: 'assigned', teamId: TEAM_NL, version: 2 });
    expect(list.find((t) => t.id === 't2')).toMatchObject({ status: 'unassigned', version: 1 });
  });
  it('appends a created target once', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Target[]>(targetKeys.list(OP), [target('t1')]);
    const e = event(1, 'target.created', { target: target('t2') });
    applyEventToCache(ctx, e);
    applyEventToCache(ctx, e);
    expect(queryClient.getQueryData<Target[]>(targetKeys.list(OP))?.map((t) => t.id)).toEqual(['t1', 't2']);
  });
  it('does not create a list that was never loaded', () => {
    const { queryClient, ctx } = setup();
    applyEventToCache(ctx, event(1, 'target.created', { target: target('t2') }));
    expect(queryClient.getQueryData(targetKeys.list(OP))).toBeUndefined();
  });
});
