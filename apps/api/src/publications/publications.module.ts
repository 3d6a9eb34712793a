import { Module } from '@nestjs/common';
import { TalliesModule } from '../tallies/tallies.module';
import { PublicationsController } from './publications.controller';
import { PublicationsService } from './publications.service';
import { PublicPublicationsController } from './public-publications.controller';

@Module({
  imports: [TalliesModule],
  controllers: [PublicationsController, PublicPublicationsController],
  providers: [PublicationsService],
})
export class PublicationsModule {}
