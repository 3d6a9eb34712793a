import { apiPaths, mayRead, type DataClass, type Viewer } from '@actionday/contracts';
import type { INestApplication } from '@nestjs/common';
import { pdfText } from './pdf-text';
import type { TestApp } from './test-app';

/**
 * The policy matrix (libs/contracts/src/policy.ts, tested end to end): every REST route and
 * every socket frame, as every kind of member and non-member, with a distinct canary string in
 * each restricted field. A canary may reach only those the policy table grants its data class.
 */

/** Who asks. `viewer` is what the policy table sees (null: no membership). */
export interface Persona {
  name: string;
  token: string | null;
  userId: string | null;
  email: string | null;
  viewer: Viewer;
}

/** A restricted value planted in the operation, and who may see it. */
export interface Canary {
  name: string;
  /** Found in a text (JSON, CSV, PDF text, socket frame) when this matches. */
  pattern: RegExp;
  dataClass: DataClass;
  /** The teams the record belongs to (the policy's "own team"). */
  teams: (string | null)[];
  /** Sources where the value may appear whatever the policy says (e.g. the indicator catalogue lists every code). */
  allowedIn?: (source: string) => boolean;
  /** A member's own contact data reaches that member. */
  ownerUserId?: string;
}

export interface Captured {
  persona: string;
  source: string;
  text: string;
}

/** Ids the probes fill into the routes. */
export interface MatrixIds {
  operationId: string;
  otherOperationId: string;
  victimId: string;
  victimClientId: string;
  linkId: string;
  suspectId: string;
  snowTargetId: string;
  plainTargetId: string;
  /** The target the victim was logged on. */
  victimTargetId: string;
  teamA: string;
  removedUserId: string;
  slug: string | null;
}

type Probe = (t: TestApp, p: Persona, ids: MatrixIds) => Promise<Captured[]>;

/** One registered route: its method and Express path, and how the matrix calls it. */
export interface RouteProbe {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  probe: Probe;
}

async function call(t: TestApp, p: Persona, method: string, path: string, body?: unknown, raw?: { body: string; type: string }): Promise<Captured> {
  const headers: Record<string, string> = {};
  if (p.token) headers.authorization = `Bearer ${p.token}`;
  let payload: string | undefined;
  if (raw) {
    headers['content-type'] = raw.type;
    payload = raw.body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(t.baseUrl + path, { method, headers, body: payload });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  const text = type.includes('pdf') ? pdfText(bytes) : bytes.toString('utf8');
  if (res.status >= 500) throw new Error(`${method} ${path} as ${p.name}: ${res.status} ${text.slice(0, 300)}`);
  return { persona: p.name, source: `${method} ${path} -> ${res.status}`, text: `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}` };
}

const get = (path: string | ((ids: MatrixIds) => string)): Probe => async (t, p, ids) => [await call(t, p, 'GET', typeof path === 'string' ? path : path(ids))];
const send =
  (method: 'POST' | 'PATCH' | 'DELETE', path: (ids: MatrixIds) => string, body: (ids: MatrixIds, p: Persona) => unknown): Probe =>
  async (t, p, ids) => [await call(t, p, method, path(ids), body(ids, p))];
const several =
  (...probes: Probe[]): Probe =>
  async (t, p, ids) =>
    (await Promise.all(probes.map((probe) => probe(t, p, ids)))).flat();

const op = (ids: MatrixIds) => ids.operationId;
const P = '/api/v1';

/**
 * Every route of the API. The writes are aimed at the restricted records (a replay of the
 * victim's clientId, a snowball of its identifier, a review of it, a link to it) and changed so
 * that they leave the day as it is where they succeed (a dry-run import, an auto-assignment that
 * is not applied, a transition the state refuses).
 */
export const ROUTES: RouteProbe[] = [
  { method: 'POST', path: `${P}/auth/login`, probe: async (t, p) => [await call(t, p, 'POST', apiPaths.login, { email: p.email ?? 'nobody@test.example', password: 'not the password' })] },
  { method: 'POST', path: `${P}/auth/refresh`, probe: send('POST', () => apiPaths.refresh, () => undefined) },
  { method: 'POST', path: `${P}/auth/logout`, probe: send('POST', () => apiPaths.logout, () => undefined) },
  { method: 'GET', path: `${P}/me`, probe: get(apiPaths.me) },
  { method: 'POST', path: `${P}/users`, probe: send('POST', () => apiPaths.users, () => ({ email: 'new@test.example', displayName: 'New', password: 'long enough password' })) },
  { method: 'PATCH', path: `${P}/users/:userId`, probe: send('PATCH', (ids) => apiPaths.user(ids.removedUserId), () => ({ disabled: false })) },
  { method: 'GET', path: '/api/health', probe: get('/api/health') },
  { method: 'GET', path: '/metrics', probe: get('/metrics') },
  // The API's description and its viewer: the same public bytes for everyone, nothing of a day.
  { method: 'GET', path: '/api/docs', probe: get(apiPaths.apiDocs) },
  { method: 'GET', path: '/api/docs/', probe: get(`${apiPaths.apiDocs}/`) },
  { method: 'GET', path: '/api/docs/index.html', probe: get(`${apiPaths.apiDocs}/index.html`) },
  { method: 'GET', path: '/api/docs/LICENSE', probe: get(`${apiPaths.apiDocs}/LICENSE`) },
  { method: 'GET', path: '/api/docs/swagger-ui-init.js', probe: get(`${apiPaths.apiDocs}/swagger-ui-init.js`) },
  { method: 'GET', path: '/api/docs/docs/swagger-ui-init.js', probe: get(`${apiPaths.apiDocs}/docs/swagger-ui-init.js`) },
  { method: 'GET', path: '/api/docs/openapi.json', probe: get(apiPaths.openApiDocument) },
  { method: 'POST', path: `${P}/operations`, probe: send('POST', () => apiPaths.operations, () => ({ name: 'x' })) },
  { method: 'GET', path: `${P}/operations`, probe: get(apiPaths.operations) },
  { method: 'GET', path: `${P}/operations/:id`, probe: several(get((ids) => apiPaths.operation(op(ids))), get((ids) => apiPaths.operation(ids.otherOperationId))) },
  // A stale version: refused for the organizer (409), 403 or 404 for everyone else; the TLP stays.
  { method: 'PATCH', path: `${P}/operations/:id`, probe: send('PATCH', (ids) => apiPaths.operation(op(ids)), () => ({ tlp: 'red', version: 999 })) },
  { method: 'POST', path: `${P}/operations/:id/transitions`, probe: send('POST', (ids) => apiPaths.transitions(op(ids)), () => ({ to: 'live' })) },
  { method: 'GET', path: `${P}/operations/:id/members`, probe: get((ids) => apiPaths.members(op(ids))) },
  { method: 'POST', path: `${P}/operations/:id/members`, probe: send('POST', (ids) => apiPaths.members(op(ids)), () => ({ email: 'nobody@test.example', role: 'observer' })) },
  { method: 'DELETE', path: `${P}/operations/:id/members/:userId`, probe: send('DELETE', (ids) => apiPaths.member(op(ids), ids.removedUserId), () => undefined) },
  { method: 'GET', path: `${P}/operations/:id/teams`, probe: get((ids) => apiPaths.teams(op(ids))) },
  { method: 'POST', path: `${P}/operations/:id/teams`, probe: send('POST', (ids) => apiPaths.teams(op(ids)), () => ({ name: 'Team A' })) },
  // API keys: coordinators and organizers make (201, then 409 once closed), list and revoke them;
  // officers, observers and API keys get 403, others 404 or 401. A key's answer names its team only.
  { method: 'POST', path: `${P}/operations/:id/api-keys`, probe: send('POST', (ids) => apiPaths.apiKeys(op(ids)), (ids) => ({ name: 'Matrix tool', teamId: ids.teamA })) },
  { method: 'GET', path: `${P}/operations/:id/api-keys`, probe: get((ids) => apiPaths.apiKeys(op(ids))) },
  // An unknown key: 404 for those who may revoke, 403 or 404 for everyone else; nothing changes.
  { method: 'DELETE', path: `${P}/operations/:id/api-keys/:keyId`, probe: send('DELETE', (ids) => apiPaths.apiKey(op(ids), ids.removedUserId), () => undefined) },
  {
    method: 'POST',
    path: `${P}/operations/:id/targets/import`,
    probe: async (t, p, ids) => [
      await call(t, p, 'POST', `${apiPaths.targetsImport(op(ids))}?dryRun=true`, undefined, { body: 'kind,value\nemail,canary.victim.mail@mail.example\nphone,+31 6 1111 2222\n', type: 'text/csv' }),
    ],
  },
  { method: 'POST', path: `${P}/operations/:id/targets/from-identifier`, probe: send('POST', (ids) => apiPaths.snowball(op(ids)), (ids) => ({ findingId: ids.victimId, identifierIndex: 0 })) },
  { method: 'GET', path: `${P}/operations/:id/targets/export.csv`, probe: get((ids) => apiPaths.targetsExport(op(ids))) },
  { method: 'POST', path: `${P}/operations/:id/assignments/auto`, probe: send('POST', (ids) => apiPaths.autoAssign(op(ids)), () => ({ apply: false })) },
  { method: 'POST', path: `${P}/operations/:id/targets`, probe: send('POST', (ids) => apiPaths.targets(op(ids)), () => ({ kind: 'email', value: 'canary.victim.mail@mail.example' })) },
  {
    method: 'GET',
    path: `${P}/operations/:id/targets`,
    probe: several(
      get((ids) => `${apiPaths.targets(op(ids))}?limit=500`),
      get((ids) => `${apiPaths.targets(op(ids))}?q=canary.victim`),
      get((ids) => `${apiPaths.targets(op(ids))}?q=11112222`),
      get((ids) => `${apiPaths.targets(op(ids))}?kind=email&teamId=none`),
    ),
  },
  { method: 'POST', path: `${P}/operations/:id/assignments`, probe: send('POST', (ids) => apiPaths.assignments(op(ids)), (ids) => ({ teamId: null, targetIds: [ids.snowTargetId] })) },
  { method: 'PATCH', path: `${P}/targets/:targetId`, probe: send('PATCH', (ids) => apiPaths.target(ids.snowTargetId), () => ({ status: 'in_progress', version: 999 })) },
  {
    method: 'POST',
    path: `${P}/operations/:id/findings`,
    probe: several(
      // The victim's own clientId, with a guess at its body: the answer must not depend on the guess.
      send('POST', (ids) => apiPaths.findings(op(ids)), (ids) => ({ clientId: ids.victimClientId, type: 'possible_victim', nationality: 'KZ' })),
      send('POST', (ids) => apiPaths.findings(op(ids)), (ids) => ({ clientId: ids.victimClientId, type: 'possible_victim', nationality: 'DE' })),
    ),
  },
  {
    method: 'POST',
    path: `${P}/operations/:id/findings/batch`,
    // The same guesses in one batch: each item's answer must not depend on its guess either.
    probe: send('POST', (ids) => apiPaths.findingsBatch(op(ids)), (ids) => ({
      findings: [
        { clientId: ids.victimClientId, type: 'possible_victim', nationality: 'KZ' },
        { clientId: ids.victimClientId, type: 'possible_victim', nationality: 'DE' },
      ],
    })),
  },
  {
    method: 'GET',
    path: `${P}/operations/:id/findings`,
    probe: several(
      get((ids) => `${apiPaths.findings(op(ids))}?limit=500`),
      get((ids) => `${apiPaths.findings(op(ids))}?type=possible_victim`),
      get((ids) => `${apiPaths.findings(op(ids))}?id=${ids.victimId}`),
      get((ids) => `${apiPaths.findings(op(ids))}?type=link`),
      get((ids) => `${apiPaths.findings(op(ids))}?targetId=${ids.victimTargetId}`),
    ),
  },
  { method: 'GET', path: `${P}/findings/:findingId`, probe: several(get((ids) => apiPaths.finding(ids.victimId)), get((ids) => apiPaths.finding(ids.linkId))) },
  { method: 'PATCH', path: `${P}/findings/:findingId`, probe: send('PATCH', (ids) => apiPaths.finding(ids.victimId), () => ({ status: 'confirmed', version: 999 })) },
  { method: 'GET', path: `${P}/operations/:id/indicators`, probe: get((ids) => apiPaths.indicators(op(ids))) },
  { method: 'POST', path: `${P}/operations/:id/indicators`, probe: send('POST', (ids) => apiPaths.indicators(op(ids)), () => ({ code: 'canary_indicator_x', label: 'again' })) },
  { method: 'GET', path: `${P}/operations/:id/matches`, probe: several(get((ids) => apiPaths.matches(op(ids))), get((ids) => `${apiPaths.matches(op(ids))}?teamId=${ids.teamA}`)) },
  {
    method: 'GET',
    path: `${P}/operations/:id/events`,
    // One capture per event, named by its type, like the socket frames.
    probe: async (t, p, ids) => {
      const page = await call(t, p, 'GET', `${apiPaths.events(op(ids))}?after=0&limit=1000`);
      const items = (JSON.parse(page.text.slice(page.text.indexOf('\n\n') + 2) || 'null') as { items?: { type: string }[] } | null)?.items;
      if (!Array.isArray(items)) return [page];
      return items.map((e) => ({ persona: p.name, source: `${page.source} ${e.type}`, text: JSON.stringify(e) }));
    },
  },
  { method: 'GET', path: `${P}/operations/:id/tallies`, probe: get((ids) => apiPaths.tallies(op(ids))) },
  { method: 'GET', path: `${P}/operations/:id/audit.jsonl`, probe: get((ids) => apiPaths.audit(op(ids))) },
  { method: 'POST', path: `${P}/operations/:id/audit/verify`, probe: send('POST', (ids) => apiPaths.auditVerify(op(ids)), () => undefined) },
  { method: 'POST', path: `${P}/operations/:id/publications`, probe: send('POST', (ids) => apiPaths.publications(op(ids)), () => ({ title: 'Too early', figures: ['suspects'] })) },
  { method: 'GET', path: `${P}/operations/:id/publications`, probe: get((ids) => apiPaths.publications(op(ids))) },
  {
    method: 'GET',
    path: `${P}/public/publications/:file`,
    probe: async (t, p, ids) =>
      ids.slug
        ? Promise.all((['json', 'csv', 'pdf', undefined] as const).map((f) => call(t, p, 'GET', apiPaths.publicPublication(ids.slug!, f))))
        : [await call(t, p, 'GET', apiPaths.publicPublication('no-such-summary'))],
  },
  {
    method: 'GET',
    path: `${P}/operations/:id/exports/findings.csv`,
    probe: get((ids) => apiPaths.findingsExportFile(op(ids), 'csv')),
  },
  { method: 'GET', path: `${P}/operations/:id/exports/findings.json`, probe: get((ids) => apiPaths.findingsExportFile(op(ids), 'json')) },
  { method: 'GET', path: `${P}/operations/:id/exports/targets.csv`, probe: get((ids) => apiPaths.targetsExportFile(op(ids), 'csv')) },
  { method: 'GET', path: `${P}/operations/:id/exports/targets.json`, probe: get((ids) => apiPaths.targetsExportFile(op(ids), 'json')) },
  { method: 'GET', path: `${P}/operations/:id/exports/report.pdf`, probe: get((ids) => apiPaths.report(op(ids))) },
  { method: 'GET', path: `${P}/operations/:id/exports/misp.json`, probe: get((ids) => apiPaths.mispExport(op(ids))) },
  { method: 'GET', path: `${P}/operations/:id/exports/stix.json`, probe: get((ids) => apiPaths.stixExport(op(ids))) },
  { method: 'GET', path: `${P}/operations/:id/exports/:file`, probe: get((ids) => `${P}/operations/${op(ids)}/exports/foo.xml`) },
];

/** The routes the application registered, as "METHOD /path" with Express's parameter syntax. */
export function registeredRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)?.stack ?? [];
  const routes = stack
    .filter((l): l is Layer & { route: NonNullable<Layer['route']> } => !!l.route)
    // Nest also mounts an every-method route on the paths excluded from the global prefix
    // (health, metrics) that only passes the request on: not a handler.
    .filter((l) => Object.keys(l.route.methods).length < 10)
    .flatMap((l) => Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route.path}`));
  return [...new Set(routes)];
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** The canaries a persona may not receive, by the policy table. */
export function deniedCanaries(p: Persona, canaries: readonly Canary[]): Canary[] {
  return canaries.filter((c) => {
    if (c.ownerUserId !== undefined && c.ownerUserId === p.userId) return false;
    return !mayRead(p.viewer, c.dataClass, c.teams);
  });
}

/** Every place a denied canary reached a persona. */
export function leaks(captured: readonly Captured[], personas: readonly Persona[], canaries: readonly Canary[]): string[] {
  const byName = new Map(personas.map((p) => [p.name, p]));
  const found: string[] = [];
  for (const c of captured) {
    const persona = byName.get(c.persona)!;
    for (const canary of deniedCanaries(persona, canaries)) {
      if (canary.allowedIn?.(c.source)) continue;
      const m = canary.pattern.exec(c.text);
      if (m) found.push(`${canary.name} reached ${c.persona} in ${c.source}: …${c.text.slice(Math.max(0, m.index - 80), m.index + 80)}…`);
    }
  }
  return found;
}
