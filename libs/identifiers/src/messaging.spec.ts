import { normalizeAppName, normalizeMessaging } from './messaging';

describe('normalizeMessaging', () => {
  it.each([
    ['@Night_Rose', 'Telegram', 'telegram:night_rose'],
    ['night_rose', 'telegram.org', 'telegram:night_rose'],
    ['telegram:Night_Rose', undefined, 'telegram:night_rose'],
    ['Telegram:@night_rose', 'telegram', 'telegram:night_rose'],
    ['https://t.me/Night_Rose', undefined, 'telegram:night_rose'],
    ['t.me/night_rose', 'Telegram', 'telegram:night_rose'],
  ])('%j on %j -> %s', (value, platform, expected) => {
    expect(normalizeMessaging(value, platform)).toEqual({
      normalized: expected,
      valid: true,
      platform: 'telegram',
    });
  });

  it.each([
    ['+31 6 1234 5678', 'WhatsApp', undefined],
    ['06-12345678', 'whatsapp', 'NL'],
    ['0031612345678', 'whatsapp.com', undefined],
    ['https://wa.me/31612345678', undefined, undefined],
    ['whatsapp:+31 (0)6 12345678', undefined, undefined],
  ])('reads the phone number %j on %j as E.164', (value, platform, region) => {
    expect(normalizeMessaging(value, platform, region)).toEqual({
      normalized: 'whatsapp:+31612345678',
      valid: true,
      platform: 'whatsapp',
    });
  });

  it('gives a bare id when the app is unknown', () => {
    expect(normalizeMessaging('+61 491 570 006')).toEqual({
      normalized: '+61491570006',
      valid: true,
      platform: null,
    });
    expect(normalizeMessaging('@Rose')).toEqual({
      normalized: 'rose',
      valid: true,
      platform: null,
    });
  });

  it('flags a number it cannot read and an empty id', () => {
    expect(normalizeMessaging('06 1234', 'signal')).toEqual({
      normalized: 'signal:061234',
      valid: false,
      platform: 'signal',
    });
    expect(normalizeMessaging('  ', 'signal').valid).toBe(false);
  });
});

describe('normalizeAppName', () => {
  it.each([
    ['Telegram', 'telegram'],
    ['telegram.org', 'telegram'],
    ['https://web.telegram.org/k/', 'telegram'],
    ['t.me', 'telegram'],
    ['wa.me', 'whatsapp'],
    ['Signal', 'signal'],
    ['Facebook Messenger', 'facebook-messenger'],
  ])('%s -> %s', (value, expected) => {
    expect(normalizeAppName(value)).toBe(expected);
  });

  it.each([null, undefined, '', ' : '])('gives null for %j', (value) => {
    expect(normalizeAppName(value)).toBeNull();
  });

  it('gives a name that normalizes to itself, also when made from a host that reads as a host again', () => {
    // Found by the idempotence property: "https://.¡.A" as an id was "xn--7a.a:", then "xn--7a:".
    expect(normalizeMessaging('https://.¡.A').normalized).toBe('xn--7a:');
    expect(normalizeMessaging('xn--7a:').normalized).toBe('xn--7a:');
    for (const name of ['.xn--7a.a', 'foo bar.com', 'Telegram']) expect(normalizeAppName(normalizeAppName(name))).toBe(normalizeAppName(name));
  });

  it('reads an id without an app that reads as app:id as a second pass would', () => {
    // Found by the idempotence property: "@www.https://" was "www.https://", then "www://".
    expect(normalizeMessaging('@www.https://').normalized).toBe('www://');
    expect(normalizeMessaging('www://').normalized).toBe('www://');
  });
});
