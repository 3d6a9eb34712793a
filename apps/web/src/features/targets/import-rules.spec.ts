import { IMPORT_LIMITS, type ImportResult } from '@actionday/contracts';
import { asImportResult, canImport, csvFileProblem } from './import-rules';

const result = (over: Partial<ImportResult> = {}): ImportResult => ({
  dryRun: true,
  created: 2,
  rows: 3,
  duplicates: [],
  errors: [],
  preview: [],
  ...over,
});

describe('csvFileProblem', () => {
  it('accepts a CSV up to the limit', () => {
    expect(csvFileProblem({ name: 'a.csv', size: IMPORT_LIMITS.bytes, type: 'text/csv' })).toBeNull();
    expect(csvFileProblem({ name: 'a.CSV', size: 10, type: 'application/octet-stream' })).toBeNull();
  });
  it('refuses a file over the limit, an empty file and another type', () => {
    expect(csvFileProblem({ name: 'a.csv', size: IMPORT_LIMITS.bytes + 1, type: 'text/csv' })).toMatch(/larger than 10 MB/);
    expect(csvFileProblem({ name: 'a.csv', size: 0, type: 'text/csv' })).toMatch(/empty/);
    expect(csvFileProblem({ name: 'a.xlsx', size: 10, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })).toMatch(/csv/);
  });
});

describe('canImport', () => {
  it('needs a clean preview that creates something', () => {
    expect(canImport(null)).toBe(false);
    expect(canImport(result())).toBe(true);
    expect(canImport(result({ created: 0 }))).toBe(false);
    expect(canImport(result({ errors: [{ row: 2, column: 'kind', message: 'bad' }] }))).toBe(false);
  });
  it('does not count duplicates as errors', () => {
    const dup = { row: 3, value: 'x', normalized: 'x', reason: 'in_file' as const, firstRow: 2, existingTargetId: null };
    expect(canImport(result({ duplicates: [dup] }))).toBe(true);
  });
});

describe('asImportResult', () => {
  it('reads the report from a 400 body', () => {
    const body = { statusCode: 400, error: 'Bad Request', message: 'errors', details: [], errors: [{ row: 2, column: 'value', message: 'empty' }], rows: 4 };
    expect(asImportResult(body, false)).toEqual({ dryRun: false, created: 0, rows: 4, errors: body.errors, duplicates: [], preview: [] });
  });
  it('returns null for another error body', () => {
    expect(asImportResult({ statusCode: 400, message: 'x' }, false)).toBeNull();
    expect(asImportResult(null, false)).toBeNull();
  });
});
