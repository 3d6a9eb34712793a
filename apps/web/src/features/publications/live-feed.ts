import { actorName } from '../../shared/feed-text';
import { liveFeedDescriber, type LiveFeedDescriber } from '../../shared/live-feed';

/** How a new publication reads in the live feed. */
export const publicationsLiveFeed: LiveFeedDescriber[] = [
  liveFeedDescriber({
    types: ['publication.created'],
    describe: (e, l) => `${actorName(e, l)} published the summary “${e.data.publication.title}”`,
  }),
];
