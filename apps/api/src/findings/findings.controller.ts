import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  createFindingRequestSchema,
  FINDINGS_BATCH_LIMITS,
  findingsBatchEnvelopeSchema,
  findingsBatchRequestSchema,
  findingsBatchResponseSchema,
  findingSchema,
  pageOf,
  listFindingsQuerySchema,
  reviewFindingRequestSchema,
  type CreateFindingRequest,
  type Finding,
  type FindingsBatchResponse,
  type ListFindingsQuery,
  type Page,
  type ReviewFindingRequest,
} from '@actionday/contracts';
import type { Request, Response } from 'express';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { validId } from '../common/id-param';
import { readRawBody } from '../common/raw-body';
import { parseOrThrow, ValidationFailed } from '../common/zod-pipe';
import { CallableBy, contract, Fails, JsonBody, Returns, rolesFrom } from '../openapi/api-doc.decorators';
import { FindingCreationService } from './finding-creation.service';
import { FindingReviewService } from './finding-review.service';
import { FindingsService } from './findings.service';

@Controller()
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    private readonly creation: FindingCreationService,
    private readonly reviews: FindingReviewService,
  ) {}

  /** 201 the first time; 200 with the same finding when a retry repeats the clientId. */
  @Post('operations/:id/findings')
  @RequireRole('officer')
  @Returns(findingSchema, 201, 'Created.')
  @Returns(findingSchema, 200, 'A retry with the same clientId: the finding stored the first time.')
  @Fails(409, 'The clientId was used for a different finding.')
  async create(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(createFindingRequestSchema)) body: CreateFindingRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Finding> {
    const result = await this.creation.create(user, access, body);
    res.status(result.created ? 201 : 200);
    return result.finding;
  }

  /**
   * For tools: up to 1,000 findings in one request, each with its own result. The body is read
   * here, after the guard, not by the app's JSON parser (whose limit it passes): see create-app.ts.
   */
  @Post('operations/:id/findings/batch')
  @HttpCode(200)
  @RequireRole('officer')
  @JsonBody(findingsBatchRequestSchema, 'Up to 1,000 findings, each as POST .../findings takes it, with its own clientId.')
  @Returns(findingsBatchResponseSchema, 200, "Each finding's result, in the order sent: 201, 200 (a retry) or the error it would get alone.")
  @Fails(413, 'The body is larger than 8 MB.')
  async createBatch(@Param('id') _id: string, @CurrentUser() user: AuthUser, @Access() access: OperationAccess, @Req() req: Request): Promise<FindingsBatchResponse> {
    const raw = await readRawBody(req, {
      types: ['application/json'],
      limit: FINDINGS_BATCH_LIMITS.bytes,
      what: 'the batch',
      whenTooLarge: 'send fewer findings per batch',
    });
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw new ValidationFailed([{ path: '(body)', message: `not JSON: ${(e as Error).message}` }]);
    }
    const { findings } = parseOrThrow(findingsBatchEnvelopeSchema, body);
    return this.creation.batch(user, access, findings);
  }

  @Get('operations/:id/findings')
  @RequireRole('observer')
  @Returns(pageOf(findingSchema))
  list(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Query(contract(listFindingsQuerySchema)) q: ListFindingsQuery,
  ): Promise<Page<Finding>> {
    return this.findings.list(access, q, { actorId: user.id, audit: true });
  }

  @Get('findings/:findingId')
  @CallableBy({ roles: rolesFrom('observer'), note: "of the finding's operation; a possible victim's details only as the need-to-know policy allows" })
  @Returns(findingSchema)
  get(@Param('findingId', validId('finding')) findingId: string, @CurrentUser() user: AuthUser): Promise<Finding> {
    return this.findings.get(user, findingId);
  }

  @Patch('findings/:findingId')
  @CallableBy({ roles: rolesFrom('coordinator'), note: "of the finding's operation" })
  @Returns(findingSchema)
  @Fails(409, 'The finding changed since `version`: the message names who changed it.')
  review(
    @Param('findingId', validId('finding')) findingId: string,
    @CurrentUser() user: AuthUser,
    @Body(contract(reviewFindingRequestSchema)) body: ReviewFindingRequest,
  ): Promise<Finding> {
    return this.reviews.review(user, findingId, body);
  }
}
