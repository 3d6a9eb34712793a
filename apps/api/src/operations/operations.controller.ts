import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  addMemberRequestSchema,
  createOperationRequestSchema,
  createTeamRequestSchema,
  listOf,
  memberSchema,
  operationSchema,
  pageOf,
  teamSchema,
  pageQuerySchema,
  transitionRequestSchema,
  updateOperationRequestSchema,
  type AddMemberRequest,
  type CreateOperationRequest,
  type CreateTeamRequest,
  type Member,
  type Operation,
  type Page,
  type PageQuery,
  type Team,
  type TransitionRequest,
  type UpdateOperationRequest,
} from '@actionday/contracts';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { validId } from '../common/id-param';
import { CallableBy, contract, Fails, Returns, ReturnsNothing } from '../openapi/api-doc.decorators';
import { OperationsService } from './operations.service';

@Controller('operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Post()
  @CallableBy({ signedIn: true, note: 'the creator becomes its organizer' })
  @Returns(operationSchema, 201)
  create(@CurrentUser() user: AuthUser, @Body(contract(createOperationRequestSchema)) body: CreateOperationRequest): Promise<Operation> {
    return this.operations.create(user, body);
  }

  @Get()
  @CallableBy({ signedIn: true, note: 'lists the operations the caller is a member of' })
  @Returns(pageOf(operationSchema))
  list(@CurrentUser() user: AuthUser, @Query(contract(pageQuerySchema)) q: PageQuery): Promise<Page<Operation>> {
    return this.operations.listMine(user.id, q);
  }

  @Get(':id')
  @RequireRole('observer')
  @Returns(operationSchema)
  get(@Param('id') _id: string, @Access() access: OperationAccess): Promise<Operation> {
    return this.operations.get(access);
  }

  /** The operation's settings an organizer may change while it is planned or live: the TLP level of its exports. */
  @Patch(':id')
  @RequireRole('organizer')
  @Returns(operationSchema)
  @Fails(409, 'The operation is closed, or changed since `version`.')
  update(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(updateOperationRequestSchema)) body: UpdateOperationRequest,
  ): Promise<Operation> {
    return this.operations.update(user, access, body);
  }

  @Post(':id/transitions')
  @RequireRole('organizer')
  @HttpCode(200)
  @Returns(operationSchema)
  transition(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(transitionRequestSchema)) body: TransitionRequest,
  ): Promise<Operation> {
    return this.operations.transition(user, access, body);
  }

  @Get(':id/members')
  @RequireRole('observer')
  @Returns(listOf(memberSchema))
  members(@Param('id') _id: string, @CurrentUser() user: AuthUser, @Access() access: OperationAccess): Promise<{ items: Member[] }> {
    return this.operations.members(access, user.id);
  }

  @Post(':id/members')
  @RequireRole('organizer')
  @Returns(memberSchema, 201)
  addMember(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(addMemberRequestSchema)) body: AddMemberRequest,
  ): Promise<Member> {
    return this.operations.addMember(user, access, body);
  }

  @Delete(':id/members/:userId')
  @RequireRole('organizer')
  @HttpCode(204)
  @ReturnsNothing('Removed: their open pages are told at once and receive nothing more.')
  removeMember(
    @Param('id') _id: string,
    @Param('userId', validId('member')) userId: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
  ): Promise<void> {
    return this.operations.removeMember(user, access, userId);
  }

  @Get(':id/teams')
  @RequireRole('observer')
  @Returns(listOf(teamSchema))
  teams(@Param('id') id: string): Promise<{ items: Team[] }> {
    return this.operations.teams(id);
  }

  @Post(':id/teams')
  @RequireRole('coordinator')
  @Returns(teamSchema, 201)
  createTeam(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(createTeamRequestSchema)) body: CreateTeamRequest,
  ): Promise<Team> {
    return this.operations.createTeam(user, access, body);
  }
}
