import { emptyFigures } from '@actionday/tallies';
import { figureText, rankedIndicators, victimValue } from './victim-figures';
import { tallies } from '../../entities/tallies/test-fixtures';

describe('victim figures on the dashboard', () => {
  const release = { releasedAt: '2025-03-01T10:00:00.000Z', suppressBelow: 3, topIndicators: [{ code: 'third_party_control', count: 4 }] };

  it('prints a number, "<3" for a suppressed release, and a dash where the figure is withheld', () => {
    expect(figureText(1234, { victimRelease: null })).toBe('1,234');
    expect(figureText(null, { victimRelease: release })).toBe('<3');
    expect(figureText(undefined, { victimRelease: release })).toBe('—');
    expect(victimValue({ ...emptyFigures(), possibleVictims: null }, 'total')).toBeUndefined();
    expect(victimValue({ ...emptyFigures(), possibleVictims: { total: null, minors: 0, byNationality: {} } }, 'total')).toBeNull();
  });

  it('ranks the released victim indicators together with the live ones of other findings', () => {
    const t = tallies(1, { topIndicators: [{ code: 'same_phone', count: 5 }, { code: 'third_party_control', count: 1 }], victimRelease: release });
    expect(rankedIndicators(t)).toEqual([
      { code: 'same_phone', count: 5 },
      { code: 'third_party_control', count: 5 },
    ]);
    expect(rankedIndicators(tallies(1, { topIndicators: [{ code: 'x', count: 1 }] }))).toEqual([{ code: 'x', count: 1 }]);
  });
});
