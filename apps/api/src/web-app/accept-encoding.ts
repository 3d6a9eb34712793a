/** The content codings the web build is precompressed in (tools/build/precompress.mjs), best first. */
export const PRECOMPRESSED = ['br', 'gzip'] as const;
export type ContentCoding = (typeof PRECOMPRESSED)[number];

/** Qualities by coding name, lowercased; `*` stands for every coding not listed. */
function qualities(header: string): Map<string, number> {
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    // A malformed quality drops the entry rather than guessing what the client meant.
    const value = qParam === undefined ? 1 : /^q=(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(qParam) ? Number(qParam.slice(2)) : NaN;
    if (Number.isNaN(value)) continue;
    q.set(name === 'x-gzip' ? 'gzip' : name, value);
  }
  return q;
}

/**
 * The coding to send a file in, out of those it has a variant in: the one the client rates highest;
 * on a tie brotli before gzip (smaller). Browsers send "gzip, deflate, br, zstd" with equal
 * qualities, so the client's order is not a preference here. Identity wins only when the client
 * rates it (or `*`) above every variant; without an acceptable variant the file goes as it is,
 * even after identity;q=0: a response the client may refuse beats a 406 for a script or a page.
 */
export function chooseCoding(acceptEncoding: string | undefined, available: readonly ContentCoding[]): ContentCoding | 'identity' {
  if (!acceptEncoding) return 'identity';
  const q = qualities(acceptEncoding);
  const rated = (coding: string) => q.get(coding) ?? q.get('*') ?? 0;
  let best: ContentCoding | null = null;
  for (const coding of PRECOMPRESSED) {
    // Best first, so a tie keeps the earlier one.
    if (available.includes(coding) && rated(coding) > (best ? rated(best) : 0)) best = coding;
  }
  return best && rated(best) >= rated('identity') ? best : 'identity';
}
