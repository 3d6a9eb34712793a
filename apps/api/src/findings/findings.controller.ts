import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  createFindingRequestSchema,
  listFindingsQuerySchema,
  reviewFindingRequestSchema,
  type CreateFindingRequest,
  type Finding,
  type ListFindingsQuery,
  type Page,
  type ReviewFindingRequest,
} from '@actionday/contracts';
import type { Response } from 'express';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { validId } from '../common/id-param';
import { zod } from '../common/zod-pipe';
import { FindingsService } from './findings.service';

@Controller()
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  /** 201 the first time; 200 with the same finding when a retry repeats the clientId. */
  @Post('operations/:id/findings')
  @RequireRole('officer')
  async create(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(zod(createFindingRequestSchema)) body: CreateFindingRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Finding> {
    const result = await this.findings.create(user, access, body);
    res.status(result.created ? 201 : 200);
    return result.finding;
  }

  @Get('operations/:id/findings')
  @RequireRole('observer')
  list(@Param('id') _id: string, @Access() access: OperationAccess, @Query(zod(listFindingsQuerySchema)) q: ListFindingsQuery): Promise<Page<Finding>> {
    return this.findings.list(access, q);
  }

  @Get('findings/:findingId')
  get(@Param('findingId', validId('finding')) findingId: string, @CurrentUser() user: AuthUser): Promise<Finding> {
    return this.findings.get(user, findingId);
  }

  @Patch('findings/:findingId')
  review(
    @Param('findingId', validId('finding')) findingId: string,
    @CurrentUser() user: AuthUser,
    @Body(zod(reviewFindingRequestSchema)) body: ReviewFindingRequest,
  ): Promise<Finding> {
    return this.findings.review(user, findingId, body);
  }
}
