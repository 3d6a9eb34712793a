import type { QueryClient } from '@tanstack/react-query';
import type { EventsResponse, LiveEvent } from '@actionday/contracts';
import { describerOf, historyLookups, type FeedLookups, type FeedLookupsSource, type LiveFeedDescriber } from '../../shared/live-feed';
import type { LiveContext } from '../../shared/live-handlers';
import type { LiveClock } from './live-clock';
import { FEED_SIZE, type FeedEntry } from './live-store';

/** Events shown in the feed on arrival, from before this visit. */
const HISTORY_SIZE = 50;
/** How long the history waits for the queries the page is loading anyway (see FeedLookupsSource.awaited). */
const AWAITED_WAIT_MS = 5000;

/** One line of the feed, or null for events not worth one (or that could not be described). */
export function feedEntry(e: LiveEvent, describers: readonly LiveFeedDescriber[], lookups: FeedLookups): FeedEntry | null {
  const describer = describerOf(describers, e.type);
  if (!describer) return null;
  let text: string | null = null;
  try {
    text = describer.describe(e, lookups);
  } catch {
    text = null;
  }
  if (!text) return null;
  return { seq: e.seq, at: e.at, text, tone: describer.tone ?? 'normal' };
}

/** The feed with entries added, each seq once, newest first, at most FEED_SIZE. */
export function mergeFeed(feed: readonly FeedEntry[], entries: readonly FeedEntry[]): FeedEntry[] {
  const seen = new Set(feed.map((f) => f.seq));
  return [...feed, ...entries.filter((en) => !seen.has(en.seq))].sort((a, b) => b.seq - a.seq).slice(0, FEED_SIZE);
}

export interface HistoryFeedOptions {
  ctx: LiveContext;
  describers: readonly LiveFeedDescriber[];
  lookups: FeedLookupsSource;
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
  const { ctx, lookups } = opts;
  const after = Math.max(0, upTo - HISTORY_SIZE);
  // Without the names the lines still read, naming nobody: failing to load them fails no history.
  const [res] = await Promise.all([opts.fetchEvents(after, upTo - after), lookups.load(ctx).catch(() => undefined)]);
  if (!opts.isCurrent()) return null;
  await Promise.all(lookups.awaited(ctx).map((key) => waitForData(ctx.queryClient, key, AWAITED_WAIT_MS, opts)));
  if (!opts.isCurrent()) return null;
  const then = historyLookups(lookups.read(ctx));
  const entries: FeedEntry[] = [];
  for (const e of res.items) {
    if (e.seq > upTo) continue;
    const entry = feedEntry(e, opts.describers, then);
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
