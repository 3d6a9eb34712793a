import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import type { NormalizedValue } from './normalized-value';

// Only digits and the separators people actually type; anything else (letters, "call me")
// is not a phone number we are willing to guess at.
const PHONE_CHARS = /^\(?\+?[\d().\-/]+$/;

export function toCountryCode(country: string | null | undefined): CountryCode | undefined {
  if (!country) return undefined;
  const code = country.trim().toUpperCase();
  return isSupportedCountry(code) ? code : undefined;
}

/**
 * E.164 (`+31612345678`). Works on the value with all whitespace removed, so that two spellings
 * differing only in spacing can never normalize differently, and an invalid number is kept as
 * exactly that stripped string.
 */
export function normalizePhone(value: string, defaultCountry?: string | null): NormalizedValue {
  const stripped = value.replace(/\s+/g, '').replace(/^tel:/i, '');
  const invalid: NormalizedValue = { normalized: stripped, valid: false, platform: null };
  // "00" is the international call prefix almost everywhere in Europe; without a default
  // region the library would not know that.
  const international = stripped.replace(/^(\(?)00/, '$1+');
  if (!PHONE_CHARS.test(international)) return invalid;
  const parsed = parsePhoneNumberFromString(international, {
    defaultCountry: toCountryCode(defaultCountry),
  });
  if (!parsed || !parsed.isValid()) return invalid;
  return { normalized: parsed.number, valid: true, platform: null };
}
