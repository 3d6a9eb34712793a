import type { QueryClient } from '@tanstack/react-query';
import type { EventsResponse, LiveEvent, Member, Target, Team } from '@actionday/contracts';
import { memberKeys, membersQueryOptions, teamKeys, teamsQueryOptions } from '../../entities/operations';
import { targetKeys } from '../../entities/targets';
import type { LiveClock } from './live-clock';
import { describeEvent, type FeedLookups } from './describe-event';
import { FEED_SIZE, type FeedEntry } from './live-store';

/** Events shown in the feed on arrival, from before this visit. */
const HISTORY_SIZE = 50;
/** How long the history waits for the targets the page is loading anyway (their values name the targets). */
const TARGETS_WAIT_MS = 5000;

/** Names in the feed, from what the cache holds now (teams, members, and targets if loaded). */
export function feedLookups(qc: QueryClient, operationId: string): FeedLookups {
  const teams = qc.getQueryData<Team[]>(teamKeys.list(operationId)) ?? [];
  const members = qc.getQueryData<Member[]>(memberKeys.list(operationId)) ?? [];
  const targets = qc.getQueryData<Target[]>(targetKeys.list(operationId));
  let targetIndex: Map<string, Target> | null = null;
  return {
    teamName: (id) => (id ? (teams.find((t) => t.id === id)?.name ?? null) : null),
    memberName: (id) => (id ? (members.find((m) => m.userId === id)?.displayName ?? null) : null),
    teamExists: (id) => teams.some((t) => t.id === id),
    memberExists: (id) => members.some((m) => m.userId === id),
    target: (id) => {
      if (!id || !targets) return null;
      targetIndex ??= new Map(targets.map((t) => [t.id, t]));
      return targetIndex.get(id) ?? null;
    },
  };
}

/** One line of the feed, or null for events not worth one (or that could not be described). */
export function feedEntry(e: LiveEvent, lookups: FeedLookups): FeedEntry | null {
  let text: string | null = null;
  try {
    text = describeEvent(e, lookups);
  } catch {
    text = null;
  }
  if (!text) return null;
  return { seq: e.seq, at: e.at, text, tone: e.type === 'correlation.match' ? 'match' : 'normal' };
}

/** The feed with entries added, each seq once, newest first, at most FEED_SIZE. */
export function mergeFeed(feed: readonly FeedEntry[], entries: readonly FeedEntry[]): FeedEntry[] {
  const seen = new Set(feed.map((f) => f.seq));
  return [...feed, ...entries.filter((en) => !seen.has(en.seq))].sort((a, b) => b.seq - a.seq).slice(0, FEED_SIZE);
}

export interface HistoryFeedOptions {
  queryClient: QueryClient;
  operationId: string;
  clock: LiveClock;
  fetchEvents: (after: number, limit: number) => Promise<EventsResponse>;
  /** False once the session moved on (stopped, restarted): the history is dropped. */
  isCurrent: () => boolean;
  /** Pending waits, released when the session stops. */
  waits: Set<() => void>;
}

/**
 * The last events before this visit (up to `upTo`), for the feed only (they are already in the
 * cache), newest first; null when there are none, when they cannot be read (the feed simply starts
 * empty) or when the session moved on meanwhile.
 */
export async function loadHistoryFeed(upTo: number, opts: HistoryFeedOptions): Promise<FeedEntry[] | null> {
  if (upTo <= 0) return null;
  try {
    return await readHistory(upTo, opts);
  } catch {
    return null;
  }
}

async function readHistory(upTo: number, opts: HistoryFeedOptions): Promise<FeedEntry[] | null> {
  const { queryClient: qc, operationId } = opts;
  const after = Math.max(0, upTo - HISTORY_SIZE);
  const [res] = await Promise.all([
    opts.fetchEvents(after, upTo - after),
    qc.ensureQueryData(teamsQueryOptions(operationId)).catch(() => []),
    // Names of who did what (and who is online): every member may list the members.
    qc.ensureQueryData(membersQueryOptions(operationId)).catch(() => []),
  ]);
  // Target values, if the page is loading them anyway (board, queue); never loaded just for this.
  if (!opts.isCurrent()) return null;
  await waitForData(qc, targetKeys.list(operationId), TARGETS_WAIT_MS, opts);
  if (!opts.isCurrent()) return null;
  const lookups = feedLookups(qc, operationId);
  // Today's cache is not the cache of then: a team that exists now was mostly created then.
  const historyLookups: FeedLookups = {
    ...lookups,
    teamExists: () => false,
    memberExists: () => false,
    target: (id) => {
      const t = lookups.target(id);
      return t ? { value: t.value, kind: t.kind, redacted: t.redacted } : null;
    },
  };
  const entries: FeedEntry[] = [];
  for (const e of res.items) {
    if (e.seq > upTo) continue;
    const entry = feedEntry(e, historyLookups);
    if (entry) entries.push(entry);
  }
  return entries.sort((a, b) => b.seq - a.seq);
}

/**
 * Resolves when the query, if the page is loading it right now, has finished (or after `ms`);
 * at once when nobody is loading it. Never fetches it itself.
 */
function waitForData(qc: QueryClient, queryKey: readonly unknown[], ms: number, { clock, waits }: Pick<HistoryFeedOptions, 'clock' | 'waits'>): Promise<void> {
  const cache = qc.getQueryCache();
  const has = () => cache.find({ queryKey, exact: true })?.state.fetchStatus !== 'fetching';
  if (has()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clock.clearTimeout(timer);
      unsubscribe();
      waits.delete(done);
      resolve();
    };
    waits.add(done);
    const timer = clock.setTimeout(done, ms);
    const unsubscribe = cache.subscribe(() => {
      if (has()) done();
    });
  });
}
