import { findingsLiveHandlers } from '../features/findings';
import type { LiveComposition } from '../features/live';
import { matchesLiveHandlers } from '../features/matches';
import { operationsLiveHandlers } from '../features/operations';
import { publicationsLiveHandlers } from '../features/publications';
import { talliesLiveBaseline, talliesLiveHandlers } from '../features/tallies';
import { targetsLiveHandlers } from '../features/targets';

/**
 * The operation page's live session, composed: each feature says how its events patch its part of
 * the cache, the tallies are the baseline the stream starts from. For one event, the handlers run
 * in this order (the operation and its teams before the figures that name them).
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
};
