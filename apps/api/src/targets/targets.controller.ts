import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  autoAssignRequestSchema,
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
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { validId } from '../common/id-param';
import { zod } from '../common/zod-pipe';
import { TargetsImportService } from './targets-import.service';
import { TargetsService } from './targets.service';

@Controller()
export class TargetsController {
  constructor(
    private readonly targets: TargetsService,
    private readonly imports: TargetsImportService,
  ) {}

  /** The raw CSV file is the body (Content-Type: text/csv); 200 for a dry run, 201 when rows were created. */
  @Post('operations/:id/targets/import')
  @RequireRole('coordinator')
  async import(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Query(zod(importQuerySchema)) q: ImportQuery,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportResult> {
    const result = await this.imports.import(user, access, body, q.dryRun, q.importId);
    res.status(!result.dryRun && result.created > 0 ? 201 : 200);
    return result;
  }

  /** Snowballing: 201 with a new target, or 200 with the target the identifier already is. */
  @Post('operations/:id/targets/from-identifier')
  @RequireRole('officer')
  async snowball(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(zod(snowballRequestSchema)) body: SnowballRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SnowballResponse> {
    const result = await this.targets.snowball(user, access, body);
    res.status(result.created ? 201 : 200);
    return result;
  }

  @Get('operations/:id/targets/export.csv')
  @RequireRole('coordinator')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="targets.csv"')
  export(@Param('id') id: string): Promise<string> {
    return this.imports.exportCsv(id);
  }

  @Post('operations/:id/assignments/auto')
  @RequireRole('coordinator')
  @HttpCode(200)
  autoAssign(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(zod(autoAssignRequestSchema)) body: AutoAssignRequest,
  ): Promise<AutoAssignResponse> {
    return this.targets.autoAssign(user, access, body);
  }

  @Post('operations/:id/targets')
  @RequireRole('coordinator')
  create(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(zod(createTargetRequestSchema)) body: CreateTargetRequest,
  ): Promise<Target> {
    return this.targets.create(user, access, body);
  }

  @Get('operations/:id/targets')
  @RequireRole('observer')
  list(@Param('id') id: string, @Query(zod(listTargetsQuerySchema)) q: ListTargetsQuery): Promise<Page<Target>> {
    return this.targets.list(id, q);
  }

  @Post('operations/:id/assignments')
  @RequireRole('coordinator')
  @HttpCode(200)
  assign(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(zod(assignmentRequestSchema)) body: AssignmentRequest,
  ): Promise<AssignmentResponse> {
    return this.targets.assign(user, access, body);
  }

  @Patch('targets/:targetId')
  update(
    @Param('targetId', validId('target')) targetId: string,
    @CurrentUser() user: AuthUser,
    @Body(zod(updateTargetRequestSchema)) body: UpdateTargetRequest,
  ): Promise<Target> {
    return this.targets.update(user, targetId, body);
  }
}
