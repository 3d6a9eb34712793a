import { findingsLiveFeed, findingsLiveHandlers } from '../features/findings';
import type { LiveComposition } from '../features/live';
import { matchesLiveFeed, matchesLiveHandlers } from '../features/matches';
import { operationsLiveFeed, operationsLiveHandlers } from '../features/operations';
import { publicationsLiveFeed, publicationsLiveHandlers } from '../features/publications';
import { talliesLiveBaseline, talliesLiveFeed, talliesLiveHandlers } from '../features/tallies';
import { targetsLiveFeed, targetsLiveHandlers } from '../features/targets';
import { operationFeedLookups } from './live-feed-lookups';

/**
 * The operation page's live session, composed: each feature says how its events patch its part of
 * the cache and how they read in the feed, the tallies are the baseline the stream starts from.
 * For one event, the handlers run in this order (the operation and its teams before the figures
 * that name them).
 */
export const operationLive: LiveComposition = {
  handlers: [
    ...operationsLiveHandlers,
    ...targetsLiveHandlers,
    ...findingsLiveHandlers,
    ...matchesLiveHandlers,
    ...talliesLiveHandlers,
    ...publicationsLiveHandlers,
  ],
  baseline: talliesLiveBaseline,
  describers: [...operationsLiveFeed, ...targetsLiveFeed, ...findingsLiveFeed, ...matchesLiveFeed, ...talliesLiveFeed, ...publicationsLiveFeed],
  feedLookups: operationFeedLookups,
};
