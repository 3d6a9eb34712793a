import { Global, Module } from '@nestjs/common';
import { EVENT_SINK } from '../journal/event-sink';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { LiveGateway } from './live.gateway';
import { LivePublisher } from './live.publisher';

/** The transport: the socket gateway, the catch-up route, and the publisher that is the journal's event sink. */
@Global()
@Module({
  controllers: [EventsController],
  providers: [EventsService, LivePublisher, { provide: EVENT_SINK, useExisting: LivePublisher }, LiveGateway],
  exports: [EventsService, LivePublisher, EVENT_SINK],
})
export class LiveModule {}
