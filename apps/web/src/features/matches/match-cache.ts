import type { Match, Page } from '@actionday/contracts';
import type { MatchFilter } from './api/keys';

/** A cached list of matches: what GET /matches answered (newest first) and where it stopped. */
export type MatchList = Page<Match>;

export function matchInvolvesTeam(match: Pick<Match, 'sides'>, teamId: string | null | undefined): boolean {
  return !!teamId && match.sides.some((s) => s.teamId === teamId);
}

/** Whether a match belongs in a list loaded with this filter (the server's own rule). */
export function matchFitsFilter(match: Match, filter: MatchFilter): boolean {
  if (filter.teamId && !matchInvolvesTeam(match, filter.teamId)) return false;
  if (filter.crossBorder !== undefined && match.crossBorder !== filter.crossBorder) return false;
  return true;
}

/** Newest first, as the server orders them: created_at, then id, both descending. */
function newerThan(a: Match, b: Match): boolean {
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt;
  return a.id > b.id;
}

/**
 * Adds a match to a cached list, once: a match already there (a replayed event, or one the list
 * already brought) is kept, unless the new copy tells more (not redacted). A match arriving live
 * is the newest, so it goes on top; a replayed one goes where its time puts it. Returns the same
 * object when nothing changes, and leaves a list that was never loaded alone.
 */
export function upsertMatch(list: MatchList | undefined, match: Match, filter: MatchFilter = {}): MatchList | undefined {
  if (!list || !matchFitsFilter(match, filter)) return list;
  const i = list.items.findIndex((m) => m.id === match.id);
  if (i !== -1) {
    if (!list.items[i].redacted || match.redacted) return list;
    const items = list.items.slice();
    items[i] = match;
    return { ...list, items };
  }
  let at = list.items.findIndex((m) => newerThan(match, m));
  if (at === -1) {
    // Older than everything loaded: it belongs to a page not read yet, unless the list is complete.
    if (list.nextCursor !== null) return list;
    at = list.items.length;
  }
  const items = list.items.slice();
  items.splice(at, 0, match);
  return { ...list, items };
}

/** Appends the next page of a list, skipping anything already there (e.g. prepended live). */
export function appendMatchPage(list: MatchList | undefined, page: MatchList): MatchList {
  if (!list) return page;
  const seen = new Set(list.items.map((m) => m.id));
  return { items: [...list.items, ...page.items.filter((m) => !seen.has(m.id))], nextCursor: page.nextCursor };
}
