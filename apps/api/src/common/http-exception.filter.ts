import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ErrorBody } from '@actionday/contracts';
import type { Response } from 'express';
import { databaseTrouble } from './database-errors';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Every error leaves as { statusCode, error, message, details? }. Errors raised by the body
 * parser (malformed JSON, too large) are client errors, not 500s; a database that cannot answer
 * now (restarting, unreachable, over a time limit) is a 503, with Retry-After when waiting helps;
 * anything unknown is logged with its stack and answered without internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const trouble = databaseTrouble(exception);
    if (trouble) {
      this.logger.warn(`database: ${exception instanceof Error ? exception.message : String(exception)}`);
      if (res.headersSent) return;
      if (trouble.retryAfterSeconds !== null) res.setHeader('Retry-After', String(trouble.retryAfterSeconds));
      res.status(503).json({ statusCode: 503, error: REASONS[503], message: trouble.message } satisfies ErrorBody);
      return;
    }
    const body = this.toBody(exception);
    // A deliberate 503 (the health check while the database is away) is news, not a bug.
    if (body.statusCode === 503) this.logger.warn(body.message);
    else if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response && 'message' in response) {
        // Extra fields of a deliberate error body stay (e.g. the row errors of a refused import).
        const r = response as Record<string, unknown> & { message: unknown };
        const message = Array.isArray(r.message) ? r.message.join('; ') : String(r.message);
        return { ...r, statusCode: status, error: REASONS[status] ?? 'Error', message };
      }
      return { statusCode: status, error: REASONS[status] ?? 'Error', message: String(response) };
    }
    const e = exception as { type?: string; status?: number; statusCode?: number; message?: string };
    // body-parser errors carry a status and a type
    if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      const message =
        e.type === 'entity.too.large'
          ? 'request body too large'
          : e.type === 'entity.parse.failed'
            ? 'malformed JSON body'
            : e.type === 'encoding.unsupported' || e.type === 'charset.unsupported'
              ? 'unsupported body encoding'
              : (e.message ?? 'bad request');
      return { statusCode: e.status, error: REASONS[e.status] ?? 'Error', message };
    }
    return { statusCode: 500, error: REASONS[500], message: 'internal error' };
  }
}
