import { TEAM_DE, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { match } from './test-fixtures';
import { filterOfMatchKey, matchKeys, normalizeMatchFilter } from './api/keys';
import { appendMatchPage, matchFitsFilter, upsertMatch, type MatchList } from './match-cache';

const at = (minute: number) => `2025-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const list = (items: MatchList['items'], nextCursor: string | null = null): MatchList => ({ items, nextCursor });
const ids = (l: MatchList | undefined) => l?.items.map((m) => m.id);

describe('upsertMatch', () => {
  it('puts a live match on top, once', () => {
    const before = list([match('m2', { createdAt: at(2) }), match('m1', { createdAt: at(1) })]);
    const live = match('m3', { createdAt: at(3) });
    const once = upsertMatch(before, live);
    expect(ids(once)).toEqual(['m3', 'm2', 'm1']);
    // The same event replayed (reconnect, a list fetched while it arrived) changes nothing.
    expect(upsertMatch(once, live)).toBe(once);
  });

  it('replaces a redacted copy with a full one, never the other way round', () => {
    const redacted = match('m1', { normalized: null, redacted: true });
    const full = match('m1');
    const l = upsertMatch(list([redacted]), full);
    expect(l?.items[0].normalized).toBe('+31612345678');
    expect(upsertMatch(l, redacted)).toBe(l);
  });

  it('leaves lists whose filter the match does not fit, and lists never loaded', () => {
    const mine = list([]);
    expect(upsertMatch(mine, match('m1'), { teamId: TEAM_DE })).toBe(mine);
    expect(ids(upsertMatch(mine, match('m1'), { teamId: TEAM_NL }))).toEqual(['m1']);
    expect(upsertMatch(mine, match('m1', { crossBorder: false }), { crossBorder: true })).toBe(mine);
    expect(upsertMatch(undefined, match('m1'))).toBeUndefined();
  });

  it('places a replayed older match by time, and not at all when it belongs to a page not read yet', () => {
    const complete = list([match('m3', { createdAt: at(3) }), match('m1', { createdAt: at(1) })]);
    expect(ids(upsertMatch(complete, match('m2', { createdAt: at(2) })))).toEqual(['m3', 'm2', 'm1']);
    expect(ids(upsertMatch(complete, match('m0', { createdAt: at(0) })))).toEqual(['m3', 'm1', 'm0']);
    const partial = list(complete.items, 'cursor');
    expect(upsertMatch(partial, match('m0', { createdAt: at(0) }))).toBe(partial);
  });
});

describe('matchFitsFilter', () => {
  it('follows the server: a team on either side, cross-border or not', () => {
    const m = match('m1');
    expect(matchFitsFilter(m, {})).toBe(true);
    expect(matchFitsFilter(m, { teamId: TEAM_UA })).toBe(true);
    expect(matchFitsFilter(m, { teamId: TEAM_NL })).toBe(true);
    expect(matchFitsFilter(m, { teamId: TEAM_DE })).toBe(false);
    expect(matchFitsFilter(m, { crossBorder: true })).toBe(true);
    expect(matchFitsFilter(m, { crossBorder: false })).toBe(false);
  });
});

describe('appendMatchPage', () => {
  it('appends older pages without the matches that arrived live meanwhile', () => {
    const first = list([match('m3'), match('m2')], 'c1');
    const next = appendMatchPage(first, list([match('m2'), match('m1')], null));
    expect(ids(next)).toEqual(['m3', 'm2', 'm1']);
    expect(next.nextCursor).toBeNull();
  });
});

describe('matchKeys', () => {
  it('keys a list by its filter, without unset fields, and reads the filter back', () => {
    expect(matchKeys.list('op', { teamId: undefined })).toEqual(matchKeys.list('op'));
    expect(normalizeMatchFilter({ teamId: '', crossBorder: false })).toEqual({ crossBorder: false });
    expect(filterOfMatchKey(matchKeys.list('op', { teamId: TEAM_NL }))).toEqual({ teamId: TEAM_NL });
    expect(filterOfMatchKey(matchKeys.all('op'))).toEqual({});
  });
});
