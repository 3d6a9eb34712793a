import { Controller, Get, Param, Query } from '@nestjs/common';
import { listMatchesQuerySchema, matchSchema, pageOf, type ListMatchesQuery, type Match, type Page } from '@actionday/contracts';
import { Access, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { contract, Returns } from '../openapi/api-doc.decorators';
import { CorrelationService } from './correlation.service';

@Controller()
export class MatchesController {
  constructor(private readonly correlation: CorrelationService) {}

  @Get('operations/:id/matches')
  @RequireRole('observer')
  @Returns(pageOf(matchSchema))
  list(@Param('id') _id: string, @Access() access: OperationAccess, @Query(contract(listMatchesQuerySchema)) q: ListMatchesQuery): Promise<Page<Match>> {
    return this.correlation.list(access, q);
  }
}
