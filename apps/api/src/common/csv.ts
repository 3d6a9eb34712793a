import { CsvError as StreamCsvError, Parser } from 'csv-parse';
import { CsvError, parse, type Options as ParseOptions } from 'csv-parse/sync';
import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';

/**
 * The platform's one CSV module: every file it reads (the target import) goes through `parseCsv`
 * (csv-parse), every file it writes (the coordinator's target export, the member exports, the
 * publication) through `csvRecord` / `toCsv` (csv-stringify). RFC 4180: fields separated by
 * commas, records by CRLF, LF or CR, fields with commas, quotes or line breaks quoted, quotes
 * doubled inside quotes; a UTF-8 byte-order mark is skipped.
 */

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/** A file that is not valid CSV, with the line (and field, when known) a person can go and fix. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    /** 0-based index of the field on that record, when the parser knows it. */
    readonly field: number | null,
    readonly reason: string,
    /** The file's first record when it was read before the error (the header, in files that have one). */
    readonly firstRecord: readonly string[] | null = null,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** More records than the caller allows: parsing stopped at the first one over the limit. */
export class CsvTooManyRecordsError extends Error {
  constructor(
    readonly maxRecords: number,
    /** Line of the first record over the limit. */
    readonly line: number,
  ) {
    super(`more than ${maxRecords} records (the next one starts on line ${line})`);
  }
}

// csv-parse's wording is about its own state ("Invalid Closing Quote: got ..."); these say what
// to change in the file.
const REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed (unbalanced quote)',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote; quotes inside a field must be doubled ("")',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field; quote the field and double the quote',
};

/**
 * The reading rules shared by `parseCsv` and `readCsvBatches`. Blank lines are no records. With
 * `maxRecords`, reading stops at the first record over the limit (CsvTooManyRecordsError), so an
 * oversized file is never held in memory as records. Line breaks are read as one each whether
 * CRLF, LF or CR, and inside quoted fields are returned as LF.
 */
function csvReading(text: string, maxRecords: number, onRecord?: (record: CsvRecord) => void) {
  // One kind of line break, so that csv-parse's line count is the editor's line count (it counts a
  // CRLF inside a quoted field as two lines).
  const input = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  // Where the next record starts: after the line the previous one ended on, and after the blank
  // lines skipped since (csv-parse counts those).
  let lastEndLine = 0;
  let lastEmptyLines = 0;
  let count = 0;
  let first: string[] | null = null;
  const options: ParseOptions<CsvRecord, string[]> = {
    record_delimiter: '\n',
    skip_empty_lines: true,
    // Records with a different number of fields are the caller's to judge (row by row).
    relax_column_count: true,
    on_record: (fields, info) => {
      const line = lastEndLine + 1 + (info.empty_lines - lastEmptyLines);
      lastEndLine = info.lines;
      lastEmptyLines = info.empty_lines;
      count += 1;
      first ??= fields;
      if (count > maxRecords) throw new CsvTooManyRecordsError(maxRecords, line);
      const record = { line, fields };
      if (!onRecord) return record;
      // Handed over here; returning nothing keeps the stream parser from buffering it as well.
      onRecord(record);
      return null;
    },
  };
  /** csv-parse's error as a CsvSyntaxError naming the line (and field) to fix; other errors as they are. */
  const failure = (e: unknown): unknown => {
    // csv-parse bundles the sync and the stream parser apart, each with a CsvError class of its own.
    if (!(e instanceof CsvError || e instanceof StreamCsvError)) return e;
    const context = e as CsvError & { lines?: number; empty_lines?: number; column?: number | string | null };
    const field = typeof context.column === 'number' ? context.column : null;
    // An unclosed quote is only noticed at the end of the file: name the line its record starts on.
    const line =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? lastEndLine + 1 + ((context.empty_lines ?? lastEmptyLines) - lastEmptyLines)
        : (context.lines ?? lastEndLine + 1);
    return new CsvSyntaxError(line, field, REASONS[e.code] ?? e.message, first);
  };
  return { input, options, failure };
}

/** Parses CSV text at once (see csvReading for the rules). */
export function parseCsv(text: string, options: { maxRecords?: number } = {}): CsvRecord[] {
  const reading = csvReading(text, options.maxRecords ?? Infinity);
  try {
    // csv-parse's sync overloads type records as string[][] unless `columns` is set; on_record
    // turns each into a CsvRecord.
    return parse(reading.input, reading.options as unknown as ParseOptions) as unknown as CsvRecord[];
  } catch (e) {
    throw reading.failure(e);
  }
}

/** Bytes of input parsed between two looks at the batch: small, so that a batch overshoots little. */
const SLICE_BYTES = 64 * 1024;

/**
 * The same records as `parseCsv`, a batch of about `batchSize` at a time, so that a large file is
 * read alongside the work done on its records (and the event loop is free between batches)
 * instead of in one block first. Errors are thrown when reading reaches them.
 */
export async function* readCsvBatches(text: string, options: { batchSize: number; maxRecords?: number }): AsyncGenerator<CsvRecord[]> {
  let batch: CsvRecord[] = [];
  const reading = csvReading(text, options.maxRecords ?? Infinity, (record) => batch.push(record));
  const parser = new Parser(reading.options as unknown as ParseOptions);
  // Seen through `parser.errored` after each write, which the stream sets at once.
  parser.on('error', () => undefined);
  // Bytes, not string slices: a slice could cut a character in two; csv-parse decodes each field whole.
  const bytes = Buffer.from(reading.input);
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    // A stream parser processes a write at once while it is idle, which it is between two writes here.
    parser.write(bytes.subarray(at, at + SLICE_BYTES));
    if (parser.errored) throw reading.failure(parser.errored);
    if (batch.length >= options.batchSize) {
      const full = batch;
      batch = [];
      yield full;
    }
  }
  // The last record may have no line break after it; an unclosed quote shows only here.
  await new Promise<void>((resolve, reject) => {
    parser.once('error', (e) => reject(reading.failure(e)));
    parser.end(() => resolve());
  });
  if (parser.errored) throw reading.failure(parser.errored);
  if (batch.length) yield batch;
}

/**
 * Bytes to text, refusing what is not UTF-8 text: NUL bytes mean a binary file; an invalid UTF-8
 * sequence means another encoding (e.g. a Windows-1252 export), which would silently corrupt
 * names and identifiers.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes.includes(0)) return { error: 'the file is binary, not CSV text' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: 'the file is not UTF-8 text; save it as "CSV UTF-8" and try again' };
  }
}

/** A cell as the writer knows it: text is checked for formulas, numbers and booleans are not. */
export type CsvCell = string | number | boolean | null | undefined;

const WRITE: StringifyOptions = {
  record_delimiter: 'windows',
  // Spreadsheets run a cell that starts with = + - @ (or a tab or CR that precedes one, or their
  // full-width forms) as a formula: in a file of what strangers typed into ads and notes, that is
  // an attack ("CSV injection"). Such text gets a leading apostrophe, which spreadsheets show as
  // text. Numbers are written as numbers (-3 stays -3).
  escape_formulas: true,
  // Leading or trailing whitespace is quoted so that readers that trim keep it.
  quoted_match: /^\s|\s$/,
  cast: { boolean: (value) => String(value) },
};

/** One CSV record, CRLF at the end. */
export function csvRecord(cells: readonly CsvCell[]): string {
  return stringify([cells.map((c) => (c === undefined ? null : c))], WRITE);
}

/** A whole file: the header, then the rows; with `bom`, the byte-order mark that tells spreadsheets it is UTF-8. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  return (options.bom ? '\ufeff' : '') + csvRecord(header) + rows.map(csvRecord).join('');
}

// The guard `escape_formulas` adds: an apostrophe before a character that starts a formula.
const GUARDED = /^'[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/**
 * Undoes the formula guard on a cell read back from one of the platform's own files (the target
 * export is the import's round-trip format): `'+31612345678` is the phone number `+31612345678`.
 */
export function unguardFormula(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}
