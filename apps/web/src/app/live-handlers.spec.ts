import { QueryClient } from '@tanstack/react-query';
import { EVENT_TYPES, type Finding, type Tallies } from '@actionday/contracts';
import { findingKeys } from '../entities/findings';
import { finding } from '../entities/findings/test-fixtures';
import { event, OP, TEAM_NL, TEAM_UA } from '../entities/operations/test-fixtures';
import { tallies, victimDelta } from '../entities/tallies/test-fixtures';
import { EventCoalescer } from '../features/live/event-coalescer';
import { buildReviewQueue } from '../features/review/review-queue';
import { applyPendingTallies, type PendingTallyEvent } from '../features/tallies/tally-deltas';
import { applyLiveEvent, handlesEvent, type LiveContext } from '../shared/live-handlers';
import { operationLive } from './live-handlers';

const { handlers, baseline, describers } = operationLive;
const applyEventToCache = (ctx: LiveContext, e: Parameters<typeof applyLiveEvent>[2]) => applyLiveEvent(handlers, ctx, e);

describe('the live composition', () => {
  it('applies every event type the contracts define, and starts from the tallies', () => {
    const unhandled = EVENT_TYPES.filter((type) => !handlers.some((h) => handlesEvent(h, type)));
    expect(unhandled).toEqual([]);
    expect(baseline.section).toBe('tallies');
    // The baseline section is guarded by its own seq: only its tally handlers write it.
    expect(handlers.filter((h) => h.applyBatch).map((h) => h.section)).toEqual(['tallies']);
  });

  it('has exactly one feature say how each event type reads in the feed', () => {
    const describedBy = (type: (typeof EVENT_TYPES)[number]) => describers.filter((d) => d.types.includes(type)).length;
    expect(EVENT_TYPES.filter((type) => describedBy(type) !== 1)).toEqual([]);
  });
});

// The review queue is a view of the findings list that the findings feature's handlers keep live.
describe('review queue and finding events', () => {
  const at = (minute: number) => `2025-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;
  const ids = (list: Finding[]) => list.map((f) => f.id);
  const findings = [
    finding('new', { createdAt: at(30) }),
    finding('old', { createdAt: at(10), type: 'suspect', teamId: TEAM_UA }),
    finding('mid', { createdAt: at(20) }),
    finding('done-early', { status: 'confirmed', reviewedAt: at(40), createdAt: at(1) }),
    finding('done-late', { status: 'rejected', reviewedAt: at(50), createdAt: at(2) }),
  ];

  it('moves a finding out of the queue when another coordinator reviews it (finding.updated, no refetch)', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData<Finding[]>(findingKeys.list(OP), findings);
    const reviewed = { ...findings[2], status: 'confirmed' as const, version: 2, reviewedBy: 'anna', reviewedAt: at(55) };
    applyEventToCache({ queryClient, operationId: OP, currentUserId: 'me' }, event(1, 'finding.updated', { finding: reviewed }, 'anna'));
    const q = buildReviewQueue(queryClient.getQueryData<Finding[]>(findingKeys.list(OP)) ?? []);
    expect(ids(q.pending)).toEqual(['old', 'new']);
    expect(ids(q.reviewed)).toEqual(['mid', 'done-late', 'done-early']);
    // A new submission joins the queue by its time.
    applyEventToCache(
      { queryClient, operationId: OP, currentUserId: 'me' },
      event(2, 'finding.created', { finding: finding('newest', { createdAt: at(59), teamId: TEAM_NL }) }),
    );
    expect(ids(buildReviewQueue(queryClient.getQueryData<Finding[]>(findingKeys.list(OP)) ?? []).pending)).toEqual(['old', 'new', 'newest']);
  });
});

// The whole path, cache included: many events, few writes of the cached tallies.
describe('coalesced tallies in the cache', () => {
  const noName = () => '';
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ends with every delta applied once and asOfSeq at the last event', () => {
    let cached: Tallies | undefined = tallies(0);
    let writes = 0;
    const coalescer = new EventCoalescer<PendingTallyEvent>({
      flush: (pending) => {
        const next = applyPendingTallies(cached, pending, noName);
        if (next !== cached) writes += 1;
        cached = next;
      },
    });
    for (let seq = 1; seq <= 200; seq++) {
      coalescer.add({ seq, deltas: victimDelta().deltas });
      coalescer.schedule();
      jest.advanceTimersByTime(5);
    }
    jest.advanceTimersByTime(250);
    expect(writes).toBeLessThanOrEqual(5);
    expect(cached?.possibleVictims?.total).toBe(200);
    expect(cached?.asOfSeq).toBe(200);
  });
});
