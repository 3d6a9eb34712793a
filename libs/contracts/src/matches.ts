import { z } from 'zod';
import { idSchema, pageQuerySchema } from './common';

export const MATCH_KINDS = ['phone', 'email', 'username', 'url', 'messaging'] as const;
export const matchKindSchema = z.enum(MATCH_KINDS);

/** One side of a match: the target or the finding that holds the identifier, and whose work it is. */
export const matchSideSchema = z.object({
  teamId: idSchema.nullable(),
  /** The country of the team (or, for a target nobody holds yet, of the target). */
  country: z.string().nullable(),
  targetId: idSchema.nullable(),
  findingId: idSchema.nullable(),
});
export type MatchSide = z.infer<typeof matchSideSchema>;

/**
 * The same identifier met twice in one operation. Side `a` is the write that raised the match,
 * side `b` the earlier target or finding it met. `normalized` is null (and `redacted` true) for
 * members who are neither a coordinator nor in one of the two teams: they learn that two teams
 * met, not on what.
 */
export const matchSchema = z.object({
  id: idSchema,
  operationId: idSchema,
  kind: matchKindSchema,
  normalized: z.string().nullable(),
  sides: z.tuple([matchSideSchema, matchSideSchema]),
  crossBorder: z.boolean(),
  redacted: z.boolean(),
  createdAt: z.string(),
}).meta({ id: 'Match' });
export type Match = z.infer<typeof matchSchema>;

export const listMatchesQuerySchema = pageQuerySchema.extend({
  teamId: idSchema.optional(),
  crossBorder: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type ListMatchesQuery = z.infer<typeof listMatchesQuerySchema>;
