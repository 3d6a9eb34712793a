import { normalizePlatform, normalizePlatformName } from './platform';

describe('normalizePlatform', () => {
  it.each([
    [
      'velvet-nights-escort.example',
      'velvet-nights-escort.example',
      'velvet-nights-escort.example',
    ],
    [
      'WWW.Velvet-Nights-Escort.example',
      'velvet-nights-escort.example',
      'velvet-nights-escort.example',
    ],
    [
      'https://www.velvet-nights-escort.example/girls?utm_source=x',
      'velvet-nights-escort.example',
      'velvet-nights-escort.example',
    ],
    ['m.facebook.com', 'm.facebook.com', 'facebook.com'],
    ['forum.classifieds.example:8443', 'forum.classifieds.example', 'classifieds.example'],
  ])('%s -> host %s, platform %s', (value, normalized, platform) => {
    expect(normalizePlatform(value)).toEqual({ normalized, valid: true, platform });
  });

  it.each([
    ['Telegram', 'telegram'],
    ['  Only   Fans ', 'only fans'],
    ['Mr. Big Escort', 'mr. big escort'],
  ])('takes the name %j as %j when it is not a domain', (value, normalized) => {
    expect(normalizePlatform(value)).toEqual({ normalized, valid: true, platform: null });
  });

  it('reads a host the URL parser takes only in small letters as it reads it in small letters (a second pass gives the same)', () => {
    // Found by the idempotence property: "Ⴀ.example" was kept as a name, "ⴀ.example" became a host.
    expect(normalizePlatform('Ⴀ.example')).toEqual({ normalized: 'xn--rkj.example', valid: true, platform: 'xn--rkj.example' });
    expect(normalizePlatform('xn--rkj.example').normalized).toBe('xn--rkj.example');
  });

  it('flags an empty value', () => {
    expect(normalizePlatform('  ').valid).toBe(false);
  });
});

describe('normalizePlatformName', () => {
  it.each([
    ['instagram.com', 'instagram.com'],
    ['www.instagram.com', 'instagram.com'],
    ['https://instagram.com', 'instagram.com'],
    ['https://www.Instagram.com/', 'instagram.com'],
    ['m.facebook.com', 'facebook.com'],
    ['Instagram', 'instagram'],
  ])('%s -> %s', (value, expected) => {
    expect(normalizePlatformName(value)).toBe(expected);
  });

  it.each([null, undefined, '', '  '])('gives null for %j', (value) => {
    expect(normalizePlatformName(value)).toBeNull();
  });
});
