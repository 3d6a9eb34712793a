import { HttpException, Injectable } from '@nestjs/common';
import {
  IMPORT_LIMITS,
  type ImportDuplicate,
  type ImportProgress,
  type ImportResult,
} from '@actionday/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { conflict } from '../common/errors';
import { JournalService } from '../live/journal.service';
import { LivePublisher } from '../live/live.publisher';
import { OperationEntity } from '../operations/operation.entity';
import { CsvSyntaxError, decodeCsvBytes, parseCsv } from './csv/csv';
import { readTargetRows, targetsToCsv } from './csv/target-rows';
import { TargetEntity } from './target.entity';
import { toTargetDto } from './targets.mapper';
import { type NewTarget, TargetsService } from './targets.service';

const badFile = (message: string, result?: Partial<ImportResult>) =>
  new HttpException({ statusCode: 400, error: 'Bad Request', message, ...result }, 400);

/**
 * CSV import of targets: a dry run that says exactly what would happen (rows to create,
 * duplicates inside the file and against the operation, errors by row and column), and a real
 * import that does exactly that or nothing, in one transaction, through the bulk insert path.
 */
@Injectable()
export class TargetsImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly targets: TargetsService,
    private readonly journal: JournalService,
    private readonly publisher: LivePublisher,
  ) {}

  async import(user: AuthUser, access: OperationAccess, body: unknown, dryRun: boolean, importId?: string): Promise<ImportResult> {
    const report = (phase: ImportProgress['phase'], processed: number, total: number) => {
      if (importId) this.publisher.progress({ operationId: access.operationId, importId, phase, processed, total });
    };
    if (!(body instanceof Uint8Array) || body.length === 0) {
      throw badFile('send the CSV file as the request body with Content-Type: text/csv');
    }
    const decoded = decodeCsvBytes(body);
    if ('error' in decoded) throw badFile(decoded.error);
    report('parsing', 0, 0);
    let records;
    try {
      records = parseCsv(decoded.text);
    } catch (e) {
      if (e instanceof CsvSyntaxError) {
        throw badFile(`malformed CSV: ${e.message}`, { dryRun, created: 0, rows: 0, duplicates: [], preview: [], errors: [{ row: e.line, column: null, message: e.message }] });
      }
      throw e;
    }
    if (records.length - 1 > IMPORT_LIMITS.rows) throw badFile(`the file has ${records.length - 1} rows; at most ${IMPORT_LIMITS.rows} per import`);
    const { rows, errors, fileError } = readTargetRows(records);
    if (fileError) throw badFile(fileError, { dryRun, created: 0, rows: 0, duplicates: [], preview: [], errors: [{ row: 1, column: null, message: fileError }] });

    report('checking', 0, rows.length);
    const operation = await this.ds.getRepository(OperationEntity).findOneByOrFail({ id: access.operationId });
    const normalized = rows.map((r) => ({ line: r.line, target: this.targets.normalize(r.target, operation.countries) }));
    const existing = await this.existing(access.operationId, normalized.map((r) => r.target.normalized));
    const firstLine = new Map<string, number>();
    const duplicates: ImportDuplicate[] = [];
    const toCreate: { line: number; target: NewTarget }[] = [];
    for (const r of normalized) {
      const { normalized: key, value } = r.target;
      const existingId = existing.get(key);
      const earlier = firstLine.get(key);
      if (existingId) duplicates.push({ row: r.line, value, normalized: key, reason: 'existing', firstRow: null, existingTargetId: existingId });
      else if (earlier !== undefined) duplicates.push({ row: r.line, value, normalized: key, reason: 'in_file', firstRow: earlier, existingTargetId: null });
      else {
        firstLine.set(key, r.line);
        toCreate.push(r);
      }
    }
    const result: ImportResult = {
      dryRun,
      created: errors.length ? 0 : toCreate.length,
      rows: records.length - 1,
      duplicates,
      errors,
      preview: toCreate.slice(0, IMPORT_LIMITS.previewRows).map(({ line, target: t }) => ({
        row: line,
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
      })),
    };
    if (dryRun) return { ...result, created: toCreate.length };
    if (errors.length) {
      report('failed', 0, toCreate.length);
      throw badFile(`${errors.length} row error(s); nothing was imported`, result);
    }
    try {
      await this.journal.write(access.operationId, user.id, 'prepare', (tx) =>
        this.targets.insertMany(tx, toCreate.map((r) => r.target), (done) => report('inserting', done, toCreate.length)),
      );
    } catch (e) {
      report('failed', 0, toCreate.length);
      if ((e as { code?: string }).code === '23505') {
        throw conflict('some of these targets were added meanwhile by someone else; nothing was imported, run the preview again');
      }
      throw e;
    }
    report('done', toCreate.length, toCreate.length);
    return result;
  }

  /** Normalized value -> id of the targets of the operation that already have one of these values. */
  private async existing(operationId: string, values: string[]): Promise<Map<string, string>> {
    if (values.length === 0) return new Map();
    const rows: { id: string; normalized: string }[] = await this.ds.query(
      'SELECT id, normalized FROM targets WHERE operation_id = $1 AND normalized = ANY($2::text[])',
      [operationId, values],
    );
    return new Map(rows.map((r) => [r.normalized, r.id]));
  }

  async exportCsv(operationId: string): Promise<string> {
    const targets = await this.ds.getRepository(TargetEntity).find({ where: { operationId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return targetsToCsv(targets.map(toTargetDto));
  }
}
