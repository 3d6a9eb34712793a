import { Module } from '@nestjs/common';
import { TalliesController } from './tallies.controller';
import { TalliesService } from './tallies.service';

@Module({ controllers: [TalliesController], providers: [TalliesService], exports: [TalliesService] })
export class TalliesModule {}
