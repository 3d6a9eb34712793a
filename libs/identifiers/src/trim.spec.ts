import fc from 'fast-check';
import { normalizeIdentifier } from './normalize-identifier';
import { normalizeMessaging } from './messaging';
import { normalizeUrl } from './url';
import { normalizeUsername } from './username';
import { refangDots, trimHandle, trimTrailing } from './trim';

// What the linear code replaces, kept here as the specification it must agree with.
const oldTrimHandle = (v: string) => v.replace(/^[\s@]+|\s+$/g, '');
const oldRefang = (v: string) => {
  while (v.includes('[.]')) v = v.replaceAll('[.]', '.');
  return v;
};

const pieces = fc.string({
  unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2003', '\ufeff', '@', 'a', 'Z', '.', '/', '[', ']', '[.]', 'é'),
  maxLength: 30,
});

const N = 100_000;
/** Milliseconds of one call, the best of three (a busy machine only ever makes a call slower). */
function ms(f: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    f();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('linear trimming', () => {
  it('agrees with the regular expressions it replaces', () => {
    fc.assert(fc.property(pieces, (v) => trimHandle(v) === oldTrimHandle(v)), { numRuns: 2000 });
    fc.assert(fc.property(pieces, (v) => refangDots(v) === oldRefang(v)), { numRuns: 2000 });
    fc.assert(fc.property(pieces, (v) => trimTrailing(v, '/') === v.replace(/\/+$/, '') && trimTrailing(v, '.') === v.replace(/\.+$/, '')), {
      numRuns: 2000,
    });
  });

  it('treats exactly the characters of \\s as whitespace', () => {
    const differing: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if (trimHandle(`${c}x${c}`) !== oldTrimHandle(`${c}x${c}`)) differing.push(code);
    }
    expect(differing).toEqual([]);
  });

  it.each([
    ['100,000 spaces', ' '.repeat(N)],
    ['100,000 spaces then a letter', `${' '.repeat(N)}x`],
    ['a letter, 100,000 spaces, a letter', `a${' '.repeat(N)}x`],
    ['100,000 @', '@'.repeat(N)],
    ['100,000 @ then a letter', `${'@'.repeat(N)}x`],
  ])('normalizes a handle of %s in milliseconds', (_name, value) => {
    // Before: ~12,000 ms for "a, 100,000 spaces, a letter" in both functions (the `\s+$` retried
    // from every space).
    expect(ms(() => normalizeUsername(value))).toBeLessThan(50);
    expect(ms(() => normalizeMessaging(value))).toBeLessThan(50);
    expect(ms(() => normalizeMessaging(`telegram:${value}`))).toBeLessThan(50);
    expect(ms(() => normalizeIdentifier('username', value, { platform: 'instagram.com' }))).toBeLessThan(50);
  });

  it('normalizes links with long runs of slashes, dots and nested [.] in milliseconds', () => {
    // Before: ~10,000 ms each for the slashes and the dots (`/\/+$/`, `/\.+$/`), ~20,000 ms for
    // the nested "[.]" (one replaceAll pass per level).
    expect(ms(() => normalizeUrl(`https://example.com/${'/'.repeat(N)}x`))).toBeLessThan(50);
    expect(ms(() => normalizeUsername(`instagram.com/${'/'.repeat(N)}x`))).toBeLessThan(50);
    expect(ms(() => trimTrailing(`${'.'.repeat(N)}x`, '.'))).toBeLessThan(50);
    expect(ms(() => normalizeUrl(`https://example${'['.repeat(N / 2)}.${']'.repeat(N / 2)}com/`))).toBeLessThan(50);
  });

  it('keeps the results of long values', () => {
    expect(normalizeUsername(`  @@${' '.repeat(N)}Jane  `, 'instagram.com')).toEqual({ normalized: 'jane@instagram.com', valid: true, platform: 'instagram.com' });
    expect(normalizeMessaging(`telegram:@Jane${' '.repeat(N)}`).normalized).toBe('telegram:jane');
    expect(normalizeUrl(`https://example.com/a${'/'.repeat(N)}`).normalized).toBe('example.com/a');
    expect(refangDots('hxxps://example[[[.]]]com')).toBe('hxxps://example.com');
    expect(refangDots('example[[.].]com')).toBe('example[..]com');
  });
});
