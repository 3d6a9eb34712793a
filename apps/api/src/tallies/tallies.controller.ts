import { Controller, Get, Param } from '@nestjs/common';
import type { Tallies } from '@actionday/contracts';
import { RequireRole } from '../auth/auth.decorators';
import { TalliesService } from './tallies.service';

@Controller('operations/:id/tallies')
export class TalliesController {
  constructor(private readonly tallies: TalliesService) {}

  @Get()
  @RequireRole('observer')
  get(@Param('id') id: string): Promise<Tallies> {
    return this.tallies.get(id);
  }
}
