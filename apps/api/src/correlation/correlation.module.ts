import { Module } from '@nestjs/common';
import { CorrelationRepository } from './correlation.repository';
import { CorrelationService } from './correlation.service';
import { MatchesController } from './matches.controller';

@Module({ controllers: [MatchesController], providers: [CorrelationRepository, CorrelationService], exports: [CorrelationService] })
export class CorrelationModule {}
