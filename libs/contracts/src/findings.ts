import { z } from 'zod';
import {
  countryCodeSchema,
  errorBodySchema,
  idSchema,
  isoDateTimeSchema,
  languageCodeSchema,
  LIMITS,
  pageQuerySchema,
  versionSchema,
} from './common';
import { platformCategorySchema } from './targets';

export const FINDING_TYPES = ['site_assessment', 'suspect', 'possible_victim', 'link'] as const;
export const findingTypeSchema = z.enum(FINDING_TYPES);
export type FindingType = z.infer<typeof findingTypeSchema>;

export const FINDING_STATUSES = ['submitted', 'confirmed', 'rejected', 'duplicate'] as const;
export const findingStatusSchema = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof findingStatusSchema>;

export const IDENTIFIER_KINDS = ['phone', 'email', 'username', 'url', 'messaging'] as const;
export const identifierKindSchema = z.enum(IDENTIFIER_KINDS);
export type IdentifierKind = z.infer<typeof identifierKindSchema>;

export const identifierInputSchema = z.strictObject({
  kind: identifierKindSchema,
  value: z.string().trim().min(1).max(2048),
  platform: z.string().trim().min(1).max(253).optional(),
});
export type IdentifierInput = z.infer<typeof identifierInputSchema>;

export const identifierSchema = z.object({
  kind: identifierKindSchema,
  value: z.string(),
  platform: z.string().nullable(),
  normalized: z.string(),
  valid: z.boolean(),
});
export type Identifier = z.infer<typeof identifierSchema>;

export const evidenceSchema = z.strictObject({
  url: z.url().max(2048).optional(),
  fileName: z.string().trim().min(1).max(255).optional(),
  size: z.number().int().min(0).optional(),
  capturedAt: isoDateTimeSchema,
  sha256: z.string().regex(/^[a-f0-9]{64}$/i, 'must be a hex SHA-256').toLowerCase(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

const text = (max: number = LIMITS.shortText) => z.string().trim().min(1).max(max);

const commonFields = {
  /** Client-generated id: a retry with the same id returns the first result. */
  clientId: idSchema,
  targetId: idSchema.optional(),
  identifiers: z.array(identifierInputSchema).max(LIMITS.identifiers).optional(),
  indicators: z.array(z.string().trim().min(1).max(64)).max(LIMITS.indicators).optional(),
  evidence: z.array(evidenceSchema).max(LIMITS.evidence).optional(),
  notes: z.string().trim().max(LIMITS.notes).optional(),
};

export const siteAssessmentFieldsSchema = z.object({
  siteName: text().optional(),
  url: z.string().trim().min(1).max(2048).optional(),
  category: platformCategorySchema.optional(),
  adCount: z.number().int().min(0).max(100_000_000).optional(),
  recentActivity: z.enum(['none', 'low', 'medium', 'high']).optional(),
  services: text(2000).optional(),
  priceRange: text().optional(),
  geographicScope: z.enum(['international', 'national', 'regional', 'local']).optional(),
  advertisedOrigin: z.enum(['local', 'foreign', 'mixed', 'unknown']).optional(),
  advertisedOrigins: z.array(countryCodeSchema).max(100).optional(),
  language: languageCodeSchema.optional(),
  adSpace: z.enum(['owned', 'rented', 'unknown']).optional(),
  companyAffiliation: text().optional(),
  lingo: text(2000).optional(),
  mirrors: z.array(z.string().trim().min(1).max(2048)).max(100).optional(),
});
export const suspectFieldsSchema = z.object({
  alias: text().optional(),
  nationality: countryCodeSchema.optional(),
  role: z.enum(['recruiter', 'controller', 'advertiser', 'transporter', 'financier', 'other']).optional(),
});
export const possibleVictimFieldsSchema = z.object({
  alias: text().optional(),
  nationality: countryCodeSchema.optional(),
  ageMin: z.number().int().min(0).max(120).optional(),
  ageMax: z.number().int().min(0).max(120).optional(),
  minor: z.boolean().optional(),
});
export const linkFieldsSchema = z.object({
  fromFindingId: idSchema,
  toFindingId: idSchema.optional(),
  toTargetId: idSchema.optional(),
  reason: text(2000),
});

export const createFindingRequestSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('site_assessment'), ...commonFields, ...siteAssessmentFieldsSchema.shape }),
    z.strictObject({ type: z.literal('suspect'), ...commonFields, ...suspectFieldsSchema.shape }),
    z.strictObject({ type: z.literal('possible_victim'), ...commonFields, ...possibleVictimFieldsSchema.shape }),
    z.strictObject({ type: z.literal('link'), ...commonFields, ...linkFieldsSchema.shape }),
  ])
  .superRefine((f, ctx) => {
    if (f.type === 'possible_victim' && f.ageMin !== undefined && f.ageMax !== undefined && f.ageMin > f.ageMax) {
      ctx.addIssue({ code: 'custom', path: ['ageMax'], message: 'must not be below ageMin' });
    }
    if (f.type === 'link' && (f.toFindingId === undefined) === (f.toTargetId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['toFindingId'], message: 'give exactly one of toFindingId and toTargetId' });
    }
  });
export type CreateFindingRequest = z.infer<typeof createFindingRequestSchema>;

/** The names of the fields common to every finding type; everything else is a type field. */
export const FINDING_COMMON_FIELDS = ['type', ...Object.keys(commonFields)] as const;

export const findingDetailsSchema = z.union([
  siteAssessmentFieldsSchema,
  suspectFieldsSchema,
  possibleVictimFieldsSchema,
  linkFieldsSchema,
]);
export type FindingDetails = z.infer<typeof findingDetailsSchema>;

export const findingSchema = z.object({
  id: idSchema,
  operationId: idSchema,
  clientId: idSchema,
  type: findingTypeSchema,
  targetId: idSchema.nullable(),
  teamId: idSchema.nullable(),
  authorId: idSchema,
  status: findingStatusSchema,
  duplicateOf: idSchema.nullable(),
  reviewedBy: idSchema.nullable(),
  reviewedAt: z.string().nullable(),
  /**
   * True when the caller may not see this finding's personal details (a possible victim logged
   * by another team, seen by an officer or an observer): details, identifiers, evidence and
   * notes are then withheld by the server, not hidden by the client.
   */
  redacted: z.boolean(),
  details: z.record(z.string(), z.unknown()).nullable(),
  identifiers: z.array(identifierSchema),
  indicators: z.array(z.string()),
  evidence: z.array(evidenceSchema),
  notes: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Finding' });
export type Finding = z.infer<typeof findingSchema>;

/** The most findings one batch may carry, and the most bytes its body may have. */
export const FINDINGS_BATCH_LIMITS = { findings: 1000, bytes: 8 * 1024 * 1024 } as const;

/**
 * POST .../findings/batch: findings for tools (a detection tool, a scraper), each exactly as
 * POST .../findings takes it, each with its own clientId and its own result.
 */
export const findingsBatchRequestSchema = z
  .strictObject({ findings: z.array(createFindingRequestSchema).min(1).max(FINDINGS_BATCH_LIMITS.findings) })
  .meta({ id: 'FindingsBatchRequest' });
/** What the batch route checks before the items: each item is then checked on its own, so one bad item fails alone. */
export const findingsBatchEnvelopeSchema = z.strictObject({ findings: z.array(z.unknown()).min(1).max(FINDINGS_BATCH_LIMITS.findings) });
export type FindingsBatchRequest = z.infer<typeof findingsBatchRequestSchema>;

/**
 * One item's result, in the order of the request: 201 and the finding stored; 200 and the
 * finding stored the first time, for a retry with the same clientId and body; or the error
 * (400, 409) the same finding would get when posted alone, which stored nothing of it.
 */
export const findingsBatchItemResultSchema = z.object({
  index: z.number().int().min(0),
  clientId: idSchema.nullable(),
  status: z.number().int(),
  finding: findingSchema.optional(),
  error: errorBodySchema.optional(),
});
export type FindingsBatchItemResult = z.infer<typeof findingsBatchItemResultSchema>;
export const findingsBatchResponseSchema = z
  .object({
    results: z.array(findingsBatchItemResultSchema),
    created: z.number().int(),
    replayed: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: 'FindingsBatchResponse' });
export type FindingsBatchResponse = z.infer<typeof findingsBatchResponseSchema>;

export const listFindingsQuerySchema = pageQuerySchema.extend({
  id: idSchema.optional(),
  type: findingTypeSchema.optional(),
  teamId: idSchema.optional(),
  status: findingStatusSchema.optional(),
  targetId: idSchema.optional(),
});
export type ListFindingsQuery = z.infer<typeof listFindingsQuerySchema>;

export const reviewFindingRequestSchema = z
  .strictObject({
    status: z.enum(['confirmed', 'rejected', 'duplicate']),
    duplicateOf: idSchema.optional(),
    version: versionSchema,
  })
  .refine((r) => (r.status === 'duplicate') === (r.duplicateOf !== undefined), {
    path: ['duplicateOf'],
    message: 'duplicateOf is required for, and only for, status duplicate',
  });
export type ReviewFindingRequest = z.infer<typeof reviewFindingRequestSchema>;
