import { liveFeedDescriber, type LiveFeedDescriber } from '../../shared/live-feed';

/** Tally deltas come by the hundred and the tally panel shows them: no line in the feed. */
export const talliesLiveFeed: LiveFeedDescriber[] = [
  liveFeedDescriber({
    types: ['tally.updated', 'tally.released'],
    describe: () => null,
  }),
];
