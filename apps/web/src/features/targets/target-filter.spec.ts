import { TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { target } from '../../entities/targets/test-fixtures';
import { collectTags, matchesFilters, NO_FILTERS } from './target-filter';

describe('matchesFilters', () => {
  const phone = target('a', { kind: 'phone', value: '+31 6 1234 5678', status: 'assigned', teamId: TEAM_NL, tags: ['ukraine-related'] });
  const site = target('b', { kind: 'platform', category: 'escort', status: 'done', outcome: 'suspicious', teamId: TEAM_UA });
  const loose = target('c', { kind: 'email', tags: ['ukraine-related', 'minor'] });

  const pick = (f: Partial<typeof NO_FILTERS>) => [phone, site, loose].filter((t) => matchesFilters(t, { ...NO_FILTERS, ...f })).map((t) => t.id);

  it('keeps everything without filters', () => {
    expect(pick({})).toEqual(['a', 'b', 'c']);
  });
  it('filters by kind, category, outcome and status', () => {
    expect(pick({ kind: 'phone' })).toEqual(['a']);
    expect(pick({ category: 'escort' })).toEqual(['b']);
    expect(pick({ outcome: 'suspicious' })).toEqual(['b']);
    expect(pick({ status: 'unassigned' })).toEqual(['c']);
  });
  it('filters by team, with "none" for the unassigned', () => {
    expect(pick({ teamId: TEAM_NL })).toEqual(['a']);
    expect(pick({ teamId: 'none' })).toEqual(['c']);
  });
  it('filters by tag exactly and case-insensitively', () => {
    expect(pick({ tag: 'Ukraine-Related' })).toEqual(['a', 'c']);
    expect(pick({ tag: 'ukraine' })).toEqual([]);
  });
  it('combines the filters with the search', () => {
    expect(pick({ tag: 'ukraine-related', q: '1234' })).toEqual(['a']);
    expect(pick({ kind: 'email', q: '1234' })).toEqual([]);
  });
});

describe('collectTags', () => {
  it('returns each tag once, sorted', () => {
    expect(collectTags([target('a', { tags: ['b', 'a'] }), target('b', { tags: ['a', 'c'] })])).toEqual(['a', 'b', 'c']);
  });
});
