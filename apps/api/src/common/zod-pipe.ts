import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Turns zod issues into the `details` of a 400: one entry per failing field. */
export function issuesToDetails(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export class ValidationFailed extends BadRequestException {
  constructor(details: { path: string; message: string }[], message?: string) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: message ?? `invalid ${details.map((d) => d.path).join(', ')}`,
      details,
    });
  }
}

/**
 * Text PostgreSQL cannot hold: the NUL character, and a lone UTF-16 surrogate (JSON allows
 * "\ud800"; a jsonb or text column does not). Refused here with the field named, for every body
 * and query at once, rather than by the database as a 500 deep inside a write.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string): string | null =>
  text.includes('\u0000') ? 'must not contain the NUL character (\\u0000)' : LONE_SURROGATE.test(text) ? 'must be valid Unicode text (it holds a lone surrogate)' : null;

const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Whether anything in the value is unstorable: the walk every valid request takes, with no paths built. */
function holdsUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return unstorable(value) !== null;
  if (Array.isArray(value)) return value.some(holdsUnstorable);
  if (value && typeof value === 'object') {
    for (const key in value) if (Object.hasOwn(value, key) && (unstorable(key) !== null || holdsUnstorable((value as Record<string, unknown>)[key]))) return true;
  }
  return false;
}

/** Where: the paths of what is unstorable, at most 10, for the error. */
function unstorablePaths(value: unknown, path: string, found: { path: string; message: string }[]): void {
  if (found.length >= 10) return;
  if (typeof value === 'string') {
    const why = unstorable(value);
    if (why) found.push({ path: path || '(body)', message: why });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorablePaths(v, path ? `${path}.${i}` : String(i), found));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const why = unstorable(k);
      const printable = k.replaceAll('\u0000', '\\0').replace(LONE_SURROGATES, '\uFFFD');
      if (why) found.push({ path: path ? `${path}.${printable}` : printable, message: why });
      unstorablePaths(v, path ? `${path}.${printable}` : printable, found);
    }
  }
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  if (holdsUnstorable(value)) {
    const bad: { path: string; message: string }[] = [];
    unstorablePaths(value, '', bad);
    throw new ValidationFailed(bad);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(issuesToDetails(result.error));
  return result.data;
}

/** `@Body(zod(schema))`, `@Query(zod(schema))`: the shared contract is the validator. */
export function zod<T extends z.ZodType>(schema: T): PipeTransform<unknown, z.infer<T>> {
  return { transform: (value: unknown) => parseOrThrow(schema, value ?? {}) };
}
