import { emptyFigures, emptyTallies } from '@actionday/tallies';
import type { Tallies } from '@actionday/contracts';
import { breakdownRows, countRows, hourRows, indicatorRows, progressSegments, tallyBreakdowns } from './tally-chart-data';

const OP = '00000000-0000-4000-8000-000000000001';
const TEAM_NL = '00000000-0000-4000-8000-0000000000a1';
const TEAM_UA = '00000000-0000-4000-8000-0000000000a2';

function tallies(patch: Partial<Tallies> = {}): Tallies {
  const t = emptyTallies({
    operationId: OP,
    frozen: false,
    closedAt: null,
    snapshotSha256: null,
    asOfSeq: 0,
    participants: { experts: 3, countries: 2 },
    teams: [
      { id: TEAM_UA, name: 'Ukraine' },
      { id: TEAM_NL, name: 'Netherlands' },
    ],
    countries: ['UA', 'NL'],
  });
  return { ...t, ...patch };
}

describe('tally chart data', () => {
  it('names and sorts the breakdowns: teams by their current name, uncategorized last', () => {
    const figures = emptyFigures();
    const t = tallies({ byCategory: { uncategorized: figures, escort: figures, advertising_aggregator: figures } });
    const b = tallyBreakdowns(t, (id) => (id === TEAM_NL ? 'NL East' : undefined));
    expect(b.byTeam.map((r) => r.name)).toEqual(['NL East', 'Ukraine']);
    expect(b.byCountry.map((r) => r.key)).toEqual(['NL', 'UA']);
    expect(b.byCategory.map((r) => r.name)).toEqual(['Advertising aggregator', 'Escort', 'Uncategorized']);
  });

  it('makes one chart row per entry with one value per series of the metric', () => {
    const f = emptyFigures();
    f.examined.platforms = 4;
    f.examined.usernames = 1;
    f.platforms.suspected = 2;
    f.platforms.confirmed = 1;
    const rows = breakdownRows([{ key: 'NL', name: 'NL', figures: f }], 'examined');
    expect(rows).toEqual([{ key: 'NL', name: 'NL', platforms: 4, usernames: 1, communications: 0 }]);
    expect(breakdownRows([{ key: 'NL', name: 'NL', figures: f }], 'platforms')[0]).toMatchObject({ suspected: 2, confirmed: 1, referred: 0 });
  });

  it('counts largest first and leaves zeros out; indicators are named by the given catalogue', () => {
    expect(countRows({ NL: 2, UA: 25, DE: 0, BE: 2 }).map((r) => [r.key, r.count])).toEqual([
      ['UA', 25],
      ['BE', 2],
      ['NL', 2],
    ]);
    const label = (code: string) => (code === 'fake_casting' ? 'Fake casting' : code);
    expect(indicatorRows([{ code: 'fake_casting', count: 3 }, { code: 'x', count: 1 }], label, 1)).toEqual([{ key: 'fake_casting', name: 'Fake casting', count: 3 }]);
  });

  it('fills quiet hours with 0 and labels hours in the operation time zone', () => {
    const rows = hourRows(
      [
        { hour: '2026-11-23T11:00:00.000Z', count: 4 },
        { hour: '2026-11-23T08:00:00.000Z', count: 2 },
      ],
      'Europe/Amsterdam',
    );
    expect(rows.map((r) => [r.label, r.count])).toEqual([
      ['09:00', 2],
      ['10:00', 0],
      ['11:00', 0],
      ['12:00', 4],
    ]);
    // Over midnight (in Amsterdam), the day is part of the label.
    const night = hourRows(
      [
        { hour: '2026-11-23T22:00:00.000Z', count: 1 },
        { hour: '2026-11-23T23:00:00.000Z', count: 1 },
      ],
      'Europe/Amsterdam',
    );
    expect(night.map((r) => r.label)).toEqual(['23 Nov, 23:00', '24 Nov, 00:00']);
    expect(hourRows([])).toEqual([]);
  });

  it('splits the targets into done, in progress, assigned and unassigned shares', () => {
    const { total, segments } = progressSegments({ done: 5, in_progress: 2, assigned: 1, unassigned: 2 });
    expect(total).toBe(10);
    expect(segments.map((s) => [s.state, s.count, s.share])).toEqual([
      ['done', 5, 0.5],
      ['in_progress', 2, 0.2],
      ['assigned', 1, 0.1],
      ['unassigned', 2, 0.2],
    ]);
    expect(progressSegments({ done: 0, in_progress: 0, assigned: 0, unassigned: 0 }).segments.every((s) => s.share === 0)).toBe(true);
  });
});
