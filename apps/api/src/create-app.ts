import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IMPORT_LIMITS, LIMITS } from '@actionday/contracts';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { LiveIoAdapter } from './live/live-io.adapter';

/**
 * Builds the whole HTTP + socket.io application without listening: main.ts listens on PORT, the
 * integration tests on a free port with a database of their own.
 */
export async function createApp(config: AppConfig, databaseUrl: string, logger: LoggerService | false = false): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger,
    abortOnError: false,
  });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'connect-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
      },
    }),
  );
  app.enableCors(config.corsOrigins.length ? { origin: config.corsOrigins, credentials: true } : { origin: false });
  app.use(cookieParser());
  app.useBodyParser('json', { limit: LIMITS.jsonBodyBytes });
  // CSV imports arrive as raw bytes: the import decides how to decode them, and refuses non-UTF-8.
  app.useBodyParser('raw', { type: ['text/csv', 'application/csv', 'text/plain'], limit: IMPORT_LIMITS.bytes });
  app.setGlobalPrefix('api/v1', { exclude: ['api/health', 'metrics'] });
  app.enableShutdownHooks();

  const io = new LiveIoAdapter(app, config.corsOrigins);
  if (config.redisUrl) await io.connectToRedis(config.redisUrl);
  app.useWebSocketAdapter(io);

  const webDist = config.webDist ?? join(process.cwd(), 'dist/apps/web');
  if (existsSync(join(webDist, 'index.html'))) serveWebApp(app, webDist);
  return app;
}

/** The built web app on the same origin; every non-API path falls back to index.html (client routing). */
function serveWebApp(app: NestExpressApplication, dir: string): void {
  app.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  app.use(express.static(dir, { index: false, maxAge: 0 }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api/') || req.path === '/api' || req.path.startsWith('/socket.io') || req.path === '/metrics') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
}
