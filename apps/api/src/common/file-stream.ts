import type { Logger } from '@nestjs/common';
import type { Response } from 'express';

/** How a list becomes a file: what opens it, each item, what separates them, what closes it. */
export interface FileFormat<T> {
  contentType: string;
  open: string;
  item: (item: T) => string;
  separator: string;
  close: string;
}

/** A JSON array, one item per line. */
export const jsonArray = <T>(): FileFormat<T> => ({
  contentType: 'application/json; charset=utf-8',
  open: '[\n',
  item: (item) => JSON.stringify(item),
  separator: ',\n',
  close: '\n]\n',
});

/** JSON Lines: one JSON value per line, nothing around them. */
export const jsonLines = <T>(): FileFormat<T> => ({
  contentType: 'application/x-ndjson; charset=utf-8',
  open: '',
  item: (item) => `${JSON.stringify(item)}\n`,
  separator: '',
  close: '',
});

/** A name safe in any file system and header: "JAD Zürich 2026" -> "jad-zurich-2026". */
export function fileSlug(name: string, fallback = 'operation'): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** The calendar date (YYYY-MM-DD) of `at` in the operation's time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(at);
}

/** Headers of every member export: a download, never cached (it may hold personal data). */
export function setDownloadHeaders(res: Response, contentType: string, fileName: string): void {
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
}

class ClientGone extends Error {}

/** Writes, and waits while the client's socket is full; fails once the client has gone. */
function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed || res.writableEnded) return Promise.reject(new ClientGone());
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const drained = () => (res.off('close', closed), resolve());
    const closed = () => (res.off('drain', drained), reject(new ClientGone()));
    res.once('drain', drained);
    res.once('close', closed);
  });
}

/**
 * Streams pages of items as one file, a page at a time. The first page is read before anything is
 * sent, so a failure there is still an ordinary error response; a failure later cuts the
 * connection, so that a partial file can never pass for a complete one.
 */
export async function streamFile<T>(
  res: Response,
  pages: AsyncIterable<T[]>,
  format: FileFormat<T>,
  fileName: string,
  logger: Logger,
): Promise<void> {
  const iterator = pages[Symbol.asyncIterator]();
  const first = await iterator.next();
  setDownloadHeaders(res, format.contentType, fileName);
  let count = 0;
  try {
    await write(res, format.open);
    for (let page = first; !page.done; page = await iterator.next()) {
      if (page.value.length === 0) continue;
      const chunk = page.value.map(format.item).join(format.separator);
      await write(res, (count > 0 ? format.separator : '') + chunk);
      count += page.value.length;
    }
    await write(res, format.close);
    res.end();
  } catch (e) {
    await iterator.return?.(undefined);
    if (!(e instanceof ClientGone)) {
      logger.error(`export ${fileName} failed after ${count} item(s): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    res.destroy();
  }
}
