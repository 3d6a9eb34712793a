import type { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { type FileFormat, streamFile } from '../common/file-stream';
import { delivered } from '../common/response-delivered';
import type { AuditService } from './audit.service';

/** A read of personal data as the audit log records it: what, and how much of it went out. */
export interface ReadRecord {
  operationId: string;
  actorId: string;
  /** e.g. export.findings, audit.download */
  action: string;
  details: Record<string, unknown>;
}

/**
 * The pages as they are handed on, counting the items of each page once the consumer asks for
 * the next one: streamFile asks only after the page was written to the client, so `sent.rows` is
 * what left, also when the stream fails half-way (it then returns the iterator instead).
 */
export async function* countingSent<T>(pages: AsyncIterable<T[]>, sent: { rows: number }): AsyncGenerator<T[]> {
  for await (const page of pages) {
    yield page;
    sent.rows += page.length;
  }
}

/**
 * Streams the file, then records the read with the number of items sent and whether the file
 * reached the client whole. The entry is appended after the response, whatever happened to it; failing to append
 * it is logged (the data has gone out by then, and the client is not the one to tell).
 */
export async function streamAudited<T>(
  audit: AuditService,
  logger: Logger,
  res: Response,
  pages: AsyncIterable<T[]>,
  format: FileFormat<T>,
  fileName: string,
  read: ReadRecord,
  countName = 'rows',
): Promise<void> {
  // HEAD: the headers of the file and no body, so nothing is read and no personal data leaves.
  if (res.req.method === 'HEAD') return streamFile(res, noPages<T>(), format, fileName, logger);
  const sent = { rows: 0 };
  // Asked before the first byte: `res.writableEnded` is true as soon as end() was called, even
  // when the client is gone before the last bytes reached it.
  const complete = delivered(res);
  try {
    await streamFile(res, countingSent(pages, sent), format, fileName, logger);
  } finally {
    await recordRead(audit, logger, { ...read, details: { ...read.details, [countName]: sent.rows, complete: await complete } });
  }
}

async function* noPages<T>(): AsyncGenerator<T[]> {
  // nothing to send
}

export async function recordRead(audit: AuditService, logger: Logger, read: ReadRecord): Promise<void> {
  try {
    await audit.recordRead(read.operationId, read.actorId, read.action, read.details);
  } catch (e) {
    logger.error(`could not record the read ${read.action} of operation ${read.operationId} by ${read.actorId}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
