import {
  createTargetRequestSchema,
  TARGET_CSV_COLUMNS,
  type CreateTargetRequest,
  type ImportError,
  type Target,
  type TargetCsvColumn,
} from '@actionday/contracts';
import { type CsvRecord, toCsv, unguardFormula } from '../../common/csv';

export interface ParsedTargetRow {
  line: number;
  target: CreateTargetRequest;
}

/** The file's columns from its header, or what is wrong with the header. */
export function readTargetHeader(header: CsvRecord | undefined): { columns: TargetCsvColumn[] } | { fileError: string } {
  if (!header) return { fileError: 'the file is empty; the first line must name the columns' };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = names.filter((n) => !(TARGET_CSV_COLUMNS as readonly string[]).includes(n));
  if (!names.includes('kind') || !names.includes('value')) {
    return { fileError: `the first line must be a header naming the columns, with at least "kind" and "value" (allowed: ${TARGET_CSV_COLUMNS.join(', ')})` };
  }
  if (unknown.length) return { fileError: `unknown column(s) in the header: ${unknown.join(', ')} (allowed: ${TARGET_CSV_COLUMNS.join(', ')})` };
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) return { fileError: `column(s) named twice in the header: ${[...new Set(repeated)].join(', ')}` };
  return { columns: names as TargetCsvColumn[] };
}

/** One record as a validated create request, or its errors by column. */
export function readTargetRecord(columns: readonly TargetCsvColumn[], record: CsvRecord): { row: ParsedTargetRow } | { errors: ImportError[] } {
  if (record.fields.length > columns.length) {
    return { errors: [{ row: record.line, column: null, message: `${record.fields.length} fields, but the header has ${columns.length} columns` }] };
  }
  const raw: Partial<Record<TargetCsvColumn, string>> = {};
  columns.forEach((c, i) => {
    // The export guards cells that start like a formula ('+31612345678): read them back as written.
    const field = record.fields[i];
    const v = field === undefined ? undefined : unguardFormula(field).trim();
    if (v) raw[c] = v;
  });
  const candidate: Record<string, unknown> = { ...raw };
  if (raw.tags !== undefined) candidate.tags = raw.tags.split(';').map((t) => t.trim()).filter(Boolean);
  if (raw.priority !== undefined) candidate.priority = /^-?\d+$/.test(raw.priority) ? Number(raw.priority) : raw.priority;
  const parsed = createTargetRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    return { errors: parsed.error.issues.map((issue) => ({ row: record.line, column: issue.path.length ? String(issue.path[0]) : null, message: issue.message })) };
  }
  return { row: { line: record.line, target: parsed.data } };
}

/**
 * The export: what `readTargetRows` reads back into the same targets. Cells that start like a
 * formula come out guarded (`'=HYPERLINK(...)`, `'+31612345678`), which the import undoes.
 */
export function targetsToCsv(targets: readonly Target[]): string {
  return toCsv(
    TARGET_CSV_COLUMNS,
    targets.map((t) => [t.kind, t.value, t.platform, t.category, t.country, t.language, t.tags.join(';'), t.priority, t.notes]),
  );
}
