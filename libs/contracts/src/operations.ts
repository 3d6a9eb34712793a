import { z } from 'zod';
import { countryCodeSchema, idSchema, isoDateTimeSchema, languageCodeSchema, LIMITS, shortText, versionSchema } from './common';
import { roleSchema } from './roles';

export const OPERATION_KINDS = ['hackathon', 'joint_action_day', 'mapping'] as const;
export const operationKindSchema = z.enum(OPERATION_KINDS);
export type OperationKind = z.infer<typeof operationKindSchema>;
export const OPERATION_STATUSES = ['planning', 'live', 'closed'] as const;
export const operationStatusSchema = z.enum(OPERATION_STATUSES);
export type OperationStatus = z.infer<typeof operationStatusSchema>;

/**
 * The Traffic Light Protocol level (FIRST TLP 2.0) the operation's member exports are shared
 * under: the MISP event carries it as a `tlp:` tag, the STIX bundle as a marking (see README,
 * "MISP and STIX exports"). Organizers set it; new operations start at amber.
 */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export const tlpSchema = z.enum(TLP_LEVELS);
export type Tlp = z.infer<typeof tlpSchema>;
export const DEFAULT_TLP: Tlp = 'amber';

/** planning -> live -> closed, never back. */
export const OPERATION_TRANSITIONS: Record<OperationStatus, OperationStatus[]> = {
  planning: ['live'],
  live: ['closed'],
  closed: [],
};

const timezoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Amsterdam');

export const createOperationRequestSchema = z
  .strictObject({
    name: shortText(),
    kind: operationKindSchema,
    startsAt: isoDateTimeSchema,
    endsAt: isoDateTimeSchema,
    timezone: timezoneSchema,
    countries: z.array(countryCodeSchema).min(1).max(100),
    description: z.string().trim().max(LIMITS.notes).optional(),
    /** Defaults to amber. */
    tlp: tlpSchema.optional(),
  })
  .refine((o) => Date.parse(o.endsAt) > Date.parse(o.startsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });
export type CreateOperationRequest = z.infer<typeof createOperationRequestSchema>;

export const operationCoreSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: operationKindSchema,
  status: operationStatusSchema,
  startsAt: z.string(),
  endsAt: z.string(),
  timezone: z.string(),
  countries: z.array(z.string()),
  description: z.string().nullable(),
  lastSeq: z.number().int(),
  closedAt: z.string().nullable(),
  /** When retention erased the operation's personal data; null until then. */
  purgedAt: z.string().nullable(),
  /** How far the member exports may be shared (TLP 2.0). */
  tlp: tlpSchema,
  version: z.number().int(),
});
export type OperationCore = z.infer<typeof operationCoreSchema>;

export const operationSchema = operationCoreSchema.extend({
  /** The caller's own place in this operation. */
  myRole: roleSchema,
  myTeamId: idSchema.nullable(),
}).meta({ id: 'Operation' });
export type Operation = z.infer<typeof operationSchema>;

/** What an organizer may change on an operation (planning or live); `version` is the one read. */
export const updateOperationRequestSchema = z.strictObject({
  tlp: tlpSchema,
  version: versionSchema,
});
export type UpdateOperationRequest = z.infer<typeof updateOperationRequestSchema>;

export const transitionRequestSchema = z.strictObject({ to: z.enum(['live', 'closed']) });
export type TransitionRequest = z.infer<typeof transitionRequestSchema>;

export const addMemberRequestSchema = z.strictObject({
  email: z.email().max(254),
  role: roleSchema,
  teamId: idSchema.nullable().optional(),
});
export type AddMemberRequest = z.infer<typeof addMemberRequestSchema>;

export const memberSchema = z.object({
  userId: idSchema,
  /** Contact data: for coordinators, organizers and the member themself; null for everyone else. */
  email: z.string().nullable(),
  displayName: z.string(),
  country: z.string().nullable(),
  role: roleSchema,
  teamId: idSchema.nullable(),
  version: z.number().int(),
}).meta({ id: 'Member' });
export type Member = z.infer<typeof memberSchema>;

export const createTeamRequestSchema = z.strictObject({
  name: shortText(100),
  country: countryCodeSchema.optional(),
  language: languageCodeSchema.optional(),
  focus: z.string().trim().max(LIMITS.shortText).optional(),
});
export type CreateTeamRequest = z.infer<typeof createTeamRequestSchema>;

export const teamSchema = z.object({
  id: idSchema,
  operationId: idSchema,
  name: z.string(),
  country: z.string().nullable(),
  language: z.string().nullable(),
  focus: z.string().nullable(),
  version: z.number().int(),
}).meta({ id: 'Team' });
export type Team = z.infer<typeof teamSchema>;
