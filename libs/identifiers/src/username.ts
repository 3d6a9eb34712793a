import type { NormalizedValue } from './normalized-value';
import { normalizePlatformName } from './platform';
import { trimHandle } from './trim';
import { parseWebAddress } from './web-address';

// A profile link: a scheme, or a domain followed by a path (`instagram.com/handle`).
const PROFILE_URL =
  /^(?:[a-z][a-z0-9+.-]*:\/\/|hxxps?:\/\/|(?:[^\s/?#@:.]+\.)+[a-z][a-z0-9-]*(?::\d+)?\/)/i;

// Path segments that come before the handle on common sites (reddit.com/user/x,
// linkedin.com/in/x, youtube.com/c/x, snapchat.com/add/x).
const PROFILE_PREFIXES = new Set([
  'u',
  'user',
  'users',
  'in',
  'c',
  'channel',
  'people',
  'profile',
  'add',
]);

function cleanHandle(handle: string): string {
  return trimHandle(handle).toLowerCase();
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function handleFromPath(path: string): string | null {
  const segments = path.split('/').filter((s) => s !== '');
  const first = segments[0];
  if (first === undefined) return null;
  const handle =
    PROFILE_PREFIXES.has(first.toLowerCase()) && segments[1] !== undefined ? segments[1] : first;
  return cleanHandle(decodeSegment(handle));
}

/** Strips a suffix that repeats the given platform (`jane@www.instagram.com` + `instagram.com`). */
function withoutSuffix(handle: string, platform: string): string {
  if (handle.endsWith(`@${platform}`)) return handle.slice(0, -platform.length - 1);
  const at = handle.lastIndexOf('@');
  return at > 0 && normalizePlatformName(handle.slice(at + 1)) === platform
    ? handle.slice(0, at)
    : handle;
}

function result(handle: string, platform: string | null, broken = false): NormalizedValue {
  // An empty handle stays empty: `@platform` would read back as a handle named after the platform.
  if (handle === '') return { normalized: '', valid: false, platform };
  const valid = !broken && !/[\s@/]/.test(handle);
  return { normalized: platform ? `${handle}@${platform}` : handle, valid, platform };
}

/**
 * `handle@platform`: the handle lower-cased without a leading `@`, the platform reduced to its
 * registrable domain or lower-case name. Accepts a bare handle with a separate platform, a value
 * already in `handle@platform` form, or a profile URL. Without any platform the handle alone is
 * returned (still valid, platform null).
 */
export function normalizeUsername(value: string, platform?: string | null): NormalizedValue {
  const trimmed = value.trim();
  const unprefixed = trimmed.replace(/^[\s@]+/, '');
  const looksLikeLink = PROFILE_URL.test(unprefixed);
  const address = looksLikeLink ? parseWebAddress(unprefixed) : null;
  if (address) {
    const handle = handleFromPath(address.path);
    const site = address.domain ?? address.host;
    if (handle === null) return { normalized: trimmed.toLowerCase(), valid: false, platform: site };
    return result(handle, site);
  }

  // From here on a value that looks like a link is a broken one, and cannot be a handle either.
  const handle = cleanHandle(trimmed);
  const given = normalizePlatformName(platform);
  if (given !== null) {
    return result(withoutSuffix(handle, given), given, looksLikeLink);
  }
  const at = handle.lastIndexOf('@');
  if (at > 0) {
    const embedded = normalizePlatformName(handle.slice(at + 1));
    if (embedded !== null) return result(handle.slice(0, at), embedded, looksLikeLink);
  }
  return result(handle, null, looksLikeLink);
}
