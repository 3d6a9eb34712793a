import { parse as parseHost } from 'tldts';
import { refangDots, trimTrailing } from './trim';

/** A web address reduced to the parts that identify a page. */
export interface WebAddress {
  /** Lower-case, punycoded, without a trailing dot and without a leading `www.`. */
  host: string;
  /** `:8080`, or empty for the default http/https ports. */
  port: string;
  /** Path as given (case kept), without trailing slashes; empty for the root. */
  path: string;
  /** The raw query pairs (`a=1`), in the order given. */
  query: string[];
  /** The registrable domain (`m.facebook.com` -> `facebook.com`); null for IP addresses. */
  domain: string | null;
}

const SCHEME_WITH_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\//i;
const WEB_SCHEME = /^https?:/i;
// `mailto:`, `javascript:`… but not `example.com:8080`, which is a host and a port.
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i;
const DEFAULT_PORTS = new Set(['80', '443']);

// Private suffixes (blogspot.com, github.io…) count: every blog on them is a separate site.
const HOST_OPTIONS = { allowPrivateDomains: true } as const;

/**
 * A domain, optionally with port and path, typed without a scheme (`example.com/x`), or any
 * value with a scheme. Used to tell "instagram.com" from "Instagram".
 */
export function looksLikeWebAddress(value: string): boolean {
  const v = value.trim();
  return (
    SCHEME_WITH_AUTHORITY.test(v) ||
    /^hxxps?:/i.test(v) ||
    /^(?:[^\s/?#@:.]+\.)+[a-z][a-z0-9-]*(?::\d+)?(?:[/?#]|$)/i.test(v)
  );
}

/** Threat-intel reports "defang" addresses (hxxp://, example[.]com) so nobody clicks them. */
function refang(value: string): string {
  return refangDots(value.replace(/^hxxp/i, 'http'));
}

export function parseWebAddress(value: string): WebAddress | null {
  const trimmed = refang(value.trim());
  if (trimmed === '') return null;
  let input: string;
  if (SCHEME_WITH_AUTHORITY.test(trimmed) || WEB_SCHEME.test(trimmed)) input = trimmed;
  else if (trimmed.startsWith('//')) input = `https:${trimmed}`;
  else if (OTHER_SCHEME.test(trimmed)) return null;
  else input = `https://${trimmed}`;

  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;

  let host = trimTrailing(url.hostname, '.');
  const parsed = parseHost(host, HOST_OPTIONS);
  const domain = parsed.isIp ? null : registrableDomain(host);
  if (!parsed.isIp && domain === null) return null;
  // Only strip `www.` when something registrable is left ("www.com" stays as it is).
  while (!parsed.isIp && host.startsWith('www.') && host.slice(4).includes('.'))
    host = host.slice(4);

  return {
    host,
    port: url.port === '' || DEFAULT_PORTS.has(url.port) ? '' : `:${url.port}`,
    path: trimTrailing(url.pathname, '/'),
    query: url.search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== ''),
    domain,
  };
}

/** The registrable domain of a host (`m.facebook.com` -> `facebook.com`). */
export function registrableDomain(host: string): string | null {
  // A private suffix typed on its own (`github.io`) is still a site: fall back to ICANN rules.
  return parseHost(host, HOST_OPTIONS).domain ?? parseHost(host).domain;
}
