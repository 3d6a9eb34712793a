import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsService } from './indicators.service';

@Module({
  imports: [CorrelationModule],
  controllers: [FindingsController, IndicatorsController],
  providers: [FindingsService, IndicatorsService],
  exports: [FindingsService],
})
export class FindingsModule {}
