import { normalizeOther } from './other';

describe('normalizeOther', () => {
  it('trims, collapses inner whitespace and lower-cases', () => {
    expect(normalizeOther('  IBAN  NL00 \t BANK 0123 ')).toEqual({
      normalized: 'iban nl00 bank 0123',
      valid: true,
      platform: null,
    });
  });

  it('flags an empty value', () => {
    expect(normalizeOther(' \n ').valid).toBe(false);
  });
});
