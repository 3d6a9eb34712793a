import { applyDecorators, type PipeTransform, SetMetadata } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtension, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { ROLES, roleAtLeast, type Role } from '@actionday/contracts';
import type { z } from 'zod';
import { zod } from '../common/zod-pipe';

/**
 * What the OpenAPI document says about a route comes from the same zod contracts that validate
 * it: `contract(schema)` both validates a body or query (the platform's 400 with `details`) and
 * hands the schema to @nestjs/swagger, which turns it into JSON Schema with zod's own converter.
 */
export function contract<T extends z.ZodType>(schema: T): { schema: T; pipes: PipeTransform[] } {
  return { schema, pipes: [zod(schema)] };
}

/** The success answer of a route, described by its contract schema. */
export const Returns = (schema: z.ZodType, status = 200, description = statusText(status)) => ApiResponse({ status, standardSchema: schema, description });

/** A success without a body (204). */
export const ReturnsNothing = (description = 'Done; no body.') => ApiResponse({ status: 204, description });

/** A file download (streamed): its media type, not a JSON schema. */
export const ReturnsFile = (mediaType: string, description: string) =>
  applyDecorators(ApiProduces(mediaType), ApiResponse({ status: 200, description, content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } } }));

/** A body that is a file, not JSON (the CSV import reads it itself, once the guard has passed). */
export const FileBody = (mediaTypes: string[], description: string) =>
  applyDecorators(ApiConsumes(...mediaTypes), ApiBody({ required: true, description, schema: { type: 'string', format: 'binary' } }));

/**
 * A JSON body a route reads itself (it passes the app parser's limit, see create-app.ts),
 * described by its contract schema as `contract()` would describe it, named parts inlined.
 */
export function JsonBody(schema: z.ZodType, description: string) {
  const converted = (schema['~standard'] as unknown as { jsonSchema: { input: (o: { target: string }) => Record<string, unknown> } }).jsonSchema.input({ target: 'openapi-3.0' });
  const defs = (converted.$defs ?? converted.definitions ?? {}) as Record<string, unknown>;
  const { $defs: _d, definitions: _e, $schema: _s, ...rest } = converted;
  return applyDecorators(ApiConsumes('application/json'), ApiBody({ required: true, description, schema: inlineRefs(rest, defs) as Record<string, unknown> }));
}

function inlineRefs(value: unknown, defs: Record<string, unknown>, depth = 0): unknown {
  if (depth > 50) throw new Error('a schema refers to itself');
  if (Array.isArray(value)) return value.map((v) => inlineRefs(v, defs, depth + 1));
  if (!value || typeof value !== 'object') return value;
  const { $ref, ...rest } = value as Record<string, unknown>;
  const base = typeof $ref === 'string' ? (defs[$ref.replace(/^#\/(\$defs|definitions)\//, '')] as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...base, ...rest })) out[k] = inlineRefs(v, defs, depth + 1);
  return out;
}

/** An answer a client must be ready for besides the common ones (see openapi-document.ts). */
export const Fails = (status: number, description: string) => ApiResponse({ status, description });

/** Who may call a route, as the document's `x-actionday-access`; the guards enforce it. */
export const ACCESS_EXTENSION = 'x-actionday-access';
export type Callers =
  /** Anyone, without a token. */
  | { public: true }
  /** Any signed-in account. */
  | { signedIn: true; note?: string }
  /** Platform administrators. */
  | { admin: true }
  /** Members of the operation with at least this role; others get 404 (not a member) or 403. */
  | { roles: Role[]; note?: string };

/** The route's callers as metadata too: the auth guard lets an API key call only operation routes (`roles`). */
export const CALLERS = 'access:callers';

export const CallableBy = (callers: Callers) => applyDecorators(ApiExtension(ACCESS_EXTENSION, callers), SetMetadata(CALLERS, callers));

/** The roles from `role` up, as the document lists them. */
export const rolesFrom = (role: Role): Role[] => ROLES.filter((r) => roleAtLeast(r, role));

function statusText(status: number): string {
  return status === 201 ? 'Created.' : 'OK.';
}
