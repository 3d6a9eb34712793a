import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { OperationsModule } from '../operations/operations.module';
import { TargetsModule } from '../targets/targets.module';
import { DemoService } from './demo.service';

@Module({ imports: [OperationsModule, TargetsModule, FindingsModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
