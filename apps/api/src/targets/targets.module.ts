import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { FindingRecordsModule } from '../findings/finding-records.module';
import { OperationRecordsModule } from '../operations/operation-records.module';
import { SnowballService } from './snowball.service';
import { TargetAssignmentService } from './target-assignment.service';
import { TargetBulkWrites } from './target-bulk-write';
import { TargetsController } from './targets.controller';
import { TargetsImportService } from './targets-import.service';
import { TargetsRepository } from './targets.repository';
import { TargetsService } from './targets.service';

@Module({
  imports: [OperationRecordsModule, CorrelationModule, FindingRecordsModule],
  controllers: [TargetsController],
  providers: [TargetsRepository, TargetsService, TargetBulkWrites, TargetAssignmentService, SnowballService, TargetsImportService],
  exports: [TargetsService, TargetBulkWrites, TargetAssignmentService],
})
export class TargetsModule {}
