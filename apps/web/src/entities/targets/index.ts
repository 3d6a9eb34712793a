// The operation's targets as one cached list: the board, the queues, the findings and the review
// queue read it; the targets feature's live handlers keep it current.
export { targetKeys } from './api/keys';
export { targetsQueryOptions, useTargets, useCachedTargets } from './api/get-targets';
export { upsertTargets, patchTargets } from './target-cache';
