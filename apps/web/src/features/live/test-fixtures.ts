import type { Finding, LiveEvent, Match, Member, Operation, Tallies, Target, Team } from '@actionday/contracts';
import { emptyTallies } from '@actionday/tallies';

/** Builders shared by the live specs. */
export const OP = '00000000-0000-4000-8000-000000000001';
export const TEAM_NL = '00000000-0000-4000-8000-0000000000a1';
export const TEAM_UA = '00000000-0000-4000-8000-0000000000a2';
export const TEAM_DE = '00000000-0000-4000-8000-0000000000a3';

export function team(id: string, name: string): Team {
  return { id, operationId: OP, name, country: null, language: null, focus: null, version: 1 };
}

export function target(id: string, patch: Partial<Target> = {}): Target {
  return {
    id,
    operationId: OP,
    kind: 'platform',
    value: `${id}.example`,
    normalized: `${id}.example`,
    normalizationFailed: false,
    platform: null,
    category: null,
    country: null,
    language: null,
    tags: [],
    priority: 0,
    notes: null,
    status: 'unassigned',
    outcome: null,
    teamId: null,
    sourceFindingId: null,
    version: 1,
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-01T08:00:00.000Z',
    ...patch,
  };
}

export function finding(id: string, patch: Partial<Finding> = {}): Finding {
  return {
    id,
    operationId: OP,
    clientId: id,
    type: 'possible_victim',
    targetId: null,
    teamId: TEAM_NL,
    authorId: 'u1',
    status: 'submitted',
    duplicateOf: null,
    reviewedBy: null,
    reviewedAt: null,
    redacted: false,
    details: { nationality: 'UA' },
    identifiers: [],
    indicators: [],
    evidence: [],
    notes: null,
    version: 1,
    createdAt: '2025-03-01T09:00:00.000Z',
    updatedAt: '2025-03-01T09:00:00.000Z',
    ...patch,
  };
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
    version: 1,
    myRole: 'coordinator',
    myTeamId: null,
    ...patch,
  };
}

export function tallies(asOfSeq: number, patch: Partial<Tallies> = {}): Tallies {
  return {
    ...emptyTallies({
      operationId: OP,
      frozen: false,
      closedAt: null,
      snapshotSha256: null,
      asOfSeq,
      participants: { experts: 12, countries: 2 },
      teams: [team(TEAM_NL, 'Netherlands')],
      countries: ['NL', 'UA'],
    }),
    ...patch,
  };
}

let at = 0;
export function event<E extends LiveEvent>(seq: number, type: E['type'], data: E['data'], actorId: string | null = null): LiveEvent {
  at += 1;
  return { operationId: OP, seq, type, at: new Date(Date.UTC(2025, 2, 1, 9, 0, at)).toISOString(), actorId, data } as LiveEvent;
}

export function victimDelta(): Extract<LiveEvent, { type: 'tally.updated' }>['data'] {
  return {
    deltas: [
      { dim: 'all', key: '', metric: 'victims_total', sub: '', delta: 1 },
      { dim: 'team', key: TEAM_NL, metric: 'victims_total', sub: '', delta: 1 },
    ],
  };
}

/** A match between two teams' findings; side a raised it. */
export function match(id: string, patch: Partial<Match> = {}): Match {
  return {
    id,
    operationId: OP,
    kind: 'phone',
    normalized: '+31612345678',
    sides: [
      { teamId: TEAM_UA, country: 'UA', targetId: null, findingId: `${id}-fa` },
      { teamId: TEAM_NL, country: 'NL', targetId: 't1', findingId: `${id}-fb` },
    ],
    crossBorder: true,
    redacted: false,
    createdAt: '2025-03-01T10:00:00.000Z',
    ...patch,
  };
}

export function member(userId: string, displayName: string, patch: Partial<Member> = {}): Member {
  return { userId, email: `${userId}@x`, displayName, country: null, role: 'officer', teamId: null, version: 1, ...patch };
}
