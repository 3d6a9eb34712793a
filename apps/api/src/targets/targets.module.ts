import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { OperationsModule } from '../operations/operations.module';
import { TargetsController } from './targets.controller';
import { TargetsImportService } from './targets-import.service';
import { TargetsService } from './targets.service';

@Module({
  imports: [OperationsModule, CorrelationModule],
  controllers: [TargetsController],
  providers: [TargetsService, TargetsImportService],
  exports: [TargetsService],
})
export class TargetsModule {}
