import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { TargetsController } from './targets.controller';
import { TargetsImportService } from './targets-import.service';
import { TargetsService } from './targets.service';

@Module({
  imports: [OperationsModule],
  controllers: [TargetsController],
  providers: [TargetsService, TargetsImportService],
  exports: [TargetsService],
})
export class TargetsModule {}
