import { z } from 'zod';
import { countryCodeSchema, idSchema } from './common';
import { roleSchema } from './roles';

export const loginRequestSchema = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  displayName: z.string(),
  organization: z.string().nullable(),
  country: z.string().nullable(),
  isAdmin: z.boolean(),
  canOrganize: z.boolean(),
}).meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const loginResponseSchema = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  user: userSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const myMembershipSchema = z.object({
  operationId: idSchema,
  operationName: z.string(),
  role: roleSchema,
  teamId: idSchema.nullable(),
});
export const meResponseSchema = z.object({
  user: userSchema,
  memberships: z.array(myMembershipSchema),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

export const createUserRequestSchema = z.strictObject({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(120),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
  organization: z.string().trim().min(1).max(200).optional(),
  country: countryCodeSchema.optional(),
  canOrganize: z.boolean().optional(),
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

/** An administrator disables (or enables again) an account: its sessions end at once, open sockets included. */
export const updateUserRequestSchema = z.strictObject({ disabled: z.boolean() });
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;
