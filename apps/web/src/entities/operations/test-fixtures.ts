import type { LiveEvent, Member, Operation, Team } from '@actionday/contracts';

/** Builders of the specs: one operation, its teams and members, and its live events. */
export const OP = '00000000-0000-4000-8000-000000000001';
export const TEAM_NL = '00000000-0000-4000-8000-0000000000a1';
export const TEAM_UA = '00000000-0000-4000-8000-0000000000a2';
export const TEAM_DE = '00000000-0000-4000-8000-0000000000a3';

export function team(id: string, name: string): Team {
  return { id, operationId: OP, name, country: null, language: null, focus: null, version: 1 };
}

export function operation(patch: Partial<Operation> = {}): Operation {
  return {
    id: OP,
    name: 'JAD',
    kind: 'joint_action_day',
    status: 'live',
    startsAt: '2025-03-01T07:00:00.000Z',
    endsAt: '2025-03-01T19:00:00.000Z',
    timezone: 'Europe/Amsterdam',
    countries: ['NL', 'UA'],
    description: null,
    lastSeq: 0,
    closedAt: null,
    purgedAt: null,
    tlp: 'amber',
    version: 1,
    myRole: 'coordinator',
    myTeamId: null,
    ...patch,
  };
}

export function member(userId: string, displayName: string, patch: Partial<Member> = {}): Member {
  return { userId, email: `${userId}@x`, displayName, country: null, role: 'officer', teamId: null, version: 1, ...patch };
}

let at = 0;
/** One event of the operation's log, a second after the previous one. */
export function event<E extends LiveEvent>(seq: number, type: E['type'], data: E['data'], actorId: string | null = null): LiveEvent {
  at += 1;
  return { operationId: OP, seq, type, at: new Date(Date.UTC(2025, 2, 1, 9, 0, at)).toISOString(), actorId, data } as LiveEvent;
}
