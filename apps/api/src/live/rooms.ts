import { canSeeVictimDetails, type Role } from '@actionday/contracts';

/**
 * Socket rooms of an operation. Everyone joins `all`; coordinators and organizers also join
 * `full` and receive unredacted events; officers and observers join `limited`; officers also
 * join their team's room, which receives the unredacted events of that team.
 */
export const rooms = {
  all: (operationId: string) => `op:${operationId}`,
  full: (operationId: string) => `op:${operationId}:full`,
  limited: (operationId: string) => `op:${operationId}:limited`,
  team: (operationId: string, teamId: string) => `op:${operationId}:team:${teamId}`,
};

export function roomsFor(operationId: string, viewer: { role: Role; teamId: string | null }): string[] {
  const list = [rooms.all(operationId)];
  if (canSeeVictimDetails(viewer, { teamId: null })) list.push(rooms.full(operationId));
  else {
    list.push(rooms.limited(operationId));
    if (viewer.role !== 'observer' && viewer.teamId) list.push(rooms.team(operationId, viewer.teamId));
  }
  return list;
}
