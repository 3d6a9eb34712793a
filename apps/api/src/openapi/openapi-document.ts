import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX, errorBodySchema, idSchema } from '@actionday/contracts';
import { z } from 'zod';
import { ACCESS_EXTENSION, type Callers } from './api-doc.decorators';

/** Where the document and its viewer are served (outside /api/v1: they describe it). */
export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = `${DOCS_PATH}/openapi.json`;

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The OpenAPI 3 document of API v1, built from the routes Nest registered and the zod contracts
 * their decorators name (see api-doc.decorators.ts). What no decorator can say per route is added
 * here once: the error answers every client must handle, all in the shape of `errorBodySchema`,
 * the bearer token, and who may call each route.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('actionday API')
    .setDescription(
      [
        'REST API of the action-day platform. Sign in with `POST /api/v1/auth/login`, then send `Authorization: Bearer <accessToken>`.',
        'Who may call a route is in `x-actionday-access` and in its description; an operation you are not a member of answers 404, as if it did not exist.',
        'An automated tool sends an API key instead (`Authorization: Bearer adk_...`, made by a coordinator with `POST /api/v1/operations/{id}/api-keys`): it acts as an officer of one team in one operation, on the routes open to members of an operation only.',
        'Every error has the same body (`ErrorBody`): `statusCode`, `error`, `message` and, for a 400, `details` naming each field.',
        'Live events travel over socket.io (namespace `/live`), described in the README.',
      ].join('\n\n'),
    )
    .setVersion(API_PREFIX.split('/').pop() ?? 'v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: errorSchema() } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) describeOperation(path, method, operation);
    }
  }
  return document;
}

function errorSchema() {
  return z.toJSONSchema(errorBodySchema, { target: 'openapi-3.0' }) as Record<string, unknown>;
}

/** Path parameters that are ids of the platform's records: the contract's id, a UUID. */
const ID_PARAMS = new Set(['id', 'userId', 'findingId', 'targetId', 'keyId']);
const idJsonSchema = () => z.toJSONSchema(idSchema, { target: 'openapi-3.0' }) as Record<string, unknown>;

const ERROR = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };

function describeOperation(path: string, method: (typeof METHODS)[number], operation: Operation): void {
  const callers = (operation as unknown as Record<string, unknown>)[ACCESS_EXTENSION] as Callers | undefined;
  const responses = operation.responses as Record<string, { description: string; content?: unknown }>;
  const add = (status: number, description: string) => {
    responses[status] ??= { description };
  };
  const parameters = (operation.parameters ?? []) as { in: string; name: string; schema?: Record<string, unknown> }[];
  // A malformed id names nothing, so it is a 404 like an unknown one, never a 400.
  if (operation.requestBody || parameters.some((p) => p.in !== 'path')) add(400, 'The request is malformed: `details` names each field.');
  for (const p of parameters) if (p.in === 'path' && ID_PARAMS.has(p.name)) p.schema = idJsonSchema();
  if (callers && !('public' in callers)) add(401, 'No valid access token.');
  if (callers && 'roles' in callers) add(403, 'A member whose role is too low for this route.');
  if (callers && 'admin' in callers) add(403, 'Not a platform administrator.');
  const writes = method !== 'get';
  if (writes && callers && 'roles' in callers) add(409, 'The operation is closed (or, for findings, not live), or the record changed meanwhile: the message says which.');
  if (path.includes('{')) add(404, 'Not found, or not visible to the caller (an operation of which they are not a member answers 404 too).');
  add(503, 'The database is unavailable (restarting, unreachable, or over DATABASE_STATEMENT_TIMEOUT); retry after `Retry-After` seconds when the header is sent.');
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400 && !response.content) response.content = ERROR;
  }
  if (callers) {
    const who = describeCallers(callers);
    operation.description = operation.description ? `${operation.description}\n\n${who}` : who;
    if ('public' in callers) operation.security = [];
  }
}

function describeCallers(callers: Callers): string {
  if ('public' in callers) return '**Who may call it**: anyone, without signing in.';
  if ('admin' in callers) return '**Who may call it**: platform administrators.';
  if ('signedIn' in callers) return `**Who may call it**: any signed-in account${callers.note ? `; ${callers.note}` : '.'}`;
  return `**Who may call it**: members of the operation with the role ${callers.roles.join(', ')}${callers.note ? `; ${callers.note}` : '.'}`;
}
