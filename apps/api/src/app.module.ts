import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { APP_CONFIG, type AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source';
import { DemoModule } from './demo/demo.module';
import { ExportsModule } from './exports/exports.module';
import { FindingsModule } from './findings/findings.module';
import { HealthController } from './health/health.controller';
import { JournalModule } from './journal/journal.module';
import { LiveModule } from './live/live.module';
import { OperationsModule } from './operations/operations.module';
import { PublicationsModule } from './publications/publications.module';
import { RetentionModule } from './retention/retention.module';
import { TalliesModule } from './tallies/tallies.module';
import { TargetsModule } from './targets/targets.module';

@Module({})
export class AppModule {
  /** The database URL is resolved before the app exists (it may be an embedded server). */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.pool)),
        AuthModule,
        JournalModule,
        LiveModule,
        OperationsModule,
        TargetsModule,
        FindingsModule,
        TalliesModule,
        AuditModule,
        PublicationsModule,
        ExportsModule,
        RetentionModule,
        DemoModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: APP_FILTER, useClass: HttpExceptionFilter }],
      exports: [APP_CONFIG],
    };
  }
}
