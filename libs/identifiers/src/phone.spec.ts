import { normalizePhone } from './phone';

describe('normalizePhone', () => {
  it.each([
    // [value, default region, E.164]
    ['+31 6 12345678', undefined, '+31612345678'],
    ['06-12345678', 'NL', '+31612345678'],
    ['06 1234 5678', 'nl', '+31612345678'],
    ['0031 (0)6 1234.5678', undefined, '+31612345678'],
    ['(+31) 612345678', undefined, '+31612345678'],
    ['tel:+31612345678', undefined, '+31612345678'],
    ['+49 30 1234567', undefined, '+49301234567'],
    ['030 1234567', 'DE', '+49301234567'],
    ['030/1234567', 'DE', '+49301234567'],
    ['0151 2345 6789', 'DE', '+4915123456789'],
    ['+49 (0)151 23456789', undefined, '+4915123456789'],
    ['+380 50 123 4567', undefined, '+380501234567'],
    ['050 123 45 67', 'UA', '+380501234567'],
    ['+38 (050) 123-45-67', undefined, '+380501234567'],
    ['0038 050 123 4567', undefined, '+380501234567'],
    ['+355 69 123 4567', undefined, '+355691234567'],
    ['069 123 4567', 'AL', '+355691234567'],
    ['00355691234567', undefined, '+355691234567'],
    ['+44 20 7946 0000', undefined, '+442079460000'],
    ['020 7946 0000', 'GB', '+442079460000'],
    ['(020) 7946-0000', 'GB', '+442079460000'],
    ['+1 (202) 555-0123', undefined, '+12025550123'],
    ['202.555.0123', 'US', '+12025550123'],
    ['+61 491 570 006', undefined, '+61491570006'],
  ])('%s (%s) -> %s', (value, region, expected) => {
    expect(normalizePhone(value, region)).toEqual({
      normalized: expected,
      valid: true,
      platform: null,
    });
  });

  it('gives one value for the national and the international spelling of one number', () => {
    const spellings: [string, string | undefined][] = [
      ['+380501234567', undefined],
      ['+380 (50) 123-45-67', 'NL'],
      ['00380 50 123 45 67', 'DE'],
      ['050-123-45-67', 'UA'],
      ['(050) 123 4567', 'UA'],
    ];
    const values = new Set(spellings.map(([v, c]) => normalizePhone(v, c).normalized));
    expect([...values]).toEqual(['+380501234567']);
  });

  it('ignores an unknown or missing default region', () => {
    expect(normalizePhone('+31612345678', 'XX').valid).toBe(true);
    expect(normalizePhone('0612345678', 'XX').valid).toBe(false);
    expect(normalizePhone('0612345678', null).valid).toBe(false);
  });

  it.each([
    ['+31 6 1234567', '+3161234567'], // one digit short
    ['06 12345678', '0612345678'], // national without a region
    ['+44 7700 900123', '+447700900123'], // Ofcom drama range: not a real line
    ['12345', '12345'],
    ['call 06 12345678', 'call0612345678'],
    ['+1 800 FLOWERS', '+1800FLOWERS'],
    ['', ''],
  ])('keeps the invalid %j raw (whitespace stripped) and flags it', (value, kept) => {
    expect(normalizePhone(value, value === '06 12345678' ? undefined : 'NL')).toEqual({
      normalized: kept,
      valid: false,
      platform: null,
    });
  });

  it('treats the same digits in different regions as different numbers', () => {
    expect(normalizePhone('050 123 4567', 'UA').normalized).not.toBe(
      normalizePhone('050 123 4567', 'NL').normalized,
    );
  });
});
