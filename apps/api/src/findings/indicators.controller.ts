import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { createIndicatorRequestSchema, type CreateIndicatorRequest, type Indicator } from '@actionday/contracts';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { zod } from '../common/zod-pipe';
import { IndicatorsService } from './indicators.service';

@Controller('operations/:id/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @RequireRole('observer')
  list(@Param('id') _id: string, @Access() access: OperationAccess): Promise<{ items: Indicator[] }> {
    return this.indicators.list(access.operationId).then((items) => ({ items }));
  }

  @Post()
  @RequireRole('coordinator')
  create(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(zod(createIndicatorRequestSchema)) body: CreateIndicatorRequest,
  ): Promise<Indicator> {
    return this.indicators.create(user, access, body);
  }
}
