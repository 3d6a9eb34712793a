import { IMPORT_LIMITS, type ImportResult } from '@actionday/contracts';

/** Checked before reading or sending the file: the API refuses a larger body with 413 anyway. */
export function csvFileProblem(file: { name: string; size: number; type: string }): string | null {
  if (file.size === 0) return 'The file is empty';
  if (file.size > IMPORT_LIMITS.bytes) {
    const mb = (IMPORT_LIMITS.bytes / (1024 * 1024)).toFixed(0);
    return `The file is larger than ${mb} MB — split it and import the parts`;
  }
  const csvType = file.type === '' || file.type === 'text/csv' || file.type === 'application/vnd.ms-excel' || file.type === 'text/plain';
  if (!csvType && !file.name.toLowerCase().endsWith('.csv')) return 'Choose a .csv file';
  return null;
}

/** A real import is offered only for a clean preview that creates something. */
export function canImport(preview: ImportResult | null): boolean {
  return !!preview && preview.errors.length === 0 && preview.created > 0;
}

function isArray(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/**
 * The report carried by a 400 of a real import (ImportResult fields at the top level of the error
 * body), or null when the body is some other error.
 */
export function asImportResult(body: unknown, dryRun: boolean): ImportResult | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (!isArray(b.errors)) return null;
  return {
    dryRun: typeof b.dryRun === 'boolean' ? b.dryRun : dryRun,
    created: typeof b.created === 'number' ? b.created : 0,
    rows: typeof b.rows === 'number' ? b.rows : 0,
    errors: b.errors as ImportResult['errors'],
    duplicates: isArray(b.duplicates) ? (b.duplicates as ImportResult['duplicates']) : [],
    preview: isArray(b.preview) ? (b.preview as ImportResult['preview']) : [],
  };
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}
