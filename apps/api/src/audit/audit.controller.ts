import { Controller, Get, HttpCode, Logger, Param, Post, Res } from '@nestjs/common';
import { auditVerificationSchema, type AuditEntry, type AuditVerification } from '@actionday/contracts';
import type { Response } from 'express';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from '../auth/auth.decorators';
import { jsonLines } from '../common/file-stream';
import { Returns, ReturnsFile } from '../openapi/api-doc.decorators';
import { streamAudited } from './audited-read';
import { AuditService } from './audit.service';

@Controller('operations/:id')
export class AuditController {
  private readonly logger = new Logger('audit');

  constructor(private readonly audit: AuditService) {}

  /**
   * One JSON entry per line (JSON Lines), streamed page by page: the export for a court file. The
   * download is itself recorded afterwards (audit.download, with the number of entries sent).
   */
  @Get('audit.jsonl')
  @RequireRole('organizer')
  @ReturnsFile('application/jsonl', 'The audit log, one entry (`AuditEntry` of the contracts) per line, oldest first.')
  export(@Param('id') _id: string, @Access() access: OperationAccess, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const id = access.operationId;
    return streamAudited(
      this.audit,
      this.logger,
      res,
      this.audit.entries(id),
      jsonLines<AuditEntry>(),
      `audit-${id}.jsonl`,
      { operationId: id, actorId: user.id, action: 'audit.download', details: { file: 'audit.jsonl' } },
      'entries',
    );
  }

  @Post('audit/verify')
  @RequireRole('organizer')
  @HttpCode(200)
  @Returns(auditVerificationSchema)
  verify(@Param('id') id: string): Promise<AuditVerification> {
    return this.audit.verify(id);
  }
}
