import { chooseCoding } from './accept-encoding';

describe('chooseCoding', () => {
  const both = ['br', 'gzip'] as const;

  it("prefers brotli to gzip whatever the order of the browser's list", () => {
    expect(chooseCoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(chooseCoding('br, gzip', both)).toBe('br');
  });

  it('sends gzip to a client without brotli, or when the file has no brotli variant', () => {
    expect(chooseCoding('gzip, deflate', both)).toBe('gzip');
    expect(chooseCoding('x-gzip', both)).toBe('gzip');
    expect(chooseCoding('gzip, br', ['gzip'])).toBe('gzip');
  });

  it('sends the file as it is without the header, or with only codings it has no variant in', () => {
    expect(chooseCoding(undefined, both)).toBe('identity');
    expect(chooseCoding('', both)).toBe('identity');
    expect(chooseCoding('deflate, zstd', both)).toBe('identity');
    expect(chooseCoding('br', ['gzip'])).toBe('identity');
    expect(chooseCoding('gzip, br', [])).toBe('identity');
  });

  it('follows the qualities: q=0 refuses, a higher q wins, a rated identity can win', () => {
    expect(chooseCoding('br;q=0, gzip', both)).toBe('gzip');
    expect(chooseCoding('br;q=0.2, gzip;q=0.9', both)).toBe('gzip');
    expect(chooseCoding('BR;Q=1, GZIP;Q=0.5', both)).toBe('br');
    expect(chooseCoding('gzip;q=0.5', both)).toBe('gzip');
    expect(chooseCoding('gzip;q=0.5, identity', both)).toBe('identity');
    expect(chooseCoding('*', both)).toBe('br');
    expect(chooseCoding('*;q=0', both)).toBe('identity');
    expect(chooseCoding('identity;q=0, gzip', both)).toBe('gzip');
  });

  it('ignores entries with a malformed quality', () => {
    expect(chooseCoding('br;q=2, gzip', both)).toBe('gzip');
    expect(chooseCoding('br;q=abc', both)).toBe('identity');
    expect(chooseCoding(' , ;q=1, gzip ; q=1', both)).toBe('gzip');
  });
});
