import { normalizeUrl } from './url';

describe('normalizeUrl', () => {
  it.each([
    [
      'Https://WWW.Escort-Ads.example/Listing/123/?utm_source=x#top',
      'escort-ads.example/Listing/123',
      'escort-ads.example',
    ],
    ['escort-ads.example/Listing/123', 'escort-ads.example/Listing/123', 'escort-ads.example'],
    [
      'http://escort-ads.example/Listing/123',
      'escort-ads.example/Listing/123',
      'escort-ads.example',
    ],
    ['//escort-ads.example/Listing/123/', 'escort-ads.example/Listing/123', 'escort-ads.example'],
    ['https://escort-ads.example/', 'escort-ads.example', 'escort-ads.example'],
    ['https://escort-ads.example', 'escort-ads.example', 'escort-ads.example'],
    ['https://m.facebook.com/groups/123', 'm.facebook.com/groups/123', 'facebook.com'],
    ['https://ads.example.co.uk/a', 'ads.example.co.uk/a', 'example.co.uk'],
    ['example.com/x', 'example.com/x', 'example.com'],
    ['https://example.com:443/x', 'example.com/x', 'example.com'],
    ['http://example.com:80/x', 'example.com/x', 'example.com'],
    ['http://example.com:443/x', 'example.com/x', 'example.com'],
    ['https://example.com:8080/x', 'example.com:8080/x', 'example.com'],
    ['https://user:secret@example.com/x', 'example.com/x', 'example.com'],
    ['https://example.com./x', 'example.com/x', 'example.com'],
    ['https://www.www.example.com/x', 'example.com/x', 'example.com'],
    ['https://www.com/x', 'www.com/x', 'www.com'],
    ['https://café.example/menu', 'xn--caf-dma.example/menu', 'xn--caf-dma.example'],
    ['hxxps://bad-site[.]example/ad', 'bad-site.example/ad', 'bad-site.example'],
    ['https://192.168.10.20/admin/', '192.168.10.20/admin', null],
  ])('%s -> %s', (value, normalized, platform) => {
    expect(normalizeUrl(value)).toEqual({ normalized, valid: true, platform });
  });

  it('drops utm_* and common tracking parameters and sorts the rest by name', () => {
    expect(
      normalizeUrl(
        'https://ads.example/list?page=2&utm_source=fb&fbclid=abc&gclid=1&mc_cid=2&mc_eid=3&igshid=4&ref=5&ref_src=6&yclid=7&_ga=8&UTM_Campaign=x&city=Kyiv',
      ).normalized,
    ).toBe('ads.example/list?city=Kyiv&page=2');
  });

  it('keeps repeated parameters in their order and parameters without a value', () => {
    expect(normalizeUrl('https://ads.example/s?tag=b&flag&tag=a').normalized).toBe(
      'ads.example/s?flag&tag=b&tag=a',
    );
  });

  it('keeps the case of path and query', () => {
    expect(normalizeUrl('HTTPS://ADS.EXAMPLE/Ad/XyZ?Id=AbC').normalized).toBe(
      'ads.example/Ad/XyZ?Id=AbC',
    );
  });

  it.each([
    '',
    '   ',
    'Telegram',
    'not a url',
    'mailto:jane@example.com',
    'javascript:alert(1)',
    'ftp://files.example/x',
    'https://',
  ])('flags %j as unparseable and keeps it trimmed', (value) => {
    expect(normalizeUrl(value)).toEqual({ normalized: value.trim(), valid: false, platform: null });
  });
});
