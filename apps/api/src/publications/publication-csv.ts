import type { Publication } from '@actionday/contracts';
import { type CsvCell, toCsv } from '../common/csv';

/**
 * One row per published count: the figure, its breakdown key (empty for the figure itself) and
 * the value as published ("<3" when suppressed). Only figure names, labels and counts: the
 * labels and keys come from the platform's catalogue, tags and country codes.
 */
export function publicationCsv(p: Publication): string {
  const rows: CsvCell[][] = [];
  for (const f of p.figures) {
    rows.push([f.name, f.label, '', f.display]);
    for (const b of f.breakdown ?? []) rows.push([f.name, f.label, b.key, b.display]);
  }
  return toCsv(['figure', 'label', 'key', 'value'], rows);
}
