import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { createIndicatorRequestSchema, indicatorSchema, listOf, type CreateIndicatorRequest, type Indicator } from '@actionday/contracts';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { contract, Returns } from '../openapi/api-doc.decorators';
import { IndicatorsService } from './indicators.service';

@Controller('operations/:id/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @RequireRole('observer')
  @Returns(listOf(indicatorSchema))
  list(@Param('id') _id: string, @Access() access: OperationAccess): Promise<{ items: Indicator[] }> {
    return this.indicators.list(access.operationId).then((items) => ({ items }));
  }

  @Post()
  @RequireRole('coordinator')
  @Returns(indicatorSchema, 201)
  create(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(createIndicatorRequestSchema)) body: CreateIndicatorRequest,
  ): Promise<Indicator> {
    return this.indicators.create(user, access, body);
  }
}
