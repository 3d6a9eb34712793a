import { Module } from '@nestjs/common';
import { OperationRecordsModule } from '../operations/operation-records.module';
import { TalliesModule } from '../tallies/tallies.module';
import { PublicationsController } from './publications.controller';
import { PublicationsRepository } from './publications.repository';
import { PublicationsService } from './publications.service';
import { PublicPublicationsController } from './public-publications.controller';

@Module({
  imports: [TalliesModule, OperationRecordsModule],
  controllers: [PublicationsController, PublicPublicationsController],
  providers: [PublicationsRepository, PublicationsService],
})
export class PublicationsModule {}
