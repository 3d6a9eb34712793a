import { Controller, Get, Param, Query } from '@nestjs/common';
import { eventsQuerySchema, type EventsQuery, type EventsResponse } from '@actionday/contracts';
import { Access, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { zod } from '../common/zod-pipe';
import { EventsService } from './events.service';

@Controller('operations/:id/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @RequireRole('observer')
  list(@Param('id') _id: string, @Access() access: OperationAccess, @Query(zod(eventsQuerySchema)) q: EventsQuery): Promise<EventsResponse> {
    return this.events.after(access, q.after, q.limit);
  }
}
