import { Controller, Get, Param, Query } from '@nestjs/common';
import { eventsQuerySchema, eventsResponseSchema, type EventsQuery, type EventsResponse } from '@actionday/contracts';
import { Access, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { contract, Returns } from '../openapi/api-doc.decorators';
import { EventsService } from './events.service';

@Controller('operations/:id/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @RequireRole('observer')
  @Returns(eventsResponseSchema, 200, "The operation's events after `after`, each as the caller may see it (the same as on the socket).")
  list(@Param('id') _id: string, @Access() access: OperationAccess, @Query(contract(eventsQuerySchema)) q: EventsQuery): Promise<EventsResponse> {
    return this.events.after(access, q.after, q.limit);
  }
}
