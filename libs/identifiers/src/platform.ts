import type { NormalizedValue } from './normalized-value';
import { collapseWhitespace } from './other';
import { looksLikeWebAddress, parseWebAddress } from './web-address';

/**
 * A site or app, given as a domain, a URL or a name. Domains keep their subdomain
 * (`m.facebook.com`: the host is what was examined); `platform` is the registrable domain.
 */
export function normalizePlatform(value: string): NormalizedValue {
  // Everything is decided on the name in small letters, as a second pass would see it: the URL
  // parser refuses some hosts in capitals that it takes in small letters (Georgian "Ⴀ.example",
  // but "ⴀ.example" is xn--rkj.example), and a normalized value must normalize to itself.
  const name = collapseWhitespace(value).toLowerCase();
  if (looksLikeWebAddress(name)) {
    const address = parseWebAddress(name);
    if (address) return { normalized: address.host, valid: true, platform: address.domain };
  }
  return { normalized: name, valid: name.length > 0, platform: null };
}

/**
 * The platform a username or account lives on: a domain or URL becomes its registrable domain
 * (`www.instagram.com`, `https://instagram.com` -> `instagram.com`), anything else a lower-case
 * name. Null when nothing was given.
 */
export function normalizePlatformName(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const platform = normalizePlatform(value);
  if (!platform.valid) return null;
  return platform.platform ?? platform.normalized;
}
