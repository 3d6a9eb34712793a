import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

const BOOTSTRAP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication', 'WebSocketsController']);

/** Nest's logger interface on top of pino: one JSON line per entry, cheap enough for the hot path. */
export class PinoLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  static create(level: string): PinoLogger {
    return new PinoLogger(pino({ level, base: { app: 'actionday-api' } }));
  }

  log(message: unknown, context?: string) {
    // Nest's start-up chatter (one line per module and route) is for debugging, not for operators.
    if (context && BOOTSTRAP_CONTEXTS.has(context)) this.pino.debug({ context }, String(message));
    else this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.pino.trace({ context }, String(message));
  }
}
