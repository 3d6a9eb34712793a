import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { AuditVerification } from '@actionday/contracts';
import type { Response } from 'express';
import { RequireRole } from '../auth/auth.decorators';
import { AuditService } from './audit.service';

@Controller('operations/:id')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** One JSON entry per line (JSON Lines), streamed page by page: the export for a court file. */
  @Get('audit.jsonl')
  @RequireRole('organizer')
  async export(@Param('id') id: string, @Res() res: Response): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="audit-${id}.jsonl"`);
    res.setHeader('Cache-Control', 'no-store');
    for await (const page of this.audit.entries(id)) {
      const chunk = page.map((e) => JSON.stringify(e)).join('\n') + '\n';
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }

  @Post('audit/verify')
  @RequireRole('organizer')
  @HttpCode(200)
  verify(@Param('id') id: string): Promise<AuditVerification> {
    return this.audit.verify(id);
  }
}
