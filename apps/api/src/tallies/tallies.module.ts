import { Module } from '@nestjs/common';
import { SessionLocks } from '../database/session-lock';
import { OperationRecordsModule } from '../operations/operation-records.module';
import { TalliesController } from './tallies.controller';
import { TalliesRepository } from './tallies.repository';
import { TalliesService } from './tallies.service';
import { VictimReleasesService } from './victim-releases.service';

@Module({
  imports: [OperationRecordsModule],
  controllers: [TalliesController],
  providers: [TalliesRepository, TalliesService, VictimReleasesService, SessionLocks],
  exports: [TalliesService, VictimReleasesService],
})
export class TalliesModule {}
