import type { NormalizedValue } from './normalized-value';

export function normalizeOther(value: string): NormalizedValue {
  const normalized = collapseWhitespace(value).toLowerCase();
  return { normalized, valid: normalized.length > 0, platform: null };
}

export function collapseWhitespace(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}
