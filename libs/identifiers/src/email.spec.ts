import { normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it.each([
    ['  Jane.Doe@Example.COM ', 'jane.doe@example.com'],
    ['mailto:Offers@Example.org', 'offers@example.org'],
    ['MAILTO: a+b@example.net', 'a+b@example.net'],
  ])('%j -> %s', (value, expected) => {
    expect(normalizeEmail(value)).toEqual({ normalized: expected, valid: true, platform: null });
  });

  it.each([
    'jane',
    'jane@',
    '@example.com',
    'jane@example',
    'ja ne@example.com',
    'a@b@example.com',
    'a@example..com',
    '',
  ])('flags %j as not an e-mail address but keeps it', (value) => {
    const result = normalizeEmail(value);
    expect(result.valid).toBe(false);
    expect(result.normalized).toBe(value.trim().toLowerCase());
  });
});
