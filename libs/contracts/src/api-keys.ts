import { z } from 'zod';
import { idSchema, isoDateTimeSchema, shortText } from './common';

/**
 * Operation-scoped API keys: a coordinator makes one for an automated tool (a hackathon's
 * detection tool), bound to one team of one operation. The tool sends it as
 * `Authorization: Bearer adk_...` and acts as an officer of that team in that operation only.
 * The secret is shown once, when it is created; the platform keeps only its SHA-256.
 */
export const API_KEY_PREFIX = 'adk_';

/** Characters of the secret after `adk_` that are kept and shown to recognise a key (`adk_Xy3...`). */
export const API_KEY_PREFIX_CHARS = 8;

export const createApiKeyRequestSchema = z.strictObject({
  /** What the key is for, as the audit log and the list show it ("Detection tool, team NL"). */
  name: shortText(100),
  /** The team whose officer the key acts as: a team of this operation. */
  teamId: idSchema,
  /** When the key stops working; without it, it works until revoked or the operation closes. */
  expiresAt: isoDateTimeSchema.refine((at) => Date.parse(at) > Date.now(), 'must be in the future').optional(),
});
export type CreateApiKeyRequest = z.infer<typeof createApiKeyRequestSchema>;

/** A key as it is listed: never its secret, never its hash. */
export const apiKeySchema = z
  .object({
    id: idSchema,
    operationId: idSchema,
    name: z.string(),
    teamId: idSchema,
    /** The account the key acts as: the author of its findings and the actor of its audit entries. */
    userId: idSchema,
    /** The first characters of the secret (`adk_` and 8 more), to recognise which key a tool holds. */
    prefix: z.string(),
    createdBy: idSchema,
    createdAt: z.string(),
    /** Updated at most once a minute per key; null when never used. */
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof apiKeySchema>;

/** The answer to its creation, the only time the secret is shown. */
export const createdApiKeySchema = z
  .object({
    key: apiKeySchema,
    /** `adk_` and 43 characters: send it as `Authorization: Bearer <secret>`. Shown this once. */
    secret: z.string(),
  })
  .meta({ id: 'CreatedApiKey' });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

/** Whether a bearer token is an API key rather than an access token (a JWT never starts so). */
export const isApiKey = (token: string): boolean => token.startsWith(API_KEY_PREFIX);
