import { z } from 'zod';

export const ROLES = ['observer', 'officer', 'coordinator', 'organizer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { observer: 1, officer: 2, coordinator: 3, organizer: 4 };

/** "coordinator+" in the API tables: the role held is at least the one required. */
export function roleAtLeast(held: Role, required: Role): boolean {
  return RANK[held] >= RANK[required];
}
