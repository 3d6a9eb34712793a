import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { OperationRecordsModule } from '../operations/operation-records.module';
import { TargetsModule } from '../targets/targets.module';
import { FindingRecordsModule } from './finding-records.module';
import { FindingCreationService } from './finding-creation.service';
import { FindingReviewService } from './finding-review.service';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsService } from './indicators.service';

@Module({
  imports: [FindingRecordsModule, TargetsModule, OperationRecordsModule, CorrelationModule],
  controllers: [FindingsController, IndicatorsController],
  providers: [FindingsService, FindingCreationService, FindingReviewService, IndicatorsService],
  exports: [FindingsService, FindingCreationService, IndicatorsService],
})
export class FindingsModule {}
