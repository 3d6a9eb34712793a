import { event } from '../../entities/operations/test-fixtures';
import { describeLiveEvent } from '../../shared/live-feed';
import { feedLookupsOf } from '../../test/feed-lookups';
import { talliesLiveFeed } from './live-feed';

const lookups = feedLookupsOf({});

describe('tallies in the live feed', () => {
  it('has no line for tally updates', () => {
    expect(describeLiveEvent(talliesLiveFeed, event(6, 'tally.updated', { deltas: [] }), lookups)).toBeNull();
    expect(describeLiveEvent(talliesLiveFeed, event(7, 'tally.released', { possibleVictims: null, victimRelease: { releasedAt: null, suppressBelow: 3, topIndicators: [] } }), lookups)).toBeNull();
  });
});
