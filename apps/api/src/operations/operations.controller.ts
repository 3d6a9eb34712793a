import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  addMemberRequestSchema,
  createOperationRequestSchema,
  createTeamRequestSchema,
  pageQuerySchema,
  transitionRequestSchema,
  type AddMemberRequest,
  type CreateOperationRequest,
  type CreateTeamRequest,
  type Member,
  type Operation,
  type Page,
  type PageQuery,
  type Team,
  type TransitionRequest,
} from '@actionday/contracts';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { zod } from '../common/zod-pipe';
import { OperationsService } from './operations.service';

@Controller('operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Post()
  create(@CurrentUser() user: AuthUser, @Body(zod(createOperationRequestSchema)) body: CreateOperationRequest): Promise<Operation> {
    return this.operations.create(user, body);
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query(zod(pageQuerySchema)) q: PageQuery): Promise<Page<Operation>> {
    return this.operations.listMine(user.id, q);
  }

  @Get(':id')
  @RequireRole('observer')
  get(@Param('id') _id: string, @Access() access: OperationAccess): Promise<Operation> {
    return this.operations.get(access);
  }

  @Post(':id/transitions')
  @RequireRole('organizer')
  @HttpCode(200)
  transition(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(zod(transitionRequestSchema)) body: TransitionRequest,
  ): Promise<Operation> {
    return this.operations.transition(user, access, body);
  }

  @Get(':id/members')
  @RequireRole('observer')
  members(@Param('id') id: string): Promise<{ items: Member[] }> {
    return this.operations.members(id);
  }

  @Post(':id/members')
  @RequireRole('organizer')
  addMember(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(zod(addMemberRequestSchema)) body: AddMemberRequest,
  ): Promise<Member> {
    return this.operations.addMember(user, access, body);
  }

  @Get(':id/teams')
  @RequireRole('observer')
  teams(@Param('id') id: string): Promise<{ items: Team[] }> {
    return this.operations.teams(id);
  }

  @Post(':id/teams')
  @RequireRole('coordinator')
  createTeam(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(zod(createTeamRequestSchema)) body: CreateTeamRequest,
  ): Promise<Team> {
    return this.operations.createTeam(user, access, body);
  }
}
