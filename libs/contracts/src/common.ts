import { z } from 'zod';

export const idSchema = z.uuid();
export type Id = z.infer<typeof idSchema>;

/** ISO 3166-1 alpha-2, upper-case ("NL", "UA"). */
export const countryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
  .toUpperCase();

/** ISO 639-1 language code, lower-case ("nl", "uk"). */
export const languageCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}$/, 'must be an ISO 639 language code')
  .toLowerCase();

export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** Every mutable resource carries the version it was read at; a PATCH sends it back. */
export const versionSchema = z.number().int().min(1);

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export type Page<T> = { items: T[]; nextCursor: string | null };

/** A whole list in one answer (teams, members, indicators, publications). */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const errorBodySchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** GET /api/health while the database answers; a 503 ErrorBody with `status: 'degraded'` while it does not. */
export const healthSchema = z.object({ status: z.literal('ok'), database: z.literal('ok') });
export type Health = z.infer<typeof healthSchema>;

/** Bounds that apply at every boundary (body, CSV, socket payload). */
export const LIMITS = {
  shortText: 200,
  notes: 10_000,
  tags: 20,
  tagLength: 50,
  identifiers: 100,
  indicators: 100,
  evidence: 50,
  bulkIds: 10_000,
  jsonBodyBytes: 1024 * 1024,
  /**
   * Findings, targets and matches together that one MISP or STIX export may hold: those files
   * are whole documents, built in memory in one go, the event loop busy meanwhile (at this
   * limit about 15 MB of file, 100 MB of heap and one second of one core, either format). An
   * action day has hundreds to a few thousand targets; an operation past this is refused (413)
   * and read through the streamed exports (targets.csv, findings.json, ...).
   */
  ctiExportRecords: 10_000,
} as const;

export const shortText = (max: number = LIMITS.shortText) => z.string().trim().min(1).max(max);
