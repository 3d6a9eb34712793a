import type { NormalizedValue } from './normalized-value';

const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** Lower-case, trimmed; `mailto:` links copied from a page are accepted. */
export function normalizeEmail(value: string): NormalizedValue {
  const normalized = value
    .trim()
    .replace(/^(?:mailto:\s*)+/i, '')
    .toLowerCase();
  return { normalized, valid: EMAIL_SHAPE.test(normalized), platform: null };
}
