import { ValidationFailed } from './zod-pipe';

/**
 * Keyset pagination: the cursor is the (timestamp, id) of the last item of the previous page,
 * opaque to clients. Stable under concurrent inserts, O(log n) per page.
 */
export interface Keyset {
  at: string;
  id: string;
}

export const encodeCursor = (k: Keyset): string => Buffer.from(JSON.stringify([k.at, k.id])).toString('base64url');

export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/i.test(id)) {
      return { at, id };
    }
  } catch {
    // fall through
  }
  throw new ValidationFailed([{ path: 'cursor', message: 'not a cursor returned by this list' }]);
}

/** Splits a page fetched with limit + 1 rows into items and the next cursor. */
export function pageOfRows<R, T>(rows: R[], limit: number, keyOf: (r: R) => Keyset, map: (r: R) => T) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
