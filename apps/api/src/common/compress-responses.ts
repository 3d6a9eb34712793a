import { REFRESH_COOKIE_PATH } from '@actionday/contracts';
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';
import { DOCS_PATH } from '../openapi/openapi-document';

/** Below this a body is sent as it is: compressing it saves less than it costs. */
export const COMPRESS_FROM_BYTES = 1024;

/** What gains from it: JSON, HTML, CSS, CSV, scripts, SVG. */
const TEXT = /^\s*(?:text\/|application\/(?:json|[\w.-]+\+json|javascript|xml)\b|image\/svg\+xml)/i;

const AUTH_PREFIX = `${REFRESH_COOKIE_PATH.toLowerCase()}/`;

/**
 * BREACH: a compressed body that holds a secret next to text an attacker chose leaks the secret
 * through its length. The sign-in routes answer with an access token (login, refresh), and they
 * are the only ones a page of another site can make the browser call with a credential (the
 * refresh cookie, sent under this path only); every other route needs the bearer token, which
 * no other site holds. So nothing under it is compressed. Express matches routes whatever their
 * case, and so does this test.
 */
const isAuthRoute = (req: Request) => `${req.path.toLowerCase()}/`.startsWith(AUTH_PREFIX) || `${req.route?.path ?? ''}/`.toLowerCase().startsWith(AUTH_PREFIX);

/**
 * The API's documentation (Swagger UI's 1.5 MB bundle, the document itself) is for developers'
 * tools, fetched rarely: compressing it on every anonymous request would cost far more CPU than
 * the bytes it saves are worth on a day.
 */
// originalUrl: inside a static mount (Swagger UI's files) req.path is relative to the mount.
const isApiDocs = (req: Request) => `${req.originalUrl.split('?')[0].toLowerCase()}/`.startsWith(`/${DOCS_PATH}/`);

/**
 * Not compressed either:
 * - downloads (Content-Disposition: attachment; exports/*, audit downloads, the public files):
 *   streamFile (common/file-stream.ts) waits on the socket's backpressure, and the audit entry
 *   records the rows that left and whether the file was complete (`res.writableEnded` right after
 *   `res.end()`); a compressor in between holds bytes back and ends the response later, so both
 *   would be wrong. They stream as they are;
 * - partial content: its Content-Range counts bytes of the file as it is;
 * - anything but text: PDF and images are compressed already, and so are the build's own .br/.gz
 *   files, which the middleware's list (compressible) takes for octet-streams worth compressing;
 * - anything already encoded (the precompressed web app, web-app/precompressed.ts): the
 *   middleware leaves a response that has a Content-Encoding.
 * socket.io never gets here: engine.io takes its requests off the HTTP server before express,
 * and its long-polling compresses itself (websocket frames are not compressed).
 */
function shouldCompress(req: Request, res: Response): boolean {
  if (isAuthRoute(req)) return false;
  if (isApiDocs(req)) return false;
  if (/^\s*attachment/i.test(String(res.getHeader('Content-Disposition') ?? ''))) return false;
  if (res.statusCode === 206 || res.hasHeader('Content-Range')) return false;
  return TEXT.test(String(res.getHeader('Content-Type') ?? ''));
}

/**
 * JSON (and other text) responses from 1 KB on, in brotli or gzip by Accept-Encoding: the lists an
 * officer's console loads are mostly repeated keys and ids, a tenth of their size compressed.
 * Brotli at the middleware's quality 4 costs about what gzip does per request.
 */
export function compressResponses(): RequestHandler {
  return compression({ threshold: COMPRESS_FROM_BYTES, filter: shouldCompress });
}
