import { z } from 'zod';

export const ROLES = ['observer', 'officer', 'coordinator', 'organizer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

const RANK: Record<Role, number> = { observer: 1, officer: 2, coordinator: 3, organizer: 4 };

/** "coordinator+" in the API tables: the role held is at least the one required. */
export function roleAtLeast(held: Role, required: Role): boolean {
  return RANK[held] >= RANK[required];
}

/**
 * Who may read the personal details of a possible victim: coordinators and organizers of the
 * operation, and the team that logged the finding. Never observers, never other teams.
 */
export function canSeeVictimDetails(
  viewer: { role: Role; teamId: string | null },
  finding: { teamId: string | null },
): boolean {
  if (roleAtLeast(viewer.role, 'coordinator')) return true;
  if (viewer.role === 'observer') return false;
  return viewer.teamId !== null && viewer.teamId === finding.teamId;
}
