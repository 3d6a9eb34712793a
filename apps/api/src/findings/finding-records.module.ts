import { Module } from '@nestjs/common';
import { FindingRecordsService } from './finding-records.service';
import { FindingsRepository } from './findings.repository';

/** The findings domain's data: the repository for FindingsModule, FindingRecordsService for the targets domain below it. */
@Module({ providers: [FindingsRepository, FindingRecordsService], exports: [FindingsRepository, FindingRecordsService] })
export class FindingRecordsModule {}
