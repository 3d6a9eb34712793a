import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level (by UTF-16 code units): equal values give equal
 * text, whatever the key order; undefined members are left out. It runs for every finding (its
 * body hash) and every audit entry, a batch's 1,000 at once: one string built in a loop, no
 * arrays of entries and closures per object.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
