import { Global, Module } from '@nestjs/common';
import { JournalRepository } from './journal.repository';
import { JournalService } from './journal.service';

/**
 * The write unit of work of every domain (JournalService.write, OperationTx): events, counters and
 * audit entries in the same transaction as the rows, handed to the event sink after COMMIT. The
 * sink (EVENT_SINK) is provided by the live module, which depends on this one, never the reverse.
 */
@Global()
@Module({ providers: [JournalRepository, JournalService], exports: [JournalService] })
export class JournalModule {}
