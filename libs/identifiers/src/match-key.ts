import type { IdentifierKind, TargetKind } from '@actionday/contracts';

/** What two sides of a match have in common, as reported to officers. */
export type MatchKind = 'phone' | 'email' | 'username' | 'url' | 'messaging';

const E164 = /^\+[1-9]\d{5,14}$/;

/**
 * The value two identifiers are compared on to raise a match, from their normalized form, or null
 * for what is never compared (`other`, empty values). Kinds that name the same thing meet: a
 * messaging account that is a phone number (`whatsapp:+31612345678`) matches the plain phone
 * number, and a platform (`site.example`) matches a URL on its home page.
 */
export function matchKey(kind: TargetKind | IdentifierKind, normalized: string): string | null {
  const value = normalized.trim();
  if (value === '') return null;
  switch (kind) {
    case 'phone':
      return `phone:${value}`;
    case 'messaging': {
      const colon = value.indexOf(':');
      const account = colon >= 0 ? value.slice(colon + 1) : value;
      return E164.test(account) ? `phone:${account}` : `messaging:${value}`;
    }
    case 'email':
      return `email:${value}`;
    case 'username':
      return `username:${value}`;
    case 'url':
    case 'platform':
      return `url:${value}`;
    case 'other':
      return null;
  }
}

/** The kind of a match key, for display. */
export function matchKindOf(key: string): MatchKind {
  return key.slice(0, key.indexOf(':')) as MatchKind;
}
