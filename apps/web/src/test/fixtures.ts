import {
  DEFAULT_INDICATORS,
  findingSchema,
  importResultSchema,
  indicatorSchema,
  loginResponseSchema,
  memberSchema,
  operationSchema,
  targetSchema,
  teamSchema,
  type CreateFindingRequest,
  type Finding,
  type ImportResult,
  type Indicator,
  type LoginResponse,
  type Member,
  type Operation,
  type Target,
  type Team,
} from '@actionday/contracts';

/**
 * Contract-shaped bodies for the fake API: every builder parses its result with the contract's
 * zod schema, so a fixture that drifts from the API's shape fails here, not in a component.
 */

let counter = 0;
/** A fresh, valid v4 UUID with a readable tail (ids are compared, never parsed). */
export function uuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export const USER_ID = '00000000-0000-4000-8000-00000000a001';
export const OTHER_USER_ID = '00000000-0000-4000-8000-00000000a002';

export function loginResponse(patch: Partial<LoginResponse> = {}): LoginResponse {
  return loginResponseSchema.parse({
    accessToken: 'token-1',
    expiresIn: 900,
    user: {
      id: USER_ID,
      email: 'officer@example.org',
      displayName: 'Olga Officer',
      organization: null,
      country: 'NL',
      isAdmin: false,
      canOrganize: false,
    },
    ...patch,
  });
}

export function operation(patch: Partial<Operation> = {}): Operation {
  return operationSchema.parse({
    id: uuid(),
    name: 'JAD Spring',
    kind: 'joint_action_day',
    status: 'live',
    startsAt: '2026-03-28T07:00:00.000Z',
    endsAt: '2026-03-29T19:00:00.000Z',
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
  });
}

export function team(operationId: string, name: string, patch: Partial<Team> = {}): Team {
  return teamSchema.parse({
    id: uuid(),
    operationId,
    name,
    country: null,
    language: null,
    focus: null,
    version: 1,
    ...patch,
  });
}

export function member(userId: string, displayName: string, patch: Partial<Member> = {}): Member {
  return memberSchema.parse({
    userId,
    email: null,
    displayName,
    country: null,
    role: 'officer',
    teamId: null,
    version: 1,
    ...patch,
  });
}

export function target(operationId: string, patch: Partial<Target> = {}): Target {
  return targetSchema.parse({
    id: uuid(),
    operationId,
    kind: 'platform',
    value: 'escort-ads.example',
    normalized: 'escort-ads.example',
    normalizationFailed: false,
    platform: null,
    category: null,
    country: null,
    language: null,
    tags: [],
    priority: 0,
    notes: null,
    status: 'assigned',
    outcome: null,
    teamId: null,
    sourceFindingId: null,
    redacted: false,
    version: 1,
    createdAt: '2026-03-28T08:00:00.000Z',
    updatedAt: '2026-03-28T08:00:00.000Z',
    ...patch,
  });
}

export function finding(operationId: string, patch: Partial<Finding> = {}): Finding {
  const id = patch.id ?? uuid();
  return findingSchema.parse({
    id,
    operationId,
    clientId: id,
    type: 'possible_victim',
    targetId: null,
    teamId: null,
    authorId: USER_ID,
    status: 'submitted',
    duplicateOf: null,
    reviewedBy: null,
    reviewedAt: null,
    redacted: false,
    details: { alias: 'Mira', nationality: 'UA' },
    identifiers: [],
    indicators: [],
    evidence: [],
    notes: null,
    version: 1,
    createdAt: '2026-03-28T09:00:00.000Z',
    updatedAt: '2026-03-28T09:00:00.000Z',
    ...patch,
  });
}

const COMMON = new Set([
  'type',
  'clientId',
  'targetId',
  'identifiers',
  'indicators',
  'evidence',
  'notes',
]);

/** What the API answers to a valid POST …/findings. */
export function findingFromRequest(
  operationId: string,
  body: CreateFindingRequest,
  patch: Partial<Finding> = {},
): Finding {
  const details = Object.fromEntries(Object.entries(body).filter(([k]) => !COMMON.has(k)));
  return finding(operationId, {
    id: uuid(),
    clientId: body.clientId,
    type: body.type,
    targetId: body.targetId ?? null,
    details,
    identifiers: (body.identifiers ?? []).map((i) => ({
      kind: i.kind,
      value: i.value,
      platform: i.platform ?? null,
      normalized: i.value,
      valid: true,
    })),
    indicators: body.indicators ?? [],
    evidence: body.evidence ?? [],
    notes: body.notes ?? null,
    createdAt: '2026-03-28T10:15:00.000Z',
    updatedAt: '2026-03-28T10:15:00.000Z',
    ...patch,
  });
}

export function indicators(): { items: Indicator[] } {
  return {
    items: DEFAULT_INDICATORS.map((i) =>
      indicatorSchema.parse({ code: i.code, label: i.label, builtin: true }),
    ),
  };
}

export function importResult(patch: Partial<ImportResult>): ImportResult {
  return importResultSchema.parse({
    dryRun: true,
    created: 0,
    rows: 0,
    duplicates: [],
    errors: [],
    preview: [],
    ...patch,
  });
}

export function page<T>(items: T[]): { items: T[]; nextCursor: null } {
  return { items, nextCursor: null };
}
