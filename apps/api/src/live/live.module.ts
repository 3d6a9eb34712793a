import { Global, Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { JournalService } from './journal.service';
import { LiveGateway } from './live.gateway';
import { LivePublisher } from './live.publisher';

@Global()
@Module({
  controllers: [EventsController],
  providers: [EventsService, JournalService, LivePublisher, LiveGateway],
  exports: [JournalService, EventsService, LivePublisher],
})
export class LiveModule {}
