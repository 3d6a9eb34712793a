import { HttpException } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The app has no global raw-body parser: a body that is not JSON is read only by the one handler
 * that wants it, after the guard has authenticated and authorized the caller, so that nobody can
 * make the server buffer megabytes by posting them to an arbitrary route.
 */
export interface RawBodyOptions {
  /** Media types accepted (without parameters), e.g. `text/csv`. */
  types: readonly string[];
  /** At most this many bytes; past it, 413 without reading the rest into memory. */
  limit: number;
  /** What the body is, for the messages ("the CSV file"). */
  what: string;
  /** What to do about a body that is too large (default: split it into smaller files). */
  whenTooLarge?: string;
}

const unsupported = (message: string) => new HttpException({ statusCode: 415, error: 'Unsupported Media Type', message }, 415);

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;

/** The media type of a Content-Type header, lower-case, without parameters (`text/csv; charset=utf-8` -> `text/csv`). */
export function mediaType(header: string | undefined): string | null {
  const type = header?.split(';', 1)[0].trim().toLowerCase();
  return type ? type : null;
}

/**
 * Reads the request body into one buffer, refusing (415) other media types and compressed
 * bodies, and (413) a body larger than the limit: at once when Content-Length says so, otherwise
 * as soon as the bytes read pass it. The rest of a refused body is discarded as it arrives, never
 * kept: the client gets the 413 while it is still sending, and the connection stays usable
 * (closing it instead makes browsers and fetch report a network error rather than the 413). The
 * server's request timeout ends a body that never ends.
 */
export async function readRawBody(req: Request, options: RawBodyOptions): Promise<Buffer> {
  const type = mediaType(req.headers['content-type']);
  if (!type || !options.types.includes(type)) {
    throw unsupported(`send ${options.what} as the request body with Content-Type: ${options.types.join(', ')}${type ? ` (got ${type})` : ''}`);
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') throw unsupported(`send ${options.what} uncompressed (got Content-Encoding: ${encoding})`);

  const tooLarge = () => {
    discard(req);
    return new HttpException(
      { statusCode: 413, error: 'Payload Too Large', message: `${options.what} is larger than ${mb(options.limit)}; ${options.whenTooLarge ?? 'split it into smaller files'}` },
      413,
    );
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.limit) throw tooLarge();

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.limit) {
        cleanup();
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    // The client went away before the end: there is nobody to answer.
    const onClose = () => {
      if (req.readableEnded) return;
      cleanup();
      reject(new HttpException({ statusCode: 400, error: 'Bad Request', message: `${options.what} did not arrive completely` }, 400));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Lets the rest of a refused body flow past without keeping it. */
function discard(req: Request): void {
  req.on('data', () => undefined);
  req.on('error', () => undefined);
  req.resume();
}
