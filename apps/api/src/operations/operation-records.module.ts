import { Module } from '@nestjs/common';
import { OperationRecordsService } from './operation-records.service';
import { OperationsRepository } from './operations.repository';

/**
 * The operations domain's data, below every other domain: OperationRecordsService for them, the
 * repository for OperationsModule (the workflows and routes of the domain, which depend on other
 * domains and so sit above them).
 */
@Module({ providers: [OperationsRepository, OperationRecordsService], exports: [OperationsRepository, OperationRecordsService] })
export class OperationRecordsModule {}
