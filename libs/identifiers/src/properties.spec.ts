import fc from 'fast-check';
import { TARGET_KINDS } from '@actionday/contracts';
import { normalizeEmail } from './email';
import { normalizeMessaging } from './messaging';
import { normalizeIdentifier } from './normalize-identifier';
import { normalizePhone } from './phone';
import { normalizePlatform } from './platform';
import { normalizeUrl } from './url';
import { normalizeUsername } from './username';

const runs = { numRuns: 200 };

// Strings with the characters that matter to the parsers, so that edge cases turn up often.
const noisyString = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      ...'aAbZ09 .-_@:/?#&=+()%[]~\t'.split(''),
      'www.',
      'https://',
      '00',
      '+31',
      'utm_x=1',
      '.example',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});
const platformOpt = fc.option(
  fc.constantFrom(
    'instagram.com',
    'www.TikTok.com',
    'Telegram',
    'https://t.me',
    'WhatsApp',
    'only fans',
  ),
  {
    nil: undefined,
  },
);
const regionOpt = fc.option(fc.constantFrom('NL', 'DE', 'UA', 'AL', 'GB', 'US'), {
  nil: undefined,
});

describe('normalizing is idempotent', () => {
  it.each(TARGET_KINDS)('for %s, on arbitrary input', (kind) => {
    fc.assert(
      fc.property(noisyString, platformOpt, regionOpt, (value, platform, defaultCountry) => {
        const opts = { platform, defaultCountry };
        const once = normalizeIdentifier(kind, value, opts);
        // Stored values are re-normalized with the platform they were stored with, which a
        // profile URL may have changed from the one given.
        const twice = normalizeIdentifier(kind, once.normalized, {
          ...opts,
          platform: once.platform ?? platform,
        });
        expect(twice.normalized).toBe(once.normalized);
        expect(twice.valid).toBe(once.valid);
      }),
      runs,
    );
  });

  it('for URLs, on web URLs', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (value) => {
        const once = normalizeUrl(value);
        expect(normalizeUrl(once.normalized)).toEqual(once);
      }),
      runs,
    );
  });

  it('for usernames and messaging ids, without the platform on the second pass', () => {
    fc.assert(
      fc.property(noisyString, platformOpt, (value, platform) => {
        const user = normalizeUsername(value, platform);
        expect(normalizeUsername(user.normalized).normalized).toBe(user.normalized);
        const account = normalizeMessaging(value, platform);
        expect(normalizeMessaging(account.normalized).normalized).toBe(account.normalized);
      }),
      runs,
    );
  });
});

/** Upper- or lower-cases each character at random. */
const randomCase = (s: string) =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((flags) => [...s].map((c, i) => (flags[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

// Not `xx--`: that prefix marks punycode, which must decode.
const label = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/)
  .filter((l) => l.slice(2, 4) !== '--');
const host = fc
  .tuple(
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('example', 'com', 'co.uk', 'net'),
  )
  .map(([labels, tld]) => `${labels.join('.')}.${tld}`)
  .filter((h) => !h.startsWith('www.'));
const pathSegments = fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/), { maxLength: 4 });
const params = fc
  .uniqueArray(
    fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), fc.stringMatching(/^[A-Za-z0-9]{0,6}$/)),
    {
      selector: ([k]) => k,
      maxLength: 4,
    },
  )
  .map((ps) => ps.filter(([k]) => !k.startsWith('utm') && k !== 'ref'));
const tracking = fc.subarray([
  'utm_source=news',
  'utm_medium=social',
  'UTM_Campaign=x',
  'fbclid=IwAR0x',
  'gclid=abc',
  'ref=home',
  '_ga=1.2',
  'igshid=z',
]);

describe('equivalent spellings give one value', () => {
  it('for URLs: case of scheme and host, www., tracking, parameter order, trailing slash, fragment, default port', () => {
    fc.assert(
      fc.property(
        host,
        pathSegments,
        params,
        fc.record({
          scheme: fc.constantFrom('', 'http://', 'https://', 'HTTPS://', '//'),
          www: fc.boolean(),
          slash: fc.boolean(),
          fragment: fc.option(fc.stringMatching(/^[A-Za-z0-9]{0,6}$/), { nil: undefined }),
          port: fc.constantFrom('', ':443', ':80'),
          tracking,
          seed: fc.integer(),
        }),
        (h, segments, ps, v) => {
          const path = segments.map((s) => `/${s}`).join('');
          const pairs = ps.map(([k, val]) => `${k}=${val}`);
          const sorted = [...ps]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, val]) => `${k}=${val}`);
          const canonical = `${h}${path}${sorted.length ? `?${sorted.join('&')}` : ''}`;

          const shuffled = [...pairs, ...v.tracking].sort(
            (a, b) => ((a.length * 31 + v.seed) % 7) - ((b.length * 31 + v.seed) % 7),
          );
          return fc.assert(
            fc.property(randomCase(h), (mixedHost) => {
              const spelled =
                `${v.scheme}${v.www ? 'WwW.' : ''}${mixedHost}${v.port}${path}${v.slash ? '/' : ''}` +
                `${shuffled.length ? `?${shuffled.join('&')}` : ''}${v.fragment !== undefined ? `#${v.fragment}` : ''}`;
              const result = normalizeUrl(spelled);
              expect(result.normalized).toBe(canonical);
              expect(result.valid).toBe(true);
            }),
            { numRuns: 3 },
          );
        },
      ),
      runs,
    );
  });

  it('for platforms: a domain, its www. form and any URL on it', () => {
    fc.assert(
      fc.property(
        host,
        pathSegments,
        fc.constantFrom('', 'https://', 'HTTP://'),
        fc.boolean(),
        (h, segments, scheme, www) => {
          const spelled = `${scheme}${www ? 'www.' : ''}${h.toUpperCase()}${segments.map((s) => `/${s}`).join('')}`;
          expect(normalizePlatform(spelled).normalized).toBe(h);
        },
      ),
      runs,
    );
  });

  // Numbers whose national significant number is valid for any tail digits.
  const numbers = fc.oneof(
    fc.stringMatching(/^6[1-5]\d{7}$/).map((nsn) => ({ country: 'NL', cc: '31', nsn })),
    fc.stringMatching(/^15[12]\d{8}$/).map((nsn) => ({ country: 'DE', cc: '49', nsn })),
    fc.stringMatching(/^(50|67|97)\d{7}$/).map((nsn) => ({ country: 'UA', cc: '380', nsn })),
    fc.stringMatching(/^69\d{7}$/).map((nsn) => ({ country: 'AL', cc: '355', nsn })),
    fc.stringMatching(/^7[458]\d{8}$/).map((nsn) => ({ country: 'GB', cc: '44', nsn })),
  );
  /** Splits digits into groups joined by random separators, optionally bracketing the first. */
  const spell = (digits: string) =>
    fc
      .tuple(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom('', ' ', '-', '.', '  '), { minLength: 6, maxLength: 6 }),
        fc.boolean(),
      )
      .map(([sizes, seps, bracket]) => {
        const groups: string[] = [];
        let rest = digits;
        for (const size of sizes) {
          if (rest === '') break;
          groups.push(rest.slice(0, size));
          rest = rest.slice(size);
        }
        if (rest !== '') groups.push(rest);
        if (bracket && groups.length > 1) groups[0] = `(${groups[0]})`;
        return groups.map((g, i) => (i === 0 ? g : `${seps[i % seps.length] || ' '}${g}`)).join('');
      });

  it('for phones: national and international, with spaces, dashes, dots, parentheses or the 00 prefix', () => {
    fc.assert(
      fc.property(
        numbers.chain((n) =>
          fc.tuple(
            fc.constant(n),
            spell(`0${n.nsn}`),
            spell(n.nsn),
            fc.constantFrom('+', '00', '+ ', '00 '),
          ),
        ),
        ([n, national, nsn, prefix]) => {
          const e164 = `+${n.cc}${n.nsn}`;
          const expected = { normalized: e164, valid: true, platform: null };
          expect(normalizePhone(`${prefix}${n.cc} ${nsn}`)).toEqual(expected);
          expect(normalizePhone(`${prefix}${n.cc} ${nsn}`, 'NL')).toEqual(expected);
          expect(normalizePhone(national, n.country)).toEqual(expected);
          expect(normalizePhone(e164)).toEqual(expected);
        },
      ),
      runs,
    );
  });

  it('for e-mail addresses: case and surrounding whitespace', () => {
    fc.assert(
      fc.property(
        fc.emailAddress(),
        fc.constantFrom('', ' ', 'mailto:', ' MailTo:'),
        (email, prefix) => {
          const canonical = email.toLowerCase();
          return fc.assert(
            fc.property(randomCase(email), (mixed) => {
              expect(normalizeEmail(`${prefix}${mixed} `).normalized).toBe(canonical);
            }),
            { numRuns: 2 },
          );
        },
      ),
      runs,
    );
  });

  it('for usernames: @, case, platform as domain, www. or URL, or a profile URL', () => {
    const handle = fc.stringMatching(/^[a-z0-9][a-z0-9._]{0,14}$/);
    const site = fc.constantFrom(
      'instagram.com',
      'tiktok.com',
      'onlyfans.com',
      'escort-ads.example',
    );
    fc.assert(
      fc.property(handle, site, fc.integer({ min: 0, max: 5 }), (h, s, form) => {
        const canonical = `${h}@${s}`;
        const spellings = [
          normalizeUsername(`@${h.toUpperCase()}`, s),
          normalizeUsername(h, `www.${s}`),
          normalizeUsername(` ${h} `, `https://${s.toUpperCase()}/`),
          normalizeUsername(`${h}@${s}`),
          normalizeUsername(`https://www.${s}/${h.toUpperCase()}/?utm_source=x`),
          normalizeUsername(`${s}/@${h}`),
        ];
        expect(spellings[form]).toEqual({ normalized: canonical, valid: true, platform: s });
      }),
      runs,
    );
  });

  it('for messaging ids: @, case, app name, domain or prefix', () => {
    const handle = fc.stringMatching(/^[a-z][a-z0-9_]{3,14}$/);
    fc.assert(
      fc.property(
        handle,
        fc.constantFrom('Telegram', 'telegram.org', 't.me', 'TELEGRAM'),
        fc.boolean(),
        (h, app, at) => {
          expect(normalizeMessaging(`${at ? '@' : ''}${h.toUpperCase()}`, app).normalized).toBe(
            `telegram:${h}`,
          );
          expect(normalizeMessaging(`https://t.me/${h}`).normalized).toBe(`telegram:${h}`);
          expect(normalizeMessaging(`Telegram:${h}`).normalized).toBe(`telegram:${h}`);
        },
      ),
      runs,
    );
  });
});
