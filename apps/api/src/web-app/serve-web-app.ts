import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { type Caching, findVariants, precompressedStatic, sendPrecompressed } from './precompressed';

/** Hashed file names: a file never changes under its name, so it may be cached for good. */
const ASSETS: Caching = { maxAge: '1y', immutable: true };
const OTHER_FILES: Caching = { maxAge: 0 };

const isServerPath = (path: string) => path.startsWith('/api/') || path === '/api' || path.startsWith('/socket.io') || path === '/metrics';

/**
 * The built web app on the same origin, in the brotli or gzip variant the build made of each file
 * when the client accepts one (precompressed.ts); every non-API path falls back to index.html
 * (client routing).
 */
export function serveWebApp(app: NestExpressApplication, dir: string): void {
  const assets = join(dir, 'assets');
  app.use('/assets', precompressedStatic(assets, ASSETS), express.static(assets, { ...ASSETS, fallthrough: false }));
  app.use(precompressedStatic(dir, OTHER_FILES), express.static(dir, { index: false, ...OTHER_FILES }));
  const index = findVariants(dir).get('/index.html') ?? [];
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || isServerPath(req.path)) return next();
    // The index names the current hashed assets: revalidated on every load.
    res.setHeader('Cache-Control', 'no-cache');
    sendPrecompressed(req, res, () => res.sendFile('index.html', { root: dir }), dir, '/index.html', index, OTHER_FILES);
  });
}
