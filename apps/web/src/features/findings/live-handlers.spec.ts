import type { Finding, Indicator } from '@actionday/contracts';
import { findingKeys, indicatorKeys } from '../../entities/findings';
import { finding } from '../../entities/findings/test-fixtures';
import { event, OP } from '../../entities/operations/test-fixtures';
import { liveHandlersHarness } from '../../test/live-handlers-harness';
import { findingsLiveHandlers } from './live-handlers';

const { setup, applyEventToCache, sectionOfKey } = liveHandlersHarness(findingsLiveHandlers, OP);

describe('findings live handlers', () => {
  it('adds an indicator a coordinator created to the cached catalogue, once', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Indicator[]>(indicatorKeys.list(OP), [{ code: 'debt_bondage', label: 'Debt', builtin: true }]);
    const created = event(3, 'indicator.created', { indicator: { code: 'fake_casting', label: 'Fake casting', builtin: false } });
    applyEventToCache(ctx, created);
    applyEventToCache(ctx, created, 'indicators');
    expect(queryClient.getQueryData<Indicator[]>(indicatorKeys.list(OP))?.map((i) => i.code)).toEqual(['debt_bondage', 'fake_casting']);
    expect(sectionOfKey(indicatorKeys.list(OP), OP)).toBe('indicators');
  });
  it('prepends findings and replaces them by id', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Finding[]>(findingKeys.list(OP), [finding('f1')]);
    applyEventToCache(ctx, event(1, 'finding.created', { finding: finding('f2') }));
    applyEventToCache(ctx, event(2, 'finding.updated', { finding: finding('f1', { status: 'confirmed', version: 2 }) }));
    const list = queryClient.getQueryData<Finding[]>(findingKeys.list(OP)) ?? [];
    expect(list.map((f) => [f.id, f.status])).toEqual([
      ['f2', 'submitted'],
      ['f1', 'confirmed'],
    ]);
  });
  it('applies a review by another coordinator to the cached finding, not an older copy over it', () => {
    const { queryClient, ctx } = setup();
    queryClient.setQueryData<Finding[]>(findingKeys.list(OP), [finding('f1'), finding('f2')]);
    const reviewed = finding('f1', { status: 'duplicate', duplicateOf: 'f2', version: 2, reviewedBy: 'anna', reviewedAt: '2025-03-01T10:00:00.000Z' });
    applyEventToCache(ctx, event(1, 'finding.updated', { finding: reviewed }, 'anna'));
    applyEventToCache(ctx, event(2, 'finding.updated', { finding: finding('f1', { status: 'confirmed', version: 1 }) }));
    expect(queryClient.getQueryData<Finding[]>(findingKeys.list(OP))?.find((f) => f.id === 'f1')).toMatchObject({
      status: 'duplicate',
      duplicateOf: 'f2',
      version: 2,
      reviewedBy: 'anna',
    });
  });
});
