import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  assignmentRequestSchema,
  createTargetRequestSchema,
  listTargetsQuerySchema,
  updateTargetRequestSchema,
  type AssignmentRequest,
  type AssignmentResponse,
  type CreateTargetRequest,
  type ListTargetsQuery,
  type Page,
  type Target,
  type UpdateTargetRequest,
} from '@actionday/contracts';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { validId } from '../common/id-param';
import { zod } from '../common/zod-pipe';
import { TargetsService } from './targets.service';

@Controller()
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

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
