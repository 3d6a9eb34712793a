import { DEFAULT_INDICATORS } from '@actionday/contracts';
import { altDigitIndex, filterIndicators, labelOf, moveHighlight, searchText, toggleCode } from './indicator-filter';

const key = (code: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({
  altKey: true,
  ctrlKey: false,
  metaKey: false,
  code,
  ...mods,
});

describe('filterIndicators', () => {
  it('matches every typed word in the label or the code, ignoring case and accents', () => {
    expect(filterIndicators(DEFAULT_INDICATORS, 'young').map((i) => i.code)).toEqual(['visibly_very_young']);
    expect(filterIndicators(DEFAULT_INDICATORS, 'PHONE ads').map((i) => i.code)).toEqual(['same_phone_many_ads']);
    expect(filterIndicators(DEFAULT_INDICATORS, 'debt_bondage').map((i) => i.code)).toEqual(['debt_bondage']);
    expect(filterIndicators([{ code: 'fake_casting', label: 'Fausse agence de mannequins (« casting »)' }], 'agénce').length).toBe(1);
  });
  it('keeps the catalogue order and everything for a blank query', () => {
    expect(filterIndicators(DEFAULT_INDICATORS, '  ')).toHaveLength(DEFAULT_INDICATORS.length);
    expect(filterIndicators(DEFAULT_INDICATORS, 'zzz')).toEqual([]);
  });
  it('normalizes search text', () => {
    expect(searchText('Débt_Bondage')).toBe('debt bondage');
  });
});

describe('toggleCode', () => {
  it('adds at the end and removes in place', () => {
    expect(toggleCode(['a', 'b'], 'c')).toEqual(['a', 'b', 'c']);
    expect(toggleCode(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
  });
});

describe('altDigitIndex', () => {
  it('maps Alt+1 … Alt+9 (top row and numpad) to 0 … 8, by physical key', () => {
    expect(altDigitIndex(key('Digit1'))).toBe(0);
    expect(altDigitIndex(key('Digit9'))).toBe(8);
    expect(altDigitIndex(key('Numpad3'))).toBe(2);
  });
  it('ignores other keys and combinations', () => {
    expect(altDigitIndex(key('Digit0'))).toBeNull();
    expect(altDigitIndex(key('KeyN'))).toBeNull();
    expect(altDigitIndex(key('Digit1', { altKey: false }))).toBeNull();
    expect(altDigitIndex(key('Digit1', { ctrlKey: true }))).toBeNull();
    expect(altDigitIndex(key('Digit1', { metaKey: true }))).toBeNull();
  });
});

describe('moveHighlight', () => {
  it('wraps around and starts from the right end', () => {
    expect(moveHighlight(0, 1, 3)).toBe(1);
    expect(moveHighlight(2, 1, 3)).toBe(0);
    expect(moveHighlight(0, -1, 3)).toBe(2);
    expect(moveHighlight(-1, 1, 3)).toBe(0);
    expect(moveHighlight(-1, -1, 3)).toBe(2);
    expect(moveHighlight(5, 1, 3)).toBe(0);
    expect(moveHighlight(0, 1, 0)).toBe(-1);
  });
});

describe('labelOf', () => {
  it('reads a code from the catalogue, else as words', () => {
    expect(labelOf(DEFAULT_INDICATORS, 'virginity_auction')).toBe('Virginity auction');
    expect(labelOf(DEFAULT_INDICATORS, 'custom_one')).toBe('custom one');
  });
});
