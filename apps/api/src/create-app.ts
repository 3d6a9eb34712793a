import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import { apiPaths, LIMITS } from '@actionday/contracts';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { compressResponses } from './common/compress-responses';
import { mediaType } from './common/raw-body';
import type { AppConfig } from './config/config';
import { LiveGateway } from './live/live.gateway';
import { LiveIoAdapter } from './live/live-io.adapter';
import { serveWebApp } from './web-app/serve-web-app';
import { serveApiDocs } from './openapi/serve-api-docs';

/** POST .../findings/batch, by its path (with or without a query). */
// Routes match whatever the case and with a trailing slash, so this does too.
const FINDINGS_BATCH = new RegExp(`^${apiPaths.findingsBatch('ID').replace('ID', '[^/?]+')}/?(\\?|$)`, 'i');
const isFindingsBatch = (url: string | undefined) => url !== undefined && FINDINGS_BATCH.test(url);

/**
 * Builds the whole HTTP + socket.io application without listening: main.ts listens on PORT, the
 * integration tests on a free port with a database of their own.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: LoggerService | false = false,
  /** Modules and routes without their providers (no database): for `npm run openapi`. */
  { preview = false }: { preview?: boolean } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger,
    abortOnError: false,
    preview,
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
  // Before the routes and the web app: what it compresses and what it leaves is in the module.
  app.use(compressResponses());
  // JSON only. No other body is read before a route's guard has run: the CSV import reads its own
  // body once the caller is authenticated and authorized (targets.controller.ts), so an anonymous
  // client cannot make the server buffer megabytes on any route.
  // A batch of findings may pass this limit: its route reads its own body, after the guard.
  app.useBodyParser('json', { limit: LIMITS.jsonBodyBytes, type: (req: IncomingMessage) => mediaType(req.headers['content-type']) === 'application/json' && !isFindingsBatch(req.url) });
  app.setGlobalPrefix('api/v1', { exclude: ['api/health', 'metrics'] });
  app.enableShutdownHooks();
  serveApiDocs(app);

  const io = new LiveIoAdapter(app, config.corsOrigins);
  if (config.redisUrl) await io.connectToRedis(config.redisUrl);
  io.onLinkRestored(() => void app.get(LiveGateway).announceHeads());
  app.useWebSocketAdapter(io);

  const webDist = config.webDist ?? join(process.cwd(), 'dist/apps/web');
  if (existsSync(join(webDist, 'index.html'))) serveWebApp(app, webDist);
  return app;
}
