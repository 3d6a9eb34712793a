import type { IdentifierKind, TargetKind } from '@actionday/contracts';
import { normalizeEmail } from './email';
import { normalizeMessaging } from './messaging';
import type { NormalizedValue } from './normalized-value';
import { normalizeOther } from './other';
import { normalizePhone } from './phone';
import { normalizePlatform } from './platform';
import { normalizeUrl } from './url';
import { normalizeUsername } from './username';

export interface NormalizeOptions {
  /** ISO 3166-1 alpha-2 region for phone numbers written in national format. */
  defaultCountry?: string | null;
  /** The site or app a username or messaging id belongs to. */
  platform?: string | null;
}

/** The one entry point the API and the web use, so both always agree on a value's identity. */
export function normalizeIdentifier(
  kind: TargetKind | IdentifierKind,
  value: string,
  opts: NormalizeOptions = {},
): NormalizedValue {
  switch (kind) {
    case 'phone':
      return normalizePhone(value, opts.defaultCountry);
    case 'email':
      return normalizeEmail(value);
    case 'url':
      return normalizeUrl(value);
    case 'platform':
      return normalizePlatform(value);
    case 'username':
      return normalizeUsername(value, opts.platform);
    case 'messaging':
      return normalizeMessaging(value, opts.platform, opts.defaultCountry);
    case 'other':
      return normalizeOther(value);
    default: {
      const unknownKind: never = kind;
      throw new Error(`unknown identifier kind: ${String(unknownKind)}`);
    }
  }
}
