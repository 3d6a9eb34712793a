import { Module } from '@nestjs/common';
import { CorrelationService } from './correlation.service';
import { MatchesController } from './matches.controller';

@Module({ controllers: [MatchesController], providers: [CorrelationService], exports: [CorrelationService] })
export class CorrelationModule {}
