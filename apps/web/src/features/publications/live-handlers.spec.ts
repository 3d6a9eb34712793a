import type { Publication } from '@actionday/contracts';
import { event, OP } from '../../entities/operations/test-fixtures';
import { liveHandlersHarness } from '../../test/live-handlers-harness';
import { publicationKeys } from './api/keys';
import { publicationsLiveHandlers } from './live-handlers';

const { setup, applyEventToCache, sectionOfKey } = liveHandlersHarness(publicationsLiveHandlers, OP);

describe('publications live handlers', () => {
  it('adds a publication to the loaded list once, and knows the publications section', () => {
    const { queryClient, ctx } = setup();
    const publication: Publication = {
      slug: 'jad-2025-03-01',
      title: 'JAD',
      text: 'On 1 March 2025…',
      kind: 'joint_action_day',
      startsAt: '2025-03-01T07:00:00.000Z',
      endsAt: '2025-03-01T19:00:00.000Z',
      timezone: 'Europe/Amsterdam',
      suppressBelow: 3,
      figures: [{ name: 'suspects', label: 'Suspects identified', value: null, display: '<3' }],
      publishedAt: '2025-03-01T20:00:00.000Z',
    };
    applyEventToCache(ctx, event(1, 'publication.created', { publication }));
    expect(queryClient.getQueryData(publicationKeys.list(OP))).toBeUndefined();
    queryClient.setQueryData<Publication[]>(publicationKeys.list(OP), []);
    applyEventToCache(ctx, event(1, 'publication.created', { publication }));
    applyEventToCache(ctx, event(1, 'publication.created', { publication }), 'publications');
    expect(queryClient.getQueryData<Publication[]>(publicationKeys.list(OP))?.map((p) => p.slug)).toEqual(['jad-2025-03-01']);
    expect(sectionOfKey(publicationKeys.list(OP), OP)).toBe('publications');
  });
});
