import { Body, Controller, Get, Header, HttpCode, Logger, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  IMPORT_LIMITS,
  autoAssignRequestSchema,
  autoAssignResponseSchema,
  assignmentResponseSchema,
  importResultSchema,
  pageOf,
  snowballResponseSchema,
  targetSchema,
  importQuerySchema,
  snowballRequestSchema,
  assignmentRequestSchema,
  createTargetRequestSchema,
  listTargetsQuerySchema,
  updateTargetRequestSchema,
  type AssignmentRequest,
  type AssignmentResponse,
  type AutoAssignRequest,
  type AutoAssignResponse,
  type ImportQuery,
  type ImportResult,
  type SnowballRequest,
  type SnowballResponse,
  type CreateTargetRequest,
  type ListTargetsQuery,
  type Page,
  type Target,
  type UpdateTargetRequest,
} from '@actionday/contracts';
import { recordRead } from '../audit/audited-read';
import { AuditService } from '../audit/audit.service';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { validId } from '../common/id-param';
import { connectionGone, delivered } from '../common/response-delivered';
import { readRawBody } from '../common/raw-body';
import { CallableBy, contract, Fails, FileBody, Returns, ReturnsFile, rolesFrom } from '../openapi/api-doc.decorators';
import { SnowballService } from './snowball.service';
import { TargetAssignmentService } from './target-assignment.service';
import { TargetsImportService } from './targets-import.service';
import { TargetsService } from './targets.service';

/** What the import accepts as a CSV file (spreadsheets and browsers label it differently). */
const CSV_MEDIA_TYPES = ['text/csv', 'application/csv', 'text/plain'];

@Controller()
export class TargetsController {
  private readonly logger = new Logger('targets');

  constructor(
    private readonly targets: TargetsService,
    private readonly imports: TargetsImportService,
    private readonly snowballs: SnowballService,
    private readonly assignments: TargetAssignmentService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The raw CSV file is the body (Content-Type: text/csv); 200 for a dry run, 201 when rows were
   * created. The body is read here, only once the guard has let a coordinator of this operation
   * through, and at most IMPORT_LIMITS.bytes of it (413 past that, 415 for another media type).
   */
  @Post('operations/:id/targets/import')
  @RequireRole('coordinator')
  @FileBody(CSV_MEDIA_TYPES, `A CSV file with a header row (kind, value, and optional columns; see the README), at most ${IMPORT_LIMITS.bytes} bytes.`)
  @Returns(importResultSchema, 201, 'Rows were created.')
  @Returns(importResultSchema, 200, 'A dry run, or a file that created nothing: every error by line and column.')
  @Fails(413, 'The file is larger than the import allows.')
  @Fails(415, 'The body is not a CSV file, or is compressed.')
  async import(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Query(contract(importQuerySchema)) q: ImportQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportResult> {
    const body = await readRawBody(req, { types: CSV_MEDIA_TYPES, limit: IMPORT_LIMITS.bytes, what: 'the CSV file' });
    const result = await this.imports.import(user, access, body, q.dryRun, q.importId);
    res.status(!result.dryRun && result.created > 0 ? 201 : 200);
    return result;
  }

  /** Snowballing: 201 with a new target, or 200 with the target the identifier already is. */
  @Post('operations/:id/targets/from-identifier')
  @RequireRole('officer')
  @Returns(snowballResponseSchema, 201, 'A new target.')
  @Returns(snowballResponseSchema, 200, 'The identifier already is a target: that one.')
  async snowball(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(snowballRequestSchema)) body: SnowballRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SnowballResponse> {
    const result = await this.snowballs.snowball(user, access, body);
    res.status(result.created ? 201 : 200);
    return result;
  }

  @Get('operations/:id/targets/export.csv')
  @RequireRole('coordinator')
  @ReturnsFile('text/csv', 'Every target with its assignment, in the import\'s columns.')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="targets.csv"')
  async export(@Param('id') _id: string, @CurrentUser() user: AuthUser, @Access() access: OperationAccess, @Res() res: Response): Promise<void> {
    // HEAD: the headers only, so nothing is read or recorded.
    if (res.req.method === 'HEAD') return void res.end();
    // Snowballed targets carry victims' identifiers: a read of personal data, recorded like the exports.
    const { csv, rows } = await this.imports.exportCsv(access.operationId);
    // A client that left while the rows were read got none of them: the entry says so.
    const gone = connectionGone(res);
    const complete = delivered(res);
    if (!gone) res.end(csv);
    await recordRead(this.audit, this.logger, {
      operationId: access.operationId,
      actorId: user.id,
      action: 'export.targets',
      details: { file: 'targets/export.csv', role: access.role, rows: gone ? 0 : rows, complete: await complete },
    });
  }

  @Post('operations/:id/assignments/auto')
  @RequireRole('coordinator')
  @HttpCode(200)
  @Returns(autoAssignResponseSchema)
  autoAssign(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(autoAssignRequestSchema)) body: AutoAssignRequest,
  ): Promise<AutoAssignResponse> {
    return this.assignments.autoAssign(user, access, body);
  }

  @Post('operations/:id/targets')
  @RequireRole('coordinator')
  @Returns(targetSchema, 201)
  create(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(createTargetRequestSchema)) body: CreateTargetRequest,
  ): Promise<Target> {
    return this.targets.create(user, access, body);
  }

  @Get('operations/:id/targets')
  @RequireRole('observer')
  @Returns(pageOf(targetSchema))
  list(@Param('id') _id: string, @Access() access: OperationAccess, @Query(contract(listTargetsQuerySchema)) q: ListTargetsQuery): Promise<Page<Target>> {
    return this.targets.list(access, q);
  }

  @Post('operations/:id/assignments')
  @RequireRole('coordinator')
  @HttpCode(200)
  @Returns(assignmentResponseSchema)
  assign(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(assignmentRequestSchema)) body: AssignmentRequest,
  ): Promise<AssignmentResponse> {
    return this.assignments.assign(user, access, body);
  }

  @Patch('targets/:targetId')
  @CallableBy({ roles: rolesFrom('officer'), note: "of the target's operation; an officer only for a target of their own team" })
  @Returns(targetSchema)
  @Fails(409, 'The target changed since `version`; reload it.')
  update(
    @Param('targetId', validId('target')) targetId: string,
    @CurrentUser() user: AuthUser,
    @Body(contract(updateTargetRequestSchema)) body: UpdateTargetRequest,
  ): Promise<Target> {
    return this.targets.update(user, targetId, body);
  }
}
