import type { ImportProgress } from '@actionday/contracts';
import { nextImportProgress, progressFraction } from './import-progress';
import { OP } from '../../entities/operations/test-fixtures';

const IMPORT = '00000000-0000-4000-8000-0000000000f1';
const msg = (phase: ImportProgress['phase'], processed: number, patch: Partial<ImportProgress> = {}): ImportProgress => ({
  operationId: OP,
  importId: IMPORT,
  phase,
  processed,
  total: 100,
  ...patch,
});

describe('nextImportProgress', () => {
  it('takes the first message of the watched import', () => {
    expect(nextImportProgress(null, msg('parsing', 0), OP, IMPORT)).toEqual(msg('parsing', 0));
  });
  it('ignores other imports and other operations', () => {
    expect(nextImportProgress(null, msg('inserting', 5, { importId: '00000000-0000-4000-8000-0000000000f2' }), OP, IMPORT)).toBeNull();
    expect(nextImportProgress(null, msg('inserting', 5, { operationId: '00000000-0000-4000-8000-0000000000f3' }), OP, IMPORT)).toBeNull();
  });
  it('never goes backwards', () => {
    const cur = msg('inserting', 50);
    expect(nextImportProgress(cur, msg('inserting', 40), OP, IMPORT)).toBe(cur);
    expect(nextImportProgress(cur, msg('checking', 90), OP, IMPORT)).toBe(cur);
    expect(nextImportProgress(cur, msg('inserting', 60), OP, IMPORT)).toEqual(msg('inserting', 60));
  });
  it('stays on a final phase', () => {
    const done = msg('done', 100);
    expect(nextImportProgress(done, msg('inserting', 99), OP, IMPORT)).toBe(done);
    expect(nextImportProgress(msg('inserting', 10), msg('failed', 10), OP, IMPORT)?.phase).toBe('failed');
  });
});

describe('progressFraction', () => {
  it('is a fraction of the total, full when done, null when unknown', () => {
    expect(progressFraction(null)).toBeNull();
    expect(progressFraction(msg('inserting', 25))).toBe(0.25);
    expect(progressFraction(msg('done', 0, { total: 0 }))).toBe(1);
    expect(progressFraction(msg('parsing', 0, { total: 0 }))).toBeNull();
  });
});
