import type { NormalizedValue } from './normalized-value';
import { parseWebAddress } from './web-address';

// Parameters that say how someone reached a page, not which page it is.
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'ref',
  'ref_src',
  'yclid',
  '_ga',
]);

function paramName(pair: string): string {
  const raw = pair.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

function isTracking(pair: string): boolean {
  const name = paramName(pair);
  return name.startsWith('utm_') || TRACKING_PARAMS.has(name);
}

// Code-unit order, not localeCompare: the result must not depend on the runtime's locale.
const byName = (a: string, b: string) => {
  const x = a.split('=', 1)[0];
  const y = b.split('=', 1)[0];
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * `host+path[?query]` without the scheme (http and https of one page are one page): host
 * lower-cased without `www.`, path case kept without trailing slash, tracking parameters and
 * fragment dropped, remaining parameters sorted by name.
 */
export function normalizeUrl(value: string): NormalizedValue {
  const address = parseWebAddress(value);
  if (!address) return { normalized: value.trim(), valid: false, platform: null };
  const query = address.query.filter((pair) => !isTracking(pair)).sort(byName);
  const normalized = `${address.host}${address.port}${address.path}${query.length ? `?${query.join('&')}` : ''}`;
  return { normalized, valid: true, platform: address.domain };
}
