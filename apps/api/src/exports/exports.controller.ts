import { Controller, Get, HttpException, Logger, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { LIMITS, type Finding, type Operation, type Target } from '@actionday/contracts';
import type { Request, Response } from 'express';
import { recordRead, streamAudited } from '../audit/audited-read';
import { AuditService } from '../audit/audit.service';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { fileSlug, type FileFormat, jsonArray, localDate, setDownloadHeaders } from '../common/file-stream';
import { Fails, ReturnsFile } from '../openapi/api-doc.decorators';
import type { CtiInput } from './cti-model';
import { csvFile, findingColumns, targetColumns } from './export-csv';
import { ExportsService } from './exports.service';
import { mispEventJson } from './misp-event';
import { delivered } from '../common/response-delivered';
import { stixBundleJson } from './stix-bundle';

const fileName = (operation: Operation, what: string, ext: string, now = new Date()) =>
  `${fileSlug(operation.name)}-${what}-${localDate(now, operation.timezone)}.${ext}`;

/** The files under `.../exports/`, as a 404 for any other name lists them. */
export const EXPORT_FILES = ['findings.csv', 'findings.json', 'targets.csv', 'targets.json', 'report.pdf', 'misp.json', 'stix.json'] as const;

/** What a second MISP or STIX request for an operation whose export is being made is told to wait (429). */
export const CTI_RETRY_AFTER_SECONDS = 5;

const CTI_TOO_LARGE = `More than ${LIMITS.ctiExportRecords} findings, targets and matches together: the MISP and STIX exports are whole documents made in memory and hold at most ${LIMITS.ctiExportRecords} (LIMITS.ctiExportRecords). Download the streamed exports instead: targets.csv or targets.json, findings.csv or findings.json (the matches: GET .../matches, page by page).`;
const CTI_BUSY = `A MISP or STIX export of this operation is being made on this server right now; ask again in ${CTI_RETRY_AFTER_SECONDS} seconds.`;

/**
 * Files for the members of an operation (observer and up; 404 for anyone else): findings and
 * targets as CSV or JSON, filtered by the caller's role exactly like the lists, the end-of-day
 * report as PDF, and findings, targets and matches together as one MISP event or one STIX 2.1
 * bundle for the investigating countries' own systems (same filtering: they are made from the
 * same lists). Lists are streamed page by page; the MISP and STIX files are whole documents,
 * sorted, made in memory: at most LIMITS.ctiExportRecords records (413 past it, before anything
 * is loaded), and one at a time per operation on each instance (429 with Retry-After meanwhile).
 * Every download is a read of personal data and is recorded in the audit log once the response
 * is out: who, which file, how many rows were sent and whether the file was complete.
 */
@Controller('operations/:id/exports')
export class ExportsController {
  private readonly logger = new Logger('exports');
  /** The operations whose MISP or STIX file this instance is making now. */
  private readonly ctiBuilding = new Set<string>();

  constructor(
    private readonly exports: ExportsService,
    private readonly audit: AuditService,
  ) {}

  @Get('findings.csv')
  @RequireRole('observer')
  @ReturnsFile('text/csv', 'Every finding the caller may see, one row each (streamed).')
  async findingsCsv(@Param('id') _id: string, @Access() access: OperationAccess, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const [operation, teams] = await Promise.all([this.exports.operation(access), this.exports.teamNames(access.operationId)]);
    await this.findings(user, access, res, csvFile(findingColumns(teams)), fileName(operation, 'findings', 'csv'), 'findings.csv');
  }

  @Get('findings.json')
  @RequireRole('observer')
  @ReturnsFile('application/json', 'A JSON array of `Finding` (the contract of the list), streamed.')
  async findingsJson(@Param('id') _id: string, @Access() access: OperationAccess, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const operation = await this.exports.operation(access);
    await this.findings(user, access, res, jsonArray<Finding>(), fileName(operation, 'findings', 'json'), 'findings.json');
  }

  @Get('targets.csv')
  @RequireRole('observer')
  @ReturnsFile('text/csv', 'Every target the caller may see, one row each (streamed).')
  async targetsCsv(@Param('id') _id: string, @Access() access: OperationAccess, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const [operation, teams] = await Promise.all([this.exports.operation(access), this.exports.teamNames(access.operationId)]);
    await this.targets(user, access, res, csvFile(targetColumns(teams)), fileName(operation, 'targets', 'csv'), 'targets.csv');
  }

  @Get('targets.json')
  @RequireRole('observer')
  @ReturnsFile('application/json', 'A JSON array of `Target` (the contract of the list), streamed.')
  async targetsJson(@Param('id') _id: string, @Access() access: OperationAccess, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const operation = await this.exports.operation(access);
    await this.targets(user, access, res, jsonArray<Target>(), fileName(operation, 'targets', 'json'), 'targets.json');
  }

  @Get('report.pdf')
  @RequireRole('observer')
  @ReturnsFile('application/pdf', 'The end-of-day report: aggregate figures, no personal data.')
  async report(@Param('id') _id: string, @Access() access: OperationAccess, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const operation = await this.exports.operation(access);
    const pdf = await this.exports.report(operation);
    setDownloadHeaders(res, 'application/pdf', fileName(operation, 'report', 'pdf'));
    res.end(pdf);
    await recordRead(this.audit, this.logger, {
      operationId: access.operationId,
      actorId: user.id,
      action: 'export.report',
      details: { file: 'report.pdf', role: access.role, bytes: pdf.length },
    });
  }

  @Get('misp.json')
  @RequireRole('observer')
  @ReturnsFile('application/json', 'One MISP event (MISP core format) of the findings, targets and matches the caller may see, tagged with the operation\'s TLP (a possible victim\'s records at least tlp:amber+strict); a closed operation\'s is the same file every time and carries the snapshot hash.')
  @Fails(413, `More than ${LIMITS.ctiExportRecords} findings, targets and matches: use the streamed exports (targets.csv, findings.json, ...).`)
  @Fails(429, `This operation's MISP or STIX file is being made on this instance: ask again after \`Retry-After\` (${CTI_RETRY_AFTER_SECONDS}) seconds.`)
  misp(@Param('id') _id: string, @Access() access: OperationAccess, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.cti(user, access, req, res, 'misp', mispEventJson);
  }

  @Get('stix.json')
  @RequireRole('observer')
  @ReturnsFile('application/json', 'One STIX 2.1 bundle (a report, identities, observed-data, relationships for matches, TLP markings: a possible victim\'s records at least AMBER+STRICT) of what the caller may see; deterministic once closed, with the snapshot hash.')
  @Fails(413, `More than ${LIMITS.ctiExportRecords} findings, targets and matches: use the streamed exports (targets.csv, findings.json, ...).`)
  @Fails(429, `This operation's MISP or STIX file is being made on this instance: ask again after \`Retry-After\` (${CTI_RETRY_AFTER_SECONDS}) seconds.`)
  stix(@Param('id') _id: string, @Access() access: OperationAccess, @CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.cti(user, access, req, res, 'stix', stixBundleJson);
  }

  /** Any other name, for members: 404 naming the files there are (a non-member gets the guard's plain 404). */
  @Get(':file')
  @RequireRole('observer')
  @Fails(404, `Not one of the exports; the message lists them (${EXPORT_FILES.join(', ')}).`)
  unknown(@Param('id') _id: string, @Param('file') file: string): never {
    throw new NotFoundException({
      statusCode: 404,
      error: 'Not Found',
      message: `unknown export "${file.slice(0, 100)}"; the exports are: ${EXPORT_FILES.join(', ')}`,
    });
  }

  /**
   * A MISP or STIX file: made whole from the lists, sent, then recorded as a read. A closed
   * operation's file is named after the day it closed, so that it is the same download every time.
   *
   * - Too large (more than LIMITS.ctiExportRecords findings, targets and matches): 413, told by
   *   one count before anything is loaded.
   * - One at a time per operation on this instance: a second request while one is being made
   *   gets 429 with Retry-After (not a queue: nothing waits holding memory). The guard is let go
   *   once the file is made and handed to the connection, not when a slow client has read it.
   * - HEAD: the headers a GET would get (and its 413), nothing loaded, built or recorded: no
   *   personal data leaves.
   * - A client that went away while the file was being loaded gets nothing made.
   * - The read is recorded once the response is over: `bytes` handed to the connection (0 when
   *   nothing was sent), `complete` only when the response finished without a connection error
   *   (see delivered()), never because end() was called.
   */
  private async cti(user: AuthUser, access: OperationAccess, req: Request, res: Response, what: 'misp' | 'stix', build: (input: CtiInput) => string): Promise<void> {
    const name = (operation: Operation) => fileName(operation, what, 'json', operation.closedAt ? new Date(operation.closedAt) : new Date());
    if (req.method === 'HEAD') {
      const [operation] = await Promise.all([this.exports.operation(access), this.refuseTooLarge(access.operationId)]);
      setDownloadHeaders(res, 'application/json; charset=utf-8', name(operation));
      res.end();
      return;
    }
    if (this.ctiBuilding.has(access.operationId)) {
      res.setHeader('Retry-After', String(CTI_RETRY_AFTER_SECONDS));
      throw new HttpException({ statusCode: 429, error: 'Too Many Requests', message: CTI_BUSY }, 429);
    }
    // Watched from now on: a client that leaves while the file is made is seen leaving.
    const delivery = delivered(res);
    this.ctiBuilding.add(access.operationId);
    let input: CtiInput;
    let body: Buffer | null = null;
    try {
      await this.refuseTooLarge(access.operationId);
      input = await this.exports.ctiInput(access);
      if (!res.destroyed) body = Buffer.from(build(input), 'utf8');
    } finally {
      this.ctiBuilding.delete(access.operationId);
    }
    if (body) {
      setDownloadHeaders(res, 'application/json; charset=utf-8', name(input.operation));
      res.setHeader('Content-Length', String(body.length));
      res.end(body);
    }
    const complete = body !== null && (await delivery);
    await recordRead(this.audit, this.logger, {
      operationId: access.operationId,
      actorId: user.id,
      action: `export.${what}`,
      details: {
        file: `${what}.json`,
        role: access.role,
        findings: input.findings.length,
        // A target whose value the caller may not see has nothing to export.
        targets: input.targets.filter((t) => t.value !== null).length,
        matches: input.matches.length,
        bytes: body?.length ?? 0,
        complete,
      },
    });
  }

  /** 413 when the operation holds more findings, targets and matches than a MISP or STIX file may. */
  private async refuseTooLarge(operationId: string): Promise<void> {
    const limit = LIMITS.ctiExportRecords;
    if ((await this.exports.ctiRecordCount(operationId, limit + 1)) > limit) {
      throw new HttpException({ statusCode: 413, error: 'Payload Too Large', message: CTI_TOO_LARGE }, 413);
    }
  }

  private findings(user: AuthUser, access: OperationAccess, res: Response, format: FileFormat<Finding>, name: string, file: string): Promise<void> {
    return streamAudited(this.audit, this.logger, res, this.exports.findingPages(access), format, name, this.read(user, access, 'export.findings', file));
  }

  private targets(user: AuthUser, access: OperationAccess, res: Response, format: FileFormat<Target>, name: string, file: string): Promise<void> {
    return streamAudited(this.audit, this.logger, res, this.exports.targetPages(access), format, name, this.read(user, access, 'export.targets', file));
  }

  private read(user: AuthUser, access: OperationAccess, action: string, file: string) {
    return { operationId: access.operationId, actorId: user.id, action, details: { file, role: access.role } };
  }
}
