import { TARGET_KINDS, IDENTIFIER_KINDS } from '@actionday/contracts';
import { normalizeIdentifier } from './normalize-identifier';

describe('normalizeIdentifier', () => {
  it.each([
    ['phone', '06 12345678', { defaultCountry: 'NL' }, '+31612345678', null],
    ['email', ' Jane@Example.com', {}, 'jane@example.com', null],
    ['url', 'https://www.ads.example/a/?utm_source=x', {}, 'ads.example/a', 'ads.example'],
    ['platform', 'https://WWW.Ads.example/', {}, 'ads.example', 'ads.example'],
    ['username', '@Jane', { platform: 'www.instagram.com' }, 'jane@instagram.com', 'instagram.com'],
    ['messaging', '@Jane', { platform: 'Telegram' }, 'telegram:jane', 'telegram'],
    [
      'messaging',
      '050 123 4567',
      { platform: 'Viber', defaultCountry: 'UA' },
      'viber:+380501234567',
      'viber',
    ],
    ['other', ' Some  Thing ', {}, 'some thing', null],
  ] as const)('%s %j -> %s', (kind, value, opts, normalized, platform) => {
    expect(normalizeIdentifier(kind, value, opts)).toEqual({ normalized, valid: true, platform });
  });

  it('accepts null options as the API passes them from the database', () => {
    expect(
      normalizeIdentifier('phone', '+31612345678', { defaultCountry: null, platform: null }).valid,
    ).toBe(true);
    expect(normalizeIdentifier('username', 'jane', { platform: null }).normalized).toBe('jane');
  });

  it('handles every target and identifier kind', () => {
    for (const kind of [...TARGET_KINDS, ...IDENTIFIER_KINDS]) {
      expect(normalizeIdentifier(kind, 'x').normalized).toEqual(expect.any(String));
    }
  });
});
