import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  addMemberRequestSchema,
  apiKeySchema,
  apiPaths,
  assignmentRequestSchema,
  assignmentResponseSchema,
  auditVerificationSchema,
  autoAssignRequestSchema,
  autoAssignResponseSchema,
  createFindingRequestSchema,
  findingsBatchRequestSchema,
  findingsBatchResponseSchema,
  createApiKeyRequestSchema,
  createdApiKeySchema,
  createIndicatorRequestSchema,
  createOperationRequestSchema,
  createPublicationRequestSchema,
  createTargetRequestSchema,
  createTeamRequestSchema,
  createUserRequestSchema,
  errorBodySchema,
  eventsQuerySchema,
  eventsResponseSchema,
  findingSchema,
  healthSchema,
  importQuerySchema,
  importResultSchema,
  indicatorSchema,
  listFindingsQuerySchema,
  listMatchesQuerySchema,
  listOf,
  listTargetsQuerySchema,
  loginRequestSchema,
  loginResponseSchema,
  matchSchema,
  meResponseSchema,
  memberSchema,
  operationSchema,
  pageOf,
  pageQuerySchema,
  publicationSchema,
  reviewFindingRequestSchema,
  snowballRequestSchema,
  snowballResponseSchema,
  talliesSchema,
  targetSchema,
  teamSchema,
  transitionRequestSchema,
  updateOperationRequestSchema,
  updateTargetRequestSchema,
  updateUserRequestSchema,
  userSchema,
} from '@actionday/contracts';
import type { z } from 'zod';
import { ensureApiBuilt } from './support/api-process';
import { registeredRoutes } from './support/policy-matrix';
import { TestApp } from './support/test-app';

const run = promisify(execFile);
const P = '/api/v1';

interface Expected {
  body?: z.ZodType;
  query?: z.ZodType;
  /** Success answers: status → the contract schema of the body (null: no JSON body). */
  ok: Record<number, z.ZodType | null>;
}

/**
 * The contract of every route: what it takes and what it answers, named by the schemas of
 * libs/contracts. The document must say exactly this (after zod's own JSON Schema conversion).
 */
const CONTRACT: Record<string, Expected> = {
  'GET /api/health': { ok: { 200: healthSchema } },
  [`POST ${P}/auth/login`]: { body: loginRequestSchema, ok: { 200: loginResponseSchema } },
  [`POST ${P}/auth/refresh`]: { ok: { 200: loginResponseSchema } },
  [`POST ${P}/auth/logout`]: { ok: { 204: null } },
  [`GET ${P}/me`]: { ok: { 200: meResponseSchema } },
  [`POST ${P}/users`]: { body: createUserRequestSchema, ok: { 201: userSchema } },
  [`PATCH ${P}/users/{userId}`]: { body: updateUserRequestSchema, ok: { 200: userSchema } },
  [`POST ${P}/operations`]: { body: createOperationRequestSchema, ok: { 201: operationSchema } },
  [`GET ${P}/operations`]: { query: pageQuerySchema, ok: { 200: pageOf(operationSchema) } },
  [`GET ${P}/operations/{id}`]: { ok: { 200: operationSchema } },
  [`PATCH ${P}/operations/{id}`]: { body: updateOperationRequestSchema, ok: { 200: operationSchema } },
  [`POST ${P}/operations/{id}/transitions`]: { body: transitionRequestSchema, ok: { 200: operationSchema } },
  [`GET ${P}/operations/{id}/members`]: { ok: { 200: listOf(memberSchema) } },
  [`POST ${P}/operations/{id}/members`]: { body: addMemberRequestSchema, ok: { 201: memberSchema } },
  [`DELETE ${P}/operations/{id}/members/{userId}`]: { ok: { 204: null } },
  [`GET ${P}/operations/{id}/teams`]: { ok: { 200: listOf(teamSchema) } },
  [`POST ${P}/operations/{id}/teams`]: { body: createTeamRequestSchema, ok: { 201: teamSchema } },
  [`POST ${P}/operations/{id}/api-keys`]: { body: createApiKeyRequestSchema, ok: { 201: createdApiKeySchema } },
  [`GET ${P}/operations/{id}/api-keys`]: { ok: { 200: listOf(apiKeySchema) } },
  [`DELETE ${P}/operations/{id}/api-keys/{keyId}`]: { ok: { 204: null } },
  [`POST ${P}/operations/{id}/targets/import`]: { query: importQuerySchema, ok: { 200: importResultSchema, 201: importResultSchema } },
  [`POST ${P}/operations/{id}/targets/from-identifier`]: { body: snowballRequestSchema, ok: { 200: snowballResponseSchema, 201: snowballResponseSchema } },
  [`GET ${P}/operations/{id}/targets/export.csv`]: { ok: { 200: null } },
  [`POST ${P}/operations/{id}/assignments/auto`]: { body: autoAssignRequestSchema, ok: { 200: autoAssignResponseSchema } },
  [`POST ${P}/operations/{id}/targets`]: { body: createTargetRequestSchema, ok: { 201: targetSchema } },
  [`GET ${P}/operations/{id}/targets`]: { query: listTargetsQuerySchema, ok: { 200: pageOf(targetSchema) } },
  [`POST ${P}/operations/{id}/assignments`]: { body: assignmentRequestSchema, ok: { 200: assignmentResponseSchema } },
  [`PATCH ${P}/targets/{targetId}`]: { body: updateTargetRequestSchema, ok: { 200: targetSchema } },
  [`POST ${P}/operations/{id}/findings`]: { body: createFindingRequestSchema, ok: { 200: findingSchema, 201: findingSchema } },
  [`POST ${P}/operations/{id}/findings/batch`]: { body: findingsBatchRequestSchema, ok: { 200: findingsBatchResponseSchema } },
  [`GET ${P}/operations/{id}/findings`]: { query: listFindingsQuerySchema, ok: { 200: pageOf(findingSchema) } },
  [`GET ${P}/findings/{findingId}`]: { ok: { 200: findingSchema } },
  [`PATCH ${P}/findings/{findingId}`]: { body: reviewFindingRequestSchema, ok: { 200: findingSchema } },
  [`GET ${P}/operations/{id}/indicators`]: { ok: { 200: listOf(indicatorSchema) } },
  [`POST ${P}/operations/{id}/indicators`]: { body: createIndicatorRequestSchema, ok: { 201: indicatorSchema } },
  [`GET ${P}/operations/{id}/matches`]: { query: listMatchesQuerySchema, ok: { 200: pageOf(matchSchema) } },
  [`GET ${P}/operations/{id}/events`]: { query: eventsQuerySchema, ok: { 200: eventsResponseSchema } },
  [`GET ${P}/operations/{id}/tallies`]: { ok: { 200: talliesSchema } },
  [`GET ${P}/operations/{id}/audit.jsonl`]: { ok: { 200: null } },
  [`POST ${P}/operations/{id}/audit/verify`]: { ok: { 200: auditVerificationSchema } },
  [`POST ${P}/operations/{id}/publications`]: { body: createPublicationRequestSchema, ok: { 201: publicationSchema } },
  [`GET ${P}/operations/{id}/publications`]: { ok: { 200: listOf(publicationSchema) } },
  [`GET ${P}/public/publications/{file}`]: { ok: { 200: publicationSchema } },
  [`GET ${P}/operations/{id}/exports/findings.csv`]: { ok: { 200: null } },
  [`GET ${P}/operations/{id}/exports/findings.json`]: { ok: { 200: null } },
  [`GET ${P}/operations/{id}/exports/targets.csv`]: { ok: { 200: null } },
  [`GET ${P}/operations/{id}/exports/targets.json`]: { ok: { 200: null } },
  [`GET ${P}/operations/{id}/exports/report.pdf`]: { ok: { 200: null } },
  [`GET ${P}/operations/{id}/exports/misp.json`]: { ok: { 200: null } },
  [`GET ${P}/operations/{id}/exports/stix.json`]: { ok: { 200: null } },
  // Any other name: a 404 that lists the files there are.
  [`GET ${P}/operations/{id}/exports/{file}`]: { ok: {} },
};

/** Routes that are served but are not the API: the documentation itself, and the scraper's metrics. */
const NOT_API = (route: string) => route.startsWith('GET /api/docs') || route === 'GET /metrics';

type Json = Record<string, unknown>;
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
}

/** zod's JSON Schema of a contract, as @nestjs/swagger asks for it, with every $ref resolved. */
function expected(schema: z.ZodType, io: 'input' | 'output'): unknown {
  const standard = schema['~standard'] as unknown as { jsonSchema: Record<typeof io, (o: { target: string }) => Json> };
  const converted = standard.jsonSchema[io]({ target: 'openapi-3.0' });
  // Named contracts (`.meta({ id })`) come as definitions the schema refers to.
  const defs = (converted.$defs ?? converted.definitions ?? {}) as Record<string, Json>;
  const { $defs: _d, definitions: _e, $schema: _s, ...rest } = converted;
  return normalize(rest, (ref) => defs[ref.replace(/^#\/(\$defs|definitions)\//, '')]);
}

/** The document's schema with its $refs to components resolved. */
function actual(schema: unknown, doc: Document): unknown {
  return normalize(schema, (ref) => doc.components.schemas[ref.replace('#/components/schemas/', '')]);
}

/** Resolves $refs, and writes `const` as the one-value `enum` OpenAPI 3.0 knows, as the document does. */
function normalize(value: unknown, resolve: (ref: string) => unknown, depth = 0): unknown {
  if (depth > 50) throw new Error('a schema refers to itself');
  if (Array.isArray(value)) return value.map((v) => normalize(v, resolve, depth + 1));
  if (!value || typeof value !== 'object') return value;
  const { $ref, const: constant, ...rest } = value as Json;
  if (typeof $ref === 'string') return normalize({ ...(resolve($ref) as Json), ...rest }, resolve, depth + 1);
  const out: Json = {};
  for (const [k, v] of Object.entries(rest)) out[k] = normalize(v, resolve, depth + 1);
  if (constant !== undefined) out.enum = [constant];
  if (Array.isArray(out.examples) && out.example === undefined) {
    out.example = out.examples[0];
    delete out.examples;
  }
  return out;
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;
  let documented: string[];

  beforeAll(async () => {
    t = await TestApp.start();
    const res = await fetch(t.baseUrl + apiPaths.openApiDocument);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Document;
    documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
  });
  afterAll(() => t.close());

  it('documents every registered route of the API, and nothing else', () => {
    const registered = registeredRoutes(t.app)
      .filter((r) => !NOT_API(r))
      .map((r) => r.replace(/:(\w+)/g, '{$1}'))
      .sort();
    expect(doc.openapi).toMatch(/^3\./);
    expect(documented.sort()).toEqual(registered);
    expect(Object.keys(CONTRACT).sort()).toEqual(registered);
    // The scraper's route and the document's own routes are not part of it.
    expect(JSON.stringify(doc.paths)).not.toMatch(/metrics|api\/docs/);
  });

  it('gives each route the schemas of its contract: parameters, body and answers', () => {
    const mismatches: string[] = [];
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${what}:\n  document: ${JSON.stringify(a)?.slice(0, 300)}\n  contract: ${JSON.stringify(b)?.slice(0, 300)}`);
    };
    for (const [route, want] of Object.entries(CONTRACT)) {
      const [method, path] = route.split(' ');
      const operation = doc.paths[path]?.[method.toLowerCase()] as
        | { requestBody?: { content: Record<string, { schema: unknown }> }; parameters?: { in: string; name: string; required: boolean; schema: unknown }[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
        | undefined;
      if (!operation) {
        mismatches.push(`${route}: not in the document`);
        continue;
      }
      same(`${route} body`, operation.requestBody?.content['application/json'] ? actual(operation.requestBody.content['application/json'].schema, doc) : undefined, want.body ? expected(want.body, 'input') : undefined);
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
      if (want.query) {
        const schema = expected(want.query, 'input') as { properties: Record<string, unknown>; required?: string[] };
        same(
          `${route} query`,
          Object.fromEntries(query.map((p) => [p.name, { required: p.required, schema: actual(p.schema, doc) }])),
          Object.fromEntries(Object.entries(schema.properties).map(([name, s]) => [name, { required: (schema.required ?? []).includes(name), schema: s }])),
        );
      } else {
        same(`${route} query`, query.map((p) => p.name), []);
      }
      for (const [status, schema] of Object.entries(want.ok)) {
        const json = operation.responses[status]?.content?.['application/json'];
        if (!operation.responses[status]) mismatches.push(`${route}: no ${status} answer`);
        else if (schema) same(`${route} ${status}`, json ? actual(json.schema, doc) : undefined, expected(schema, 'output'));
      }
      const successes = Object.keys(operation.responses).filter((s) => Number(s) < 400);
      same(`${route} success statuses`, successes.sort(), Object.keys(want.ok).sort());
    }
    expect(mismatches).toEqual([]);
  });

  it('says who may call each route, and gives every error the one error shape', () => {
    expect(actual(doc.components.schemas.ErrorBody, doc)).toEqual(expected(errorBodySchema, 'output'));
    for (const route of documented) {
      const [method, path] = route.split(' ');
      const operation = doc.paths[path][method.toLowerCase()] as { 'x-actionday-access'?: Json; security?: unknown[]; description?: string; responses: Record<string, { content?: Json }> };
      const access = operation['x-actionday-access'];
      expect({ route, access: !!access }).toEqual({ route, access: true });
      expect(operation.description).toContain('Who may call it');
      const isPublic = !!access && 'public' in access;
      // Public routes need no token; every other one is the bearer token's, and answers 401 without it.
      expect({ route, security: operation.security ?? 'bearer' }).toEqual({ route, security: isPublic ? [] : 'bearer' });
      if (!isPublic) expect({ route, has401: !!operation.responses['401'] }).toEqual({ route, has401: true });
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) expect({ route, status, content: response.content }).toEqual({ route, status, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } });
      }
    }
    const roles = (route: string) => (doc.paths[route.split(' ')[1]][route.split(' ')[0].toLowerCase()] as { 'x-actionday-access': { roles?: string[] } })['x-actionday-access'].roles;
    expect(roles(`POST ${P}/operations/{id}/findings`)).toEqual(['officer', 'coordinator', 'organizer']);
    expect(roles(`GET ${P}/operations/{id}/audit.jsonl`)).toEqual(['organizer']);
    expect(roles(`PATCH ${P}/findings/{findingId}`)).toEqual(['coordinator', 'organizer']);
    expect(roles(`POST ${P}/operations/{id}/api-keys`)).toEqual(['coordinator', 'organizer']);
  });

  it('is shown by a Swagger UI served from this server alone, allowed by its content security policy', async () => {
    const page = await fetch(t.baseUrl + apiPaths.apiDocs);
    expect(page.status).toBe(200);
    const html = await page.text();
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    // Nothing from a CDN: every script and style sheet is a relative URL on this server.
    const urls = [...html.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    expect(urls.filter((u) => /^(https?:)?\/\//.test(u))).toEqual([]);
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script: script-src 'self' would block it
    for (const url of urls) {
      const asset = await fetch(new URL(url, `${t.baseUrl}${apiPaths.apiDocs}/`));
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
    }
    const init = await (await fetch(`${t.baseUrl}${apiPaths.apiDocs}/swagger-ui-init.js`)).text();
    expect(init).toContain('"openapi"');
    expect(init).toMatch(/"validatorUrl":\s*"none"/);
    // The rest of swagger-ui-dist is not published: its package.json, maps, stock pages.
    for (const other of ['package.json', 'swagger-ui-bundle.js.map', 'swagger-initializer.js', 'oauth2-redirect.html', 'docs/index.html', 'README.md', '..%2fpackage.json']) {
      const res = await fetch(`${t.baseUrl}${apiPaths.apiDocs}/${other}`);
      expect({ other, status: res.status }).toEqual({ other, status: 404 });
    }
    // Developers' reading, not worth compressing for every anonymous caller.
    const bundle = await fetch(`${t.baseUrl}${apiPaths.apiDocs}/swagger-ui-bundle.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect({ status: bundle.status, encoding: bundle.headers.get('content-encoding') }).toEqual({ status: 200, encoding: null });
    expect(init).not.toMatch(/petstore|validator\.swagger\.io|https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
  });

  it('is written to a file by npm run openapi, without a database, the same as the one served', async () => {
    await ensureApiBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      const out = join(dir, 'openapi.json');
      const { stdout } = await run(process.execPath, ['dist/apps/api/openapi.js', '--out', out], {
        env: { PATH: process.env.PATH, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
        timeout: 60_000,
      });
      expect(stdout).toMatch(new RegExp(`^openapi: ${documented.length} operations on ${Object.keys(doc.paths).length} paths written to `));
      expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(doc);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
