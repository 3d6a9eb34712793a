import { z } from 'zod';
import { idSchema } from './common';
import { targetKindSchema, targetSchema } from './targets';

/** The CSV columns of a target list, in this order on export; import accepts any order. */
export const TARGET_CSV_COLUMNS = ['kind', 'value', 'platform', 'category', 'country', 'language', 'tags', 'priority', 'notes'] as const;
export type TargetCsvColumn = (typeof TARGET_CSV_COLUMNS)[number];

export const IMPORT_LIMITS = { bytes: 10 * 1024 * 1024, rows: 200_000, previewRows: 500 } as const;

export const importQuerySchema = z.object({
  dryRun: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Client-chosen id that tags the `progress` socket messages of this import. */
  importId: idSchema.optional(),
});
export type ImportQuery = z.infer<typeof importQuerySchema>;

export const importErrorSchema = z.object({
  /** 1-based line of the CSV file (the header is line 1); 0 for a file-level error. */
  row: z.number().int(),
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const importDuplicateSchema = z.object({
  row: z.number().int(),
  value: z.string(),
  normalized: z.string(),
  /** in_file: an earlier row of the same file; existing: a target already in the operation. */
  reason: z.enum(['in_file', 'existing']),
  firstRow: z.number().int().nullable(),
  existingTargetId: idSchema.nullable(),
});
export type ImportDuplicate = z.infer<typeof importDuplicateSchema>;

export const importPreviewRowSchema = z.object({
  row: z.number().int(),
  kind: targetKindSchema,
  value: z.string(),
  normalized: z.string(),
  valid: z.boolean(),
  platform: z.string().nullable(),
  category: z.string().nullable(),
  country: z.string().nullable(),
  language: z.string().nullable(),
  tags: z.array(z.string()),
  priority: z.number().int(),
});
export type ImportPreviewRow = z.infer<typeof importPreviewRowSchema>;

export const importResultSchema = z.object({
  dryRun: z.boolean(),
  /** Rows that are (dry run: would be) created. */
  created: z.number().int(),
  rows: z.number().int(),
  duplicates: z.array(importDuplicateSchema),
  errors: z.array(importErrorSchema),
  /** The first rows that would be created, for the preview table. */
  preview: z.array(importPreviewRowSchema),
}).meta({ id: 'ImportResult' });
export type ImportResult = z.infer<typeof importResultSchema>;

/** Socket message (not an event of the log): how far a running import is. */
export const importProgressSchema = z.object({
  operationId: idSchema,
  importId: idSchema,
  phase: z.enum(['parsing', 'checking', 'inserting', 'done', 'failed']),
  processed: z.number().int(),
  total: z.number().int(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

/** Rule-based assignment: country and language of the target matched to the teams', then balanced. */
export const autoAssignRequestSchema = z.strictObject({
  /** Default: every unassigned target of the operation. */
  targetIds: z.array(idSchema).min(1).max(100_000).optional(),
  apply: z.boolean().default(false),
});
export type AutoAssignRequest = z.infer<typeof autoAssignRequestSchema>;

export const autoAssignResponseSchema = z.object({
  applied: z.boolean(),
  proposals: z.array(
    z.object({
      targetId: idSchema,
      teamId: idSchema,
      /** Which rule matched: both country and language, country only, or language only. */
      rule: z.enum(['country_language', 'country', 'language']),
    }),
  ),
  /** Targets no team matches by country or language: they stay unassigned. */
  unmatched: z.array(idSchema),
  /** Open workload (assigned + in progress) per team after the proposals. */
  loadAfter: z.record(z.string(), z.number().int()),
  updated: z.array(targetSchema).optional(),
});
export type AutoAssignResponse = z.infer<typeof autoAssignResponseSchema>;
