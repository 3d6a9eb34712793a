import { eventAudienceOf, type Role } from '@actionday/contracts';

/**
 * Socket rooms of an operation, one per live audience (libs/contracts policy.ts): everyone joins
 * `all` (presence); coordinators and organizers `full`; officers `officers` and their team's
 * room; observers `observers`. Each event version goes to the rooms of its audience. A socket
 * also joins the rooms of its user and its session, so that an access change, a disabled
 * account or a logout reaches it wherever it is connected.
 */
export const rooms = {
  all: (operationId: string) => `op:${operationId}`,
  full: (operationId: string) => `op:${operationId}:full`,
  officers: (operationId: string) => `op:${operationId}:officers`,
  observers: (operationId: string) => `op:${operationId}:observers`,
  team: (operationId: string, teamId: string) => `op:${operationId}:team:${teamId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
};

export function roomsFor(operationId: string, viewer: { role: Role; teamId: string | null }): string[] {
  const list = [rooms.all(operationId)];
  const audience = eventAudienceOf(viewer, viewer.teamId ? [viewer.teamId] : []);
  if (audience === 'full') list.push(rooms.full(operationId));
  else if (audience === 'observer') list.push(rooms.observers(operationId));
  else {
    list.push(rooms.officers(operationId));
    if (viewer.teamId) list.push(rooms.team(operationId, viewer.teamId));
  }
  return list;
}
