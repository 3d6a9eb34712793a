import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { SessionLocks } from '../database/session-lock';
import { FindingsModule } from '../findings/findings.module';
import { OperationRecordsModule } from '../operations/operation-records.module';
import { TargetsModule } from '../targets/targets.module';
import { RetentionService } from './retention.service';

/** Retention owns no table: each domain erases its own rows (targets, findings, correlation, journal, audit). */
@Module({
  imports: [OperationRecordsModule, TargetsModule, FindingsModule, CorrelationModule],
  providers: [RetentionService, SessionLocks],
  exports: [RetentionService],
})
export class RetentionModule {}
