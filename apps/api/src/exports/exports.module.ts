import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { OperationsModule } from '../operations/operations.module';
import { TalliesModule } from '../tallies/tallies.module';
import { TargetsModule } from '../targets/targets.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** Members' files: findings and targets (CSV, JSON) filtered like the lists, and the end-of-day report (PDF). */
@Module({
  imports: [FindingsModule, TargetsModule, OperationsModule, TalliesModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
