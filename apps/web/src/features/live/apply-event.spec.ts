import { QueryClient } from '@tanstack/react-query';
import type { Finding, Indicator, Operation, Publication, Tallies, Target, Team } from '@actionday/contracts';
import { findingKeys, indicatorKeys } from '../findings';
import { matchKeys, type MatchList } from '../matches';
import { operationKeys, teamKeys } from '../operations';
import { publicationKeys } from '../publications';
import { tallyKeys } from '../tallies';
import { targetKeys } from '../targets';
import { applyEventToCache, sectionOfKey } from './apply-event';
import { event, finding, match, OP, operation, tallies, target, team, TEAM_DE, TEAM_NL, TEAM_UA, victimDelta } from './test-fixtures';

function setup() {
  const queryClient = new QueryClient();
  const ctx = { queryClient, operationId: OP, currentUserId: 'me' };
  return { queryClient, ctx };
}

describe('applyEventToCache', () => {
  it('adds an indicator a coordinator created to the cached catalogue, once', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Indicator[]>(indicatorKeys.list(OP), [{ code: 'debt_bondage', label: 'Debt', builtin: true }]);
    const created = event(3, 'indicator.created', { indicator: { code: 'fake_casting', label: 'Fake casting', builtin: false } });
    applyEventToCache(ctx, created);
    applyEventToCache(ctx, created, 'indicators');
    expect(queryClient.getQueryData<Indicator[]>(indicatorKeys.list(OP))?.map((i) => i.code)).toEqual(['debt_bondage', 'fake_casting']);
    expect(sectionOfKey(indicatorKeys.list(OP), OP)).toBe('indicators');
  });

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

  it('prepends findings and replaces them by id', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Finding[]>(findingKeys.list(OP), [finding('f1')]);
    applyEventToCache(ctx, event(1, 'finding.created', { finding: finding('f2') }));
    applyEventToCache(ctx, event(2, 'finding.updated', { finding: finding('f1', { status: 'confirmed', version: 2 }) }));
    const list = queryClient.getQueryData<Finding[]>(findingKeys.list(OP)) ?? [];
    expect(list.map((f) => [f.id, f.status])).toEqual([
      ['f2', 'submitted'],
      ['f1', 'confirmed'],
    ]);
  });

  it('applies tally deltas once, only after the snapshot, and moves asOfSeq', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Tallies>(tallyKeys.detail(OP), tallies(5));
    applyEventToCache(ctx, event(5, 'tally.updated', victimDelta())); // already in the snapshot
    applyEventToCache(ctx, event(6, 'tally.updated', victimDelta()));
    applyEventToCache(ctx, event(6, 'tally.updated', victimDelta())); // a repeat
    const t = queryClient.getQueryData<Tallies>(tallyKeys.detail(OP));
    expect(t?.possibleVictims.total).toBe(1);
    expect(t?.asOfSeq).toBe(6);
    expect(t?.byTeam.find((r) => r.teamId === TEAM_NL)?.possibleVictims.total).toBe(1);
  });

  it('marks live tallies for one refetch when the operation closes, frozen ones not', () => {
    const { queryClient, ctx } = setup();
    const { myRole: _r, myTeamId: _t, ...core } = operation({ status: 'closed', closedAt: '2025-03-01T19:00:00.000Z', version: 3 });
    queryClient.setQueryData<Tallies>(tallyKeys.detail(OP), tallies(5));
    applyEventToCache(ctx, event(6, 'operation.updated', { operation: core }));
    expect(queryClient.getQueryState(tallyKeys.detail(OP))?.isInvalidated).toBe(true);

    const other = setup();
    other.queryClient.setQueryData<Tallies>(tallyKeys.detail(OP), tallies(5, { frozen: true }));
    applyEventToCache(other.ctx, event(6, 'operation.updated', { operation: core }));
    applyEventToCache(other.ctx, event(7, 'operation.updated', { operation: { ...core, status: 'live' } }));
    expect(other.queryClient.getQueryState(tallyKeys.detail(OP))?.isInvalidated).toBe(false);
  });

  it('adds a publication to the loaded list once, and knows the publications section', () => {
    const { queryClient, ctx } = setup();
    const publication: Publication = {
      slug: 'jad-2025-03-01',
      title: 'JAD',
      text: 'On 1 March 2025…',
      kind: 'joint_action_day',
      startsAt: '2025-03-01T07:00:00.000Z',
      endsAt: '2025-03-01T19:00:00.000Z',
      timezone: 'Europe/Amsterdam',
      suppressBelow: 3,
      figures: [{ name: 'suspects', label: 'Suspects identified', value: null, display: '<3' }],
      publishedAt: '2025-03-01T20:00:00.000Z',
    };
    applyEventToCache(ctx, event(1, 'publication.created', { publication }));
    expect(queryClient.getQueryData(publicationKeys.list(OP))).toBeUndefined();
    queryClient.setQueryData<Publication[]>(publicationKeys.list(OP), []);
    applyEventToCache(ctx, event(1, 'publication.created', { publication }));
    applyEventToCache(ctx, event(1, 'publication.created', { publication }), 'publications');
    expect(queryClient.getQueryData<Publication[]>(publicationKeys.list(OP))?.map((p) => p.slug)).toEqual(['jad-2025-03-01']);
    expect(sectionOfKey(publicationKeys.list(OP), OP)).toBe('publications');
  });

  it('names a team that appears in the tallies from the cached teams', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Tallies>(tallyKeys.detail(OP), tallies(0));
    queryClient.setQueryData<Team[]>(teamKeys.list(OP), [team(TEAM_NL, 'Netherlands'), team(TEAM_UA, 'Ukraine')]);
    applyEventToCache(ctx, event(1, 'tally.updated', { deltas: [{ dim: 'team', key: TEAM_UA, metric: 'suspects', sub: '', delta: 1 }] }));
    expect(queryClient.getQueryData<Tallies>(tallyKeys.detail(OP))?.byTeam.find((r) => r.teamId === TEAM_UA)?.name).toBe('Ukraine');
  });

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

  it('applies a review by another coordinator to the cached finding, not an older copy over it', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Finding[]>(findingKeys.list(OP), [finding('f1'), finding('f2')]);
    const reviewed = finding('f1', { status: 'duplicate', duplicateOf: 'f2', version: 2, reviewedBy: 'anna', reviewedAt: '2025-03-01T10:00:00.000Z' });
    applyEventToCache(ctx, event(1, 'finding.updated', { finding: reviewed }, 'anna'));
    applyEventToCache(ctx, event(2, 'finding.updated', { finding: finding('f1', { status: 'confirmed', version: 1 }) }));
    expect(queryClient.getQueryData<Finding[]>(findingKeys.list(OP))?.find((f) => f.id === 'f1')).toMatchObject({
      status: 'duplicate',
      duplicateOf: 'f2',
      version: 2,
      reviewedBy: 'anna',
    });
  });
});
