import { Controller, Get, Param } from '@nestjs/common';
import { talliesSchema, type Tallies } from '@actionday/contracts';
import { Access, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { Returns } from '../openapi/api-doc.decorators';
import { TalliesService } from './tallies.service';

@Controller('operations/:id/tallies')
export class TalliesController {
  constructor(private readonly tallies: TalliesService) {}

  /** The figures as the caller may see them (victim figures by the need-to-know policy). */
  @Get()
  @RequireRole('observer')
  @Returns(talliesSchema)
  get(@Param('id') _id: string, @Access() access: OperationAccess): Promise<Tallies> {
    return this.tallies.get(access.operationId, access);
  }
}
