import { event } from '../../entities/operations/test-fixtures';
import { describeLiveEvent } from '../../shared/live-feed';
import { feedLookupsOf } from '../../test/feed-lookups';
import { publicationsLiveFeed } from './live-feed';

const lookups = feedLookupsOf({ members: { u1: 'Alice' } });

describe('publications in the live feed', () => {
  it('says who published what', () => {
    const publication = {
      slug: 'jad-results',
      title: 'JAD results',
      text: '',
      kind: 'joint_action_day' as const,
      startsAt: '2025-03-01T07:00:00.000Z',
      endsAt: '2025-03-01T19:00:00.000Z',
      timezone: 'Europe/Amsterdam',
      suppressBelow: 3,
      figures: [],
      publishedAt: '2025-03-01T20:00:00.000Z',
    };
    expect(describeLiveEvent(publicationsLiveFeed, event(9, 'publication.created', { publication }, 'u1'), lookups)).toBe('Alice published the summary “JAD results”');
  });
});
