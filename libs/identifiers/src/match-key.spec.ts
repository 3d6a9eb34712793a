import { normalizeIdentifier } from './normalize-identifier';
import { matchKey, matchKindOf } from './match-key';

const key = (kind: Parameters<typeof normalizeIdentifier>[0], value: string, defaultCountry?: string, platform?: string) =>
  matchKey(kind, normalizeIdentifier(kind, value, { defaultCountry, platform }).normalized);

describe('matchKey', () => {
  it('matches one phone number written in two countries\u2019 formats', () => {
    expect(key('phone', '06 12 34 56 78', 'NL')).toBe(key('phone', '0031 6 1234 5678', 'DE'));
    expect(key('phone', '+380 67 123 4567')).toBe(key('phone', '067 123 45 67', 'UA'));
  });

  it('matches a messaging account that is a phone number with the plain number', () => {
    expect(key('messaging', 'wa.me/31612345678')).toBe(key('phone', '+31 6 12345678'));
    expect(matchKindOf(key('messaging', '+31612345678', undefined, 'WhatsApp')!)).toBe('phone');
  });

  it('keeps messaging handles apart from usernames and apps apart from each other', () => {
    expect(key('messaging', '@anna', undefined, 'telegram')).toBe('messaging:telegram:anna');
    expect(key('messaging', '@anna', undefined, 'signal')).not.toBe(key('messaging', '@anna', undefined, 'telegram'));
    expect(key('username', '@anna', undefined, 'instagram.com')).not.toBe(key('messaging', '@anna', undefined, 'telegram'));
  });

  it('matches a platform with a URL of its home page, and e-mail addresses by case', () => {
    expect(key('platform', 'https://www.Escort-Site.example/')).toBe(key('url', 'escort-site.example'));
    expect(key('email', 'Anna.K@Example.ORG')).toBe(key('email', 'anna.k@example.org'));
  });

  it('never compares free text', () => {
    expect(matchKey('other', 'some person')).toBeNull();
    expect(matchKey('phone', '  ')).toBeNull();
  });
});
