import { event, OP, TEAM_DE, TEAM_NL } from '../../entities/operations/test-fixtures';
import { liveHandlersHarness } from '../../test/live-handlers-harness';
import { matchKeys } from './api/keys';
import { type MatchList } from './match-cache';
import { matchesLiveHandlers } from './live-handlers';
import { match } from './test-fixtures';

const { setup, applyEventToCache, sectionOfKey } = liveHandlersHarness(matchesLiveHandlers, OP);

describe('matches live handlers', () => {
  it('prepends a correlation.match to every loaded match list it fits, once', () => {
    const { queryClient, ctx } = setup();
    const empty = (): MatchList => ({ items: [], nextCursor: null });
    queryClient.setQueryData<MatchList>(matchKeys.list(OP), { items: [match('m0', { createdAt: '2025-03-01T09:00:00.000Z' })], nextCursor: null });
    queryClient.setQueryData<MatchList>(matchKeys.list(OP, { teamId: TEAM_NL }), empty());
    queryClient.setQueryData<MatchList>(matchKeys.list(OP, { teamId: TEAM_DE }), empty());
    queryClient.setQueryData<MatchList>(matchKeys.list(OP, { crossBorder: false }), empty());
    const e = event(1, 'correlation.match', { match: match('m1') });
    applyEventToCache(ctx, e);
    applyEventToCache(ctx, e); // a repeat
    const ids = (filter = {}) => queryClient.getQueryData<MatchList>(matchKeys.list(OP, filter))?.items.map((m) => m.id);
    expect(ids()).toEqual(['m1', 'm0']);
    expect(ids({ teamId: TEAM_NL })).toEqual(['m1']);
    expect(ids({ teamId: TEAM_DE })).toEqual([]);
    expect(ids({ crossBorder: false })).toEqual([]);
  });
  it('does not load a match list that was never loaded', () => {
    const { queryClient, ctx } = setup();
    applyEventToCache(ctx, event(1, 'correlation.match', { match: match('m1') }));
    expect(queryClient.getQueryData(matchKeys.list(OP))).toBeUndefined();
  });
  it('replays matches over a list with `only`, and knows the matches section of a key', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<MatchList>(matchKeys.list(OP), { items: [], nextCursor: null });
    applyEventToCache(ctx, event(1, 'correlation.match', { match: match('m1') }), 'findings');
    expect(queryClient.getQueryData<MatchList>(matchKeys.list(OP))?.items).toEqual([]);
    applyEventToCache(ctx, event(1, 'correlation.match', { match: match('m1') }), 'matches');
    expect(queryClient.getQueryData<MatchList>(matchKeys.list(OP))?.items.map((m) => m.id)).toEqual(['m1']);
    expect(sectionOfKey(matchKeys.list(OP, { teamId: TEAM_NL }), OP)).toBe('matches');
  });
});
