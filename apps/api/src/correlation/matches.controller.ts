import { Controller, Get, Param, Query } from '@nestjs/common';
import { listMatchesQuerySchema, type ListMatchesQuery, type Match, type Page } from '@actionday/contracts';
import { Access, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { zod } from '../common/zod-pipe';
import { CorrelationService } from './correlation.service';

@Controller()
export class MatchesController {
  constructor(private readonly correlation: CorrelationService) {}

  @Get('operations/:id/matches')
  @RequireRole('observer')
  list(@Param('id') _id: string, @Access() access: OperationAccess, @Query(zod(listMatchesQuerySchema)) q: ListMatchesQuery): Promise<Page<Match>> {
    return this.correlation.list(access, q);
  }
}
