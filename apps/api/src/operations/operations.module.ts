import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { TalliesModule } from '../tallies/tallies.module';
import { OperationRecordsModule } from './operation-records.module';
import { OperationsController } from './operations.controller';
import { OperationsService } from './operations.service';

/**
 * The operations' routes and workflows: creation (with the default indicator catalogue), the
 * lifecycle (closing freezes the tallies), teams and members. The rows other domains need come
 * from OperationRecordsModule, below them all.
 */
@Module({
  imports: [OperationRecordsModule, TalliesModule, FindingsModule],
  controllers: [OperationsController],
  providers: [OperationsService],
  exports: [OperationsService],
})
export class OperationsModule {}
