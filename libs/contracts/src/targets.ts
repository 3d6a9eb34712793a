import { z } from 'zod';
import { countryCodeSchema, idSchema, languageCodeSchema, LIMITS, pageQuerySchema, versionSchema } from './common';

export const TARGET_KINDS = ['platform', 'url', 'username', 'phone', 'email', 'messaging', 'other'] as const;
export const targetKindSchema = z.enum(TARGET_KINDS);
export type TargetKind = z.infer<typeof targetKindSchema>;

/** The kind groups the tallies count "examined" targets by (PRODUCT.md). */
export const KIND_GROUPS = {
  platforms: ['platform', 'url'],
  usernames: ['username'],
  communications: ['phone', 'email', 'messaging'],
} as const satisfies Record<string, readonly TargetKind[]>;
export type KindGroup = keyof typeof KIND_GROUPS;
export function kindGroupOf(kind: TargetKind): KindGroup | null {
  for (const [group, kinds] of Object.entries(KIND_GROUPS) as [KindGroup, readonly TargetKind[]][]) {
    if (kinds.includes(kind)) return group;
  }
  return null;
}

/** OSCE platform taxonomy. */
export const PLATFORM_CATEGORIES = [
  'escort',
  'massage',
  'classifieds',
  'advertising_aggregator',
  'hobby_board',
  'sugar_dating',
  'dating_social',
  'forum',
  'marketplace',
  'job_recruitment',
  'messaging_group',
  'csam_related',
  'other',
] as const;
export const platformCategorySchema = z.enum(PLATFORM_CATEGORIES);
export type PlatformCategory = z.infer<typeof platformCategorySchema>;

export const TARGET_STATUSES = ['unassigned', 'assigned', 'in_progress', 'done'] as const;
export const targetStatusSchema = z.enum(TARGET_STATUSES);
export type TargetStatus = z.infer<typeof targetStatusSchema>;

export const TARGET_OUTCOMES = ['no_indicators', 'suspicious', 'confirmed', 'referred'] as const;
export const targetOutcomeSchema = z.enum(TARGET_OUTCOMES);
export type TargetOutcome = z.infer<typeof targetOutcomeSchema>;

export const tagSchema = z
  .string()
  .trim()
  // Lower-cased before the checks: a letter can grow (İ is i and a combining dot), and what is
  // stored is what must fit the length and the pattern.
  .toLowerCase()
  .min(1)
  .max(LIMITS.tagLength)
  .regex(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}_.-]*$/u, 'tags are letters, digits, "-", "_" and "."');

export const createTargetRequestSchema = z.strictObject({
  kind: targetKindSchema,
  value: z.string().trim().min(1).max(2048),
  platform: z.string().trim().min(1).max(253).optional(),
  category: platformCategorySchema.optional(),
  country: countryCodeSchema.optional(),
  language: languageCodeSchema.optional(),
  tags: z.array(tagSchema).max(LIMITS.tags).optional(),
  priority: z.number().int().min(0).max(5).optional(),
  notes: z.string().trim().max(LIMITS.notes).optional(),
});
export type CreateTargetRequest = z.infer<typeof createTargetRequestSchema>;

export const targetSchema = z.object({
  id: idSchema,
  operationId: idSchema,
  kind: targetKindSchema,
  /**
   * Null when `redacted`: the target was made from a possible victim's identifier and the caller
   * is not of the teams it belongs to (the victim's team, the team it is assigned to) nor a
   * coordinator. Its platform, notes and source finding are then withheld too.
   */
  value: z.string().nullable(),
  normalized: z.string().nullable(),
  /** True when the value could not be normalized (e.g. an invalid phone number kept raw). */
  normalizationFailed: z.boolean(),
  platform: z.string().nullable(),
  category: platformCategorySchema.nullable(),
  country: z.string().nullable(),
  language: z.string().nullable(),
  tags: z.array(z.string()),
  priority: z.number().int(),
  notes: z.string().nullable(),
  status: targetStatusSchema,
  outcome: targetOutcomeSchema.nullable(),
  teamId: idSchema.nullable(),
  /** Set when the target was made from an identifier of this finding (snowballing). */
  sourceFindingId: idSchema.nullable(),
  redacted: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'Target' });
export type Target = z.infer<typeof targetSchema>;

/** Snowballing: turn one identifier of a finding into a target (or find the target it already is). */
export const snowballRequestSchema = z.strictObject({
  findingId: idSchema,
  /** Index in the finding's `identifiers`. */
  identifierIndex: z.number().int().min(0).max(99),
});
export type SnowballRequest = z.infer<typeof snowballRequestSchema>;
export const snowballResponseSchema = z.object({
  target: targetSchema,
  /** False when the identifier already was a target of the operation: nothing was duplicated. */
  created: z.boolean(),
  /** The team the assignment rule (country, language, workload) suggests; null if none matches. */
  suggestedTeamId: idSchema.nullable(),
});
export type SnowballResponse = z.infer<typeof snowballResponseSchema>;

export const listTargetsQuerySchema = pageQuerySchema.extend({
  status: targetStatusSchema.optional(),
  teamId: z.union([idSchema, z.literal('none')]).optional(),
  kind: targetKindSchema.optional(),
  category: platformCategorySchema.optional(),
  outcome: targetOutcomeSchema.optional(),
  tag: z.string().trim().toLowerCase().min(1).max(50).optional(),
  q: z.string().trim().max(200).optional(),
});
export type ListTargetsQuery = z.infer<typeof listTargetsQuerySchema>;

export const assignmentRequestSchema = z.strictObject({
  teamId: idSchema.nullable(),
  targetIds: z.array(idSchema).min(1).max(LIMITS.bulkIds),
});
export type AssignmentRequest = z.infer<typeof assignmentRequestSchema>;
export const assignmentResponseSchema = z.object({ updated: z.array(z.lazy(() => targetSchema)) });
export type AssignmentResponse = z.infer<typeof assignmentResponseSchema>;

/**
 * State changes of one target: an officer takes it (in_progress), closes it (done + outcome),
 * or a coordinator reopens it. `version` is the one the caller read.
 */
export const updateTargetRequestSchema = z
  .strictObject({
    status: targetStatusSchema.optional(),
    outcome: targetOutcomeSchema.nullable().optional(),
    version: versionSchema,
  })
  .refine((b) => b.status !== undefined || b.outcome !== undefined, {
    message: 'send status and/or outcome',
    path: ['status'],
  })
  .refine((b) => b.status !== 'done' || (b.outcome !== undefined && b.outcome !== null), {
    message: 'an outcome is required to close a target',
    path: ['outcome'],
  });
export type UpdateTargetRequest = z.infer<typeof updateTargetRequestSchema>;

/** Legal state moves; `assigned`/`unassigned` are set by assignment, not by PATCH. */
export const TARGET_TRANSITIONS: Record<TargetStatus, TargetStatus[]> = {
  unassigned: [],
  assigned: ['in_progress', 'done'],
  in_progress: ['assigned', 'done'],
  done: ['in_progress'],
};
