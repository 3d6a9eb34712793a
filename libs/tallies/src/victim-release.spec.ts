import type { TallyDelta } from '@actionday/contracts';
import { emptyTallies } from './fold';
import { nextRelease, publishRelease, victimCountsFromCounters, victimCountText, withheldVictimTallies, type VictimCounts } from './victim-release';

const counter = (metric: TallyDelta['metric'], sub: string, delta: number, dim: TallyDelta['dim'] = 'all', key = ''): TallyDelta => ({ dim, key, metric, sub, delta });
const counts = (total: number, minors: number, byNationality: Record<string, number>, indicators: Record<string, number> = {}): VictimCounts => ({
  total,
  minors,
  byNationality,
  indicators,
});

describe('victim figure releases', () => {
  it('are read from the operation-wide counters only', () => {
    const counters = [
      counter('victims_total', '', 7),
      counter('victims_minors', '', 2),
      counter('victims_nationality', 'UA', 4),
      counter('victims_nationality', 'KZ', 1),
      counter('victim_indicator', 'third_party_control', 5),
      counter('victims_total', '', 7, 'team', 't1'),
      counter('suspects', '', 3),
    ];
    expect(victimCountsFromCounters(counters)).toEqual(counts(7, 2, { UA: 4, KZ: 1 }, { third_party_control: 5 }));
  });

  it('move each figure only in steps of at least three, so no difference between two releases is about one victim', () => {
    const first = nextRelease(null, counts(4, 1, { UA: 3, MD: 1 }, { rented: 1 }), 3, 't1')!;
    expect(first).toEqual({ total: 4, minors: 0, byNationality: { UA: 3 }, indicators: {}, releasedAt: 't1' });
    // One more victim, MD, a minor, with an indicator: nothing can move by one.
    expect(nextRelease(first, counts(5, 2, { UA: 3, MD: 2 }, { rented: 2 }), 3, 't2')).toBeNull();
    // Two more UA victims, whatever else happened: the total and UA move; MD, minors and the indicator stay.
    const third = nextRelease(first, counts(7, 2, { UA: 5, MD: 2 }, { rented: 2 }), 3, 't3')!;
    expect(third).toEqual({ total: 7, minors: 0, byNationality: { UA: 3 }, indicators: {}, releasedAt: 't3' });
    // Down as well as up: a rejection of three brings the total back.
    expect(nextRelease(third, counts(4, 2, { UA: 2, MD: 2 }, { rented: 2 }), 3, 't4')).toMatchObject({ total: 4, byNationality: {} });
    // Nothing at all: no release.
    expect(nextRelease(null, counts(2, 0, { UA: 2 }), 3, 't')).toBeNull();
  });

  it('serve counts below the threshold as "<3", zero included, and name no nationality or indicator below it', () => {
    const published = publishRelease({ ...counts(7, 0, { UA: 4, MD: 2 }, { third_party_control: 5, rare: 2 }), releasedAt: 'then' }, 3);
    expect(published.possibleVictims).toEqual({ total: 7, minors: null, byNationality: { UA: 4 } });
    expect(published.victimRelease).toEqual({ releasedAt: 'then', suppressBelow: 3, topIndicators: [{ code: 'third_party_control', count: 5 }] });
    expect(publishRelease(null, 3)).toEqual({ possibleVictims: null, victimRelease: { releasedAt: null, suppressBelow: 3, topIndicators: [] } });
  });

  it('give members without victim access every other figure exact and the victim figures of the release only', () => {
    const base = emptyTallies({
      operationId: 'op',
      frozen: false,
      closedAt: null,
      snapshotSha256: null,
      asOfSeq: 9,
      participants: { experts: 1, countries: 1 },
      teams: [{ id: 't1', name: 'NL' }],
      countries: ['NL'],
    });
    const counters = [counter('victims_total', '', 7), counter('victims_total', '', 7, 'team', 't1'), counter('suspects', '', 3), counter('victim_indicator', 'x', 9)];
    const t = withheldVictimTallies(base, counters, null, 3, () => 'NL');
    expect(t.suspects).toBe(3);
    expect(t.possibleVictims).toBeNull();
    expect(t.byTeam[0].possibleVictims).toBeNull();
    expect(t.byCountry.NL.possibleVictims).toBeNull();
    expect(t.topIndicators).toEqual([]);
    const released = withheldVictimTallies(base, counters, { ...counts(6, 0, {}), releasedAt: 'then' }, 3);
    expect(released.possibleVictims?.total).toBe(6);
    expect(released.byTeam[0].possibleVictims).toBeNull();
  });

  it('read a released count as people do', () => {
    expect(victimCountText(4, { suppressBelow: 3 })).toBe('4');
    expect(victimCountText(null, { suppressBelow: 3 })).toBe('<3');
    expect(victimCountText(undefined, { suppressBelow: 3 }, 'not released yet')).toBe('not released yet');
  });
});
