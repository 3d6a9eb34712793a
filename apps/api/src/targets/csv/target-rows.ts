import {
  createTargetRequestSchema,
  TARGET_CSV_COLUMNS,
  type CreateTargetRequest,
  type ImportError,
  type Target,
  type TargetCsvColumn,
} from '@actionday/contracts';
import { type CsvRecord, toCsv } from './csv';

export interface ParsedTargetRow {
  line: number;
  target: CreateTargetRequest;
}

/** Checks the header and turns records into validated create requests, collecting row errors. */
export function readTargetRows(records: CsvRecord[]): { rows: ParsedTargetRow[]; errors: ImportError[]; fileError: string | null } {
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [], fileError: 'the file is empty; the first line must name the columns' };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = names.filter((n) => !(TARGET_CSV_COLUMNS as readonly string[]).includes(n));
  if (!names.includes('kind') || !names.includes('value')) {
    return {
      rows: [],
      errors: [],
      fileError: `the first line must be a header naming the columns, with at least "kind" and "value" (allowed: ${TARGET_CSV_COLUMNS.join(', ')})`,
    };
  }
  if (unknown.length) return { rows: [], errors: [], fileError: `unknown column(s) in the header: ${unknown.join(', ')} (allowed: ${TARGET_CSV_COLUMNS.join(', ')})` };
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) return { rows: [], errors: [], fileError: `column(s) named twice in the header: ${[...new Set(repeated)].join(', ')}` };

  const columns = names as TargetCsvColumn[];
  const rows: ParsedTargetRow[] = [];
  const errors: ImportError[] = [];
  for (const record of body) {
    if (record.fields.length > columns.length) {
      errors.push({ row: record.line, column: null, message: `${record.fields.length} fields, but the header has ${columns.length} columns` });
      continue;
    }
    const raw: Partial<Record<TargetCsvColumn, string>> = {};
    columns.forEach((c, i) => {
      const v = record.fields[i]?.trim();
      if (v) raw[c] = v;
    });
    const candidate: Record<string, unknown> = { ...raw };
    if (raw.tags !== undefined) candidate.tags = raw.tags.split(';').map((t) => t.trim()).filter(Boolean);
    if (raw.priority !== undefined) candidate.priority = /^-?\d+$/.test(raw.priority) ? Number(raw.priority) : raw.priority;
    const parsed = createTargetRequestSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ row: record.line, column: issue.path.length ? String(issue.path[0]) : null, message: issue.message });
      }
      continue;
    }
    rows.push({ line: record.line, target: parsed.data });
  }
  return { rows, errors, fileError: null };
}

/** The export: what `readTargetRows` reads back into the same targets. */
export function targetsToCsv(targets: readonly Target[]): string {
  return toCsv(
    TARGET_CSV_COLUMNS,
    targets.map((t) => [t.kind, t.value, t.platform ?? '', t.category ?? '', t.country ?? '', t.language ?? '', t.tags.join(';'), String(t.priority), t.notes ?? '']),
  );
}
