import { readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { chooseCoding, type ContentCoding } from './accept-encoding';

const FILE_EXTENSION: Record<ContentCoding, string> = { br: '.br', gzip: '.gz' };

/**
 * Cache headers of a set of files, as express.static takes them; a Cache-Control set on the
 * response before is kept instead (send leaves it).
 */
export interface Caching {
  maxAge: string | number;
  immutable?: boolean;
}

/**
 * The files under `root` that the build precompressed (tools/build/precompress.mjs), by URL path
 * ("/index-abc.js"), with the codings each has a variant in. Read once at start-up: a request is
 * served a variant only when its decoded path is one of these keys, so no file name is ever made
 * from what the client sent (no `..`, no appended `.br` reaching outside `root`). Paths with a
 * dot segment are left out, as express.static ignores them.
 */
export function findVariants(root: string): Map<string, ContentCoding[]> {
  const files = new Set(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/')),
  );
  const variants = new Map<string, ContentCoding[]>();
  for (const file of files) {
    if (file.split('/').some((segment) => segment.startsWith('.'))) continue;
    const codings = (Object.keys(FILE_EXTENSION) as ContentCoding[]).filter((c) => files.has(file + FILE_EXTENSION[c]));
    if (codings.length > 0) variants.set(`/${file}`, codings);
  }
  return variants;
}

/**
 * Sends `file` (relative to `root`, one of `findVariants`' keys) in the best coding the client
 * accepts, or hands over to `next` for the file as it is. Every answer about such a file varies
 * by Accept-Encoding, so that a cache never gives brotli to a client that did not ask for it.
 * The variant keeps the original's Content-Type and the caller's cache headers; its Content-Length
 * and ETag are the variant's own, as they must be. A Range header is ignored on a variant (a 200
 * with the whole body, no Accept-Ranges): its bytes would be those of the compressed file, which
 * browsers never ask for, and a 200 is always a correct answer to a range.
 */
export function sendPrecompressed(
  req: Request,
  res: Response,
  next: NextFunction,
  root: string,
  file: string,
  codings: readonly ContentCoding[],
  caching: Caching,
): void {
  res.vary('Accept-Encoding');
  const coding = chooseCoding(req.headers['accept-encoding'], codings);
  if (coding === 'identity') return next();
  res.type(extname(file)); // the original's type, not that of ".br"
  res.setHeader('Content-Encoding', coding);
  res.sendFile(
    file.replace(/^\//, '') + FILE_EXTENSION[coding],
    { root, maxAge: caching.maxAge, immutable: caching.immutable ?? false, acceptRanges: false },
    (err?: NodeJS.ErrnoException & { status?: number }) => {
      if (!err || res.headersSent || err.code === 'ECONNABORTED') return;
      // Nothing was sent: what follows must not say it is compressed.
      res.removeHeader('Content-Encoding');
      res.removeHeader('Content-Type');
      // Gone since start-up (a rebuild under a running server): the file as it is, or its 404.
      if (err.status === 404) next();
      else next(err);
    },
  );
}

/** In front of express.static(root): serves the precompressed variants of the files that have one. */
export function precompressedStatic(root: string, caching: Caching): RequestHandler {
  const variants = findVariants(root);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next(); // express.static answers a malformed path
    }
    const codings = variants.get(path);
    if (!codings) return next();
    sendPrecompressed(req, res, next, root, path, codings, caching);
  };
}
