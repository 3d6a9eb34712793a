import { Controller, Get, HttpCode, Logger, Param, Post, Res } from '@nestjs/common';
import type { AuditEntry, AuditVerification } from '@actionday/contracts';
import type { Response } from 'express';
import { RequireRole } from '../auth/auth.decorators';
import { jsonLines, streamFile } from '../common/file-stream';
import { AuditService } from './audit.service';

@Controller('operations/:id')
export class AuditController {
  private readonly logger = new Logger('audit');

  constructor(private readonly audit: AuditService) {}

  /** One JSON entry per line (JSON Lines), streamed page by page: the export for a court file. */
  @Get('audit.jsonl')
  @RequireRole('organizer')
  export(@Param('id') id: string, @Res() res: Response): Promise<void> {
    return streamFile(res, this.audit.entries(id), jsonLines<AuditEntry>(), `audit-${id}.jsonl`, this.logger);
  }

  @Post('audit/verify')
  @RequireRole('organizer')
  @HttpCode(200)
  verify(@Param('id') id: string): Promise<AuditVerification> {
    return this.audit.verify(id);
  }
}
