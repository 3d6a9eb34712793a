import { HttpException, Injectable } from '@nestjs/common';
import {
  IMPORT_LIMITS,
  type ImportDuplicate,
  type ImportError,
  type ImportProgress,
  type ImportResult,
  type TargetCsvColumn,
} from '@actionday/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { CsvSyntaxError, CsvTooManyRecordsError, decodeCsvBytes, readCsvBatches } from '../common/csv';
import { conflict } from '../common/errors';
import { JournalService } from '../journal/journal.service';
import { LivePublisher } from '../live/live.publisher';
import { OperationRecordsService } from '../operations/operation-records.service';
import { readTargetHeader, readTargetRecord, targetsToCsv } from './csv/target-rows';
import { BULK_CHUNK, type BulkTargetWrite, TargetBulkWrites } from './target-bulk-write';
import { type NewTarget, normalizeTarget } from './target-normalization';
import { toTargetDto } from './targets.mapper';
import { TargetsRepository } from './targets.repository';

const badFile = (message: string, result?: Partial<ImportResult>) =>
  new HttpException({ statusCode: 400, error: 'Bad Request', message, ...result }, 400);

/** What an import makes of a file: its rows, sorted into new ones, duplicates and errors. */
interface SortedRows {
  rows: number;
  created: number;
  duplicates: ImportDuplicate[];
  errors: ImportError[];
  /** The first new rows, for the preview table. */
  preview: ImportResult['preview'];
}

const previewRow = (row: number, t: NewTarget): ImportResult['preview'][number] => ({
  row,
  kind: t.kind,
  value: t.value,
  normalized: t.normalized,
  valid: !t.normalizationFailed,
  platform: t.platform,
  category: t.category,
  country: t.country,
  language: t.language,
  tags: t.tags,
  priority: t.priority,
});

/** What is wrong with the file as a whole (its header), not with one of its rows. */
class FileError extends Error {}

/** A real import that met row errors: thrown inside its transaction, so that nothing stays. */
class RowErrors extends Error {
  constructor(readonly sorted: SortedRows) {
    super(`${sorted.errors.length} row error(s)`);
  }
}

/** Lines of the file, as the progress messages' total: records, give or take blank lines and quoted line breaks. */
const lineCount = (text: string) => {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n += 1;
  return text.endsWith('\n') ? n : n + 1;
};

/**
 * CSV import of targets: a dry run that says exactly what would happen (rows to create,
 * duplicates inside the file and against the operation, errors by row and column), and a real
 * import that does exactly that or nothing, in one transaction, through the bulk insert path.
 * Both read the file a batch of records at a time: the real import sends each batch's new
 * targets to the server while it reads the next, and a file with a row error is rolled back.
 */
@Injectable()
export class TargetsImportService {
  constructor(
    private readonly repo: TargetsRepository,
    private readonly bulk: TargetBulkWrites,
    private readonly operations: OperationRecordsService,
    private readonly journal: JournalService,
    private readonly publisher: LivePublisher,
  ) {}

  /** `body`: the file's bytes, as the controller read them (at most IMPORT_LIMITS.bytes). */
  async import(user: AuthUser, access: OperationAccess, body: Uint8Array, dryRun: boolean, importId?: string): Promise<ImportResult> {
    const report = (phase: ImportProgress['phase'], processed: number, total: number) => {
      if (importId) this.publisher.progress({ operationId: access.operationId, importId, phase, processed, total });
    };
    if (body.length === 0) {
      throw badFile('send the CSV file as the request body with Content-Type: text/csv');
    }
    const decoded = decodeCsvBytes(body);
    if ('error' in decoded) throw badFile(decoded.error);
    report('parsing', 0, 0);
    const lines = Math.max(0, lineCount(decoded.text) - 1);
    const operation = await this.operations.require(access.operationId);
    const result = (sorted: SortedRows): ImportResult => ({
      dryRun,
      // A dry run says how many it would create once the errors are fixed.
      created: dryRun || sorted.errors.length === 0 ? sorted.created : 0,
      rows: sorted.rows,
      duplicates: sorted.duplicates,
      errors: sorted.errors,
      preview: sorted.preview,
    });
    try {
      if (dryRun) return result(await this.sortOut(decoded.text, operation, undefined, null, (n) => report('checking', n, lines)));
      const sorted = await this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
        const write = this.bulk.open(tx);
        const done = await this.sortOut(decoded.text, operation, tx.manager, write, (n) => report('inserting', n, lines));
        if (done.errors.length) throw new RowErrors(done);
        await write.finish();
        return done;
      });
      report('done', sorted.created, sorted.created);
      return result(sorted);
    } catch (e) {
      if (!dryRun) report('failed', 0, lines);
      if (e instanceof FileError) {
        throw badFile(e.message, { dryRun, created: 0, rows: 0, duplicates: [], preview: [], errors: [{ row: 1, column: null, message: e.message }] });
      }
      if (e instanceof RowErrors) throw badFile(`${e.sorted.errors.length} row error(s); nothing was imported`, result(e.sorted));
      if (e instanceof CsvTooManyRecordsError) {
        throw badFile(`the file has more than ${IMPORT_LIMITS.rows} rows (row ${IMPORT_LIMITS.rows + 1} starts on line ${e.line}); at most ${IMPORT_LIMITS.rows} per import: split the file`);
      }
      if (e instanceof CsvSyntaxError) {
        // The column by its name in the header, as row errors name it.
        const named = e.field !== null && e.line > 1 ? e.firstRecord?.[e.field]?.trim().toLowerCase() : undefined;
        const column = named || null;
        const message = column ? `line ${e.line}, column "${column}": ${e.reason}` : e.message;
        throw badFile(`malformed CSV: ${message}`, { dryRun, created: 0, rows: 0, duplicates: [], preview: [], errors: [{ row: e.line, column, message }] });
      }
      if ((e as { code?: string }).code === '23505') {
        throw conflict('some of these targets were added meanwhile by someone else; nothing was imported, run the preview again');
      }
      throw e;
    }
  }

  /**
   * Reads the file a batch at a time: checks the header, validates and normalizes each row, and
   * sorts out the duplicates (inside the file, and against the operation's targets as `db` sees
   * them; without it, as a connection of the pool does). Given `write`, each batch's new targets
   * are sent as soon as they are known, until a row error shows the import will not happen; the
   * server inserts them while the next batch is read here. `onBatch`: rows read so far.
   */
  private async sortOut(
    text: string,
    operation: { id: string; countries: readonly string[] },
    db: EntityManager | undefined,
    write: BulkTargetWrite | null,
    onBatch: (rows: number) => void,
  ): Promise<SortedRows> {
    const firstLine = new Map<string, number>();
    const sorted: SortedRows = { rows: 0, created: 0, duplicates: [], errors: [], preview: [] };
    let columns: TargetCsvColumn[] | null = null;
    const unsent: { line: number; target: NewTarget }[] = [];
    /** Sorts valid rows (in file order) into duplicates and new ones, given the operation's targets with these values. */
    const sort = (valid: readonly { line: number; target: NewTarget }[], existing: Map<string, string>): NewTarget[] => {
      const toCreate: NewTarget[] = [];
      for (const { line, target: t } of valid) {
        // The file first: an earlier batch of this import may already be in `existing`.
        const earlier = firstLine.get(t.normalized);
        const existingId = earlier === undefined ? existing.get(t.normalized) : undefined;
        if (earlier !== undefined) sorted.duplicates.push({ row: line, value: t.value, normalized: t.normalized, reason: 'in_file', firstRow: earlier, existingTargetId: null });
        else if (existingId) sorted.duplicates.push({ row: line, value: t.value, normalized: t.normalized, reason: 'existing', firstRow: null, existingTargetId: existingId });
        else {
          firstLine.set(t.normalized, line);
          toCreate.push(t);
          if (sorted.preview.length < IMPORT_LIMITS.previewRows) sorted.preview.push(previewRow(line, t));
        }
      }
      sorted.created += toCreate.length;
      return toCreate;
    };
    // The header and at most IMPORT_LIMITS.rows rows: reading stops at the first row over.
    for await (const batch of readCsvBatches(text, { batchSize: BULK_CHUNK, maxRecords: IMPORT_LIMITS.rows + 1 })) {
      if (!columns) {
        const header = readTargetHeader(batch.shift());
        if ('fileError' in header) throw new FileError(header.fileError);
        columns = header.columns;
      }
      const valid: { line: number; target: NewTarget }[] = [];
      for (const record of batch) {
        const read = readTargetRecord(columns, record);
        if ('errors' in read) for (const error of read.errors) sorted.errors.push(error);
        else valid.push({ line: read.row.line, target: normalizeTarget(read.row.target, operation.countries) });
      }
      sorted.rows += batch.length;
      if (write) {
        // Queued behind the INSERT sent last: when that failed, its failure is what to report.
        const existing = await this.existing(db, operation.id, valid.map((r) => r.target.normalized)).catch((e: unknown) => {
          throw write.failure ?? e;
        });
        const toCreate = sort(valid, existing);
        if (sorted.errors.length === 0) await write.add(toCreate);
      } else {
        for (const r of valid) unsent.push(r);
      }
      onBatch(sorted.rows);
    }
    // Nothing to send: one look at the operation's targets for the whole file.
    if (unsent.length) sort(unsent, await this.existing(db, operation.id, unsent.map((r) => r.target.normalized)));
    if (!columns) {
      const empty = readTargetHeader(undefined);
      throw new FileError('fileError' in empty ? empty.fileError : 'the file is empty');
    }
    return sorted;
  }

  /** Normalized value -> id of the targets of the operation that already have one of these values. */
  private async existing(db: EntityManager | undefined, operationId: string, values: string[]): Promise<Map<string, string>> {
    if (values.length === 0) return new Map();
    return this.repo.existing(operationId, values, db);
  }

  /** Every target in the import's columns, and how many rows that is (for the audit entry). */
  async exportCsv(operationId: string): Promise<{ csv: string; rows: number }> {
    const targets = await this.repo.all(operationId);
    return { csv: targetsToCsv(targets.map(toTargetDto)), rows: targets.length };
  }
}
