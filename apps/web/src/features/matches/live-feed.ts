import type { MatchSide } from '@actionday/contracts';
import { teamLabel } from '../../shared/feed-text';
import { liveFeedDescriber, type FeedLookups, type LiveFeedDescriber } from '../../shared/live-feed';

/** A side whose team has no name here (not listed for this viewer) goes by its country, if known. */
function side(s: MatchSide, l: FeedLookups): string {
  const name = l.teamName(s.teamId);
  if (name) return teamLabel(name);
  return s.country ? `a team in ${s.country}` : 'another team';
}

/** A match stands out in the live feed: it is what teams across borders act on. */
export const matchesLiveFeed: LiveFeedDescriber[] = [
  liveFeedDescriber({
    types: ['correlation.match'],
    tone: 'match',
    describe: (e, l) => {
      const match = e.data.match;
      const [a, b] = match.sides;
      const what = match.normalized ? `${match.kind} ${match.normalized}` : `a ${match.kind}`;
      return `Match: ${what} found by ${side(a, l)} and ${side(b, l)}${match.crossBorder ? ' (cross-border)' : ''}`;
    },
  }),
];
