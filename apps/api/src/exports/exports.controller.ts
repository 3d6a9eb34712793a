import { Controller, Get, Logger, Param, Res } from '@nestjs/common';
import type { Finding, Operation, Target } from '@actionday/contracts';
import type { Response } from 'express';
import { Access, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { fileSlug, type FileFormat, jsonArray, localDate, setDownloadHeaders, streamFile } from '../common/file-stream';
import { csvFile, findingColumns, targetColumns } from './export-csv';
import { ExportsService } from './exports.service';

const fileName = (operation: Operation, what: string, ext: string, now = new Date()) =>
  `${fileSlug(operation.name)}-${what}-${localDate(now, operation.timezone)}.${ext}`;

/**
 * Files for the members of an operation (observer and up; 404 for anyone else): findings and
 * targets as CSV or JSON, filtered by the caller's role exactly like the lists, and the end-of-day
 * report as PDF. Lists are streamed page by page.
 */
@Controller('operations/:id/exports')
export class ExportsController {
  private readonly logger = new Logger('exports');

  constructor(private readonly exports: ExportsService) {}

  @Get('findings.csv')
  @RequireRole('observer')
  async findingsCsv(@Param('id') _id: string, @Access() access: OperationAccess, @Res() res: Response): Promise<void> {
    const [operation, teams] = await Promise.all([this.exports.operation(access), this.exports.teamNames(access.operationId)]);
    await this.findings(access, res, csvFile(findingColumns(teams)), fileName(operation, 'findings', 'csv'));
  }

  @Get('findings.json')
  @RequireRole('observer')
  async findingsJson(@Param('id') _id: string, @Access() access: OperationAccess, @Res() res: Response): Promise<void> {
    const operation = await this.exports.operation(access);
    await this.findings(access, res, jsonArray<Finding>(), fileName(operation, 'findings', 'json'));
  }

  @Get('targets.csv')
  @RequireRole('observer')
  async targetsCsv(@Param('id') _id: string, @Access() access: OperationAccess, @Res() res: Response): Promise<void> {
    const [operation, teams] = await Promise.all([this.exports.operation(access), this.exports.teamNames(access.operationId)]);
    await this.targets(access, res, csvFile(targetColumns(teams)), fileName(operation, 'targets', 'csv'));
  }

  @Get('targets.json')
  @RequireRole('observer')
  async targetsJson(@Param('id') _id: string, @Access() access: OperationAccess, @Res() res: Response): Promise<void> {
    const operation = await this.exports.operation(access);
    await this.targets(access, res, jsonArray<Target>(), fileName(operation, 'targets', 'json'));
  }

  @Get('report.pdf')
  @RequireRole('observer')
  async report(@Param('id') _id: string, @Access() access: OperationAccess, @Res() res: Response): Promise<void> {
    const operation = await this.exports.operation(access);
    const pdf = await this.exports.report(operation);
    setDownloadHeaders(res, 'application/pdf', fileName(operation, 'report', 'pdf'));
    res.end(pdf);
  }

  private findings(access: OperationAccess, res: Response, format: FileFormat<Finding>, name: string): Promise<void> {
    return streamFile(res, this.exports.findingPages(access), format, name, this.logger);
  }

  private targets(access: OperationAccess, res: Response, format: FileFormat<Target>, name: string): Promise<void> {
    return streamFile(res, this.exports.targetPages(access.operationId), format, name, this.logger);
  }
}
