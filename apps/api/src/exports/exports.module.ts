import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { FindingsModule } from '../findings/findings.module';
import { OperationRecordsModule } from '../operations/operation-records.module';
import { OperationsModule } from '../operations/operations.module';
import { TalliesModule } from '../tallies/tallies.module';
import { TargetsModule } from '../targets/targets.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/**
 * Members' files: findings and targets (CSV, JSON) filtered like the lists, the end-of-day report
 * (PDF), and findings, targets and matches together as a MISP event and a STIX 2.1 bundle.
 */
@Module({
  imports: [FindingsModule, TargetsModule, OperationsModule, OperationRecordsModule, TalliesModule, CorrelationModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
