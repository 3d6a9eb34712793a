import type { NormalizedValue } from './normalized-value';
import { normalizePhone } from './phone';
import { trimHandle } from './trim';
import { looksLikeWebAddress, parseWebAddress } from './web-address';

// Link hosts that stand for an app rather than being its domain.
const APP_LINK_HOSTS: Record<string, string> = {
  't.me': 'telegram',
  'telegram.me': 'telegram',
  'wa.me': 'whatsapp',
  'signal.me': 'signal',
};

// What may precede `:` as an app name; app names are normalized into exactly this shape so that
// `telegram:handle` re-parses to itself.
const APP_PREFIX = /^([\p{L}\p{N}][\p{L}\p{N}._-]*):(.*)$/su;
const PHONE_LIKE = /^[+(]?[\d\s().\-/]+$/;

/**
 * The app an account lives on, as a short lower-case name: `Telegram`, `telegram.org` and `t.me`
 * are all `telegram`. Null when nothing usable was given.
 */
export function normalizeAppName(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // A name made from a host can read as a host itself (".xn--7a.a" gives "xn--7a.a", which gives "xn--7a").
  return settled(appNameOnce(value), (name) => (name === null ? null : appNameOnce(name)), (a, b) => a === b);
}

/**
 * `first`, with `step` applied until it no longer changes it: a normalized value must normalize to
 * itself. Each step here keeps the value or shortens it, so a few are enough.
 */
function settled<T>(first: T, step: (value: T) => T, same: (a: T, b: T) => boolean): T {
  let value = first;
  for (let i = 0; i < 4; i++) {
    const next = step(value);
    if (same(next, value)) break;
    value = next;
  }
  return value;
}

function appNameOnce(value: string): string | null {
  let name = value.trim().toLowerCase();
  if (looksLikeWebAddress(name)) {
    const address = parseWebAddress(name);
    if (address) {
      const host = address.host;
      const domain = address.domain ?? host;
      name = APP_LINK_HOSTS[host] ?? APP_LINK_HOSTS[domain] ?? domain.split('.')[0];
    }
  }
  name = name
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}._-]/gu, '')
    .replace(/^[._-]+/, '');
  return name === '' ? null : name;
}

function isPhoneLike(value: string): boolean {
  return PHONE_LIKE.test(value) && (value.match(/\d/g)?.length ?? 0) >= 6;
}

/**
 * A messaging-app account: a phone number (E.164) or a handle (lower-case, no leading `@`),
 * prefixed with the app when known (`telegram:handle`, `whatsapp:+31612345678`). Also accepts
 * `app:id` values and t.me / wa.me links.
 */
export function normalizeMessaging(
  value: string,
  platform?: string | null,
  defaultCountry?: string | null,
): NormalizedValue {
  // An id without an app can read as `app:id` ("@www.https://" gives "www.https://", read again
  // as the app "www"); one with an app reads back as itself, so only the former is read again.
  return settled(
    messagingOnce(value, platform, defaultCountry),
    (r) => (r.platform === null && APP_PREFIX.test(r.normalized) ? messagingOnce(r.normalized, null, defaultCountry) : r),
    (a, b) => a.normalized === b.normalized,
  );
}

function messagingOnce(value: string, platform: string | null | undefined, defaultCountry: string | null | undefined): NormalizedValue {
  const trimmed = value.trim();
  let app = normalizeAppName(platform);
  let id = trimmed;

  const link =
    looksLikeWebAddress(trimmed) && /[/:]/.test(trimmed) ? parseWebAddress(trimmed) : null;
  if (link) {
    const linkApp = APP_LINK_HOSTS[link.host] ?? normalizeAppName(link.host);
    app ??= linkApp;
    const segment = link.path.split('/').find((s) => s !== '') ?? '';
    // wa.me links carry the number in international form without the `+`.
    id = linkApp === 'whatsapp' && /^\d+$/.test(segment) ? `+${segment}` : segment;
  } else {
    const prefixed = APP_PREFIX.exec(trimmed);
    if (prefixed) {
      const prefixApp = normalizeAppName(prefixed[1]);
      if (app === null || prefixApp === app) {
        app = prefixApp;
        id = prefixed[2].trim();
      }
    }
  }

  let core: string;
  let valid: boolean;
  if (isPhoneLike(id)) {
    const phone = normalizePhone(id, defaultCountry);
    core = phone.normalized;
    valid = phone.valid;
  } else {
    core = trimHandle(id).toLowerCase();
    valid = core !== '' && !/\s/.test(core);
  }
  return { normalized: app ? `${app}:${core}` : core, valid, platform: app };
}
