import type { Publication } from '@actionday/contracts';

/**
 * Adds a publication to a cached list once (by slug: publications never change), keeping the
 * list's order of publication. A list that was never loaded stays unloaded.
 */
export function upsertPublication(list: Publication[] | undefined, publication: Publication): Publication[] | undefined {
  if (!list || list.some((p) => p.slug === publication.slug)) return list;
  return [...list, publication].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
}
