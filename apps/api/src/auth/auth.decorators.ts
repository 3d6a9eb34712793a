import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@actionday/contracts';
import type { Request } from 'express';
import { CallableBy, rolesFrom } from '../openapi/api-doc.decorators';

export interface AuthUser {
  id: string;
  isAdmin: boolean;
  /** The refresh-token family the access token was issued in: a logout ends it, on every connection. */
  sessionId: string;
  /** When the access token expires (seconds since the epoch). */
  expiresAt: number;
  /** Set when the request was made with an API key: `id` is then the key's own account. */
  apiKey?: ApiKeyIdentity;
}

/** An API key that authenticated a request: an officer of `teamId` in `operationId`, acting as the account `userId`. */
export interface ApiKeyIdentity {
  id: string;
  operationId: string;
  teamId: string;
  userId: string;
  expiresAt: Date | null;
}

export interface OperationAccess {
  operationId: string;
  role: Role;
  teamId: string | null;
}

export type AuthedRequest = Request & { user?: AuthUser; access?: OperationAccess };

export const IS_PUBLIC = 'auth:public';
/** A route anyone may call without a token (login, refresh, health, the web app). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), CallableBy({ public: true }));

export const MIN_ROLE = 'auth:min-role';
/**
 * The least role in the operation named by the `:id` route parameter. Not a member: 404, as if
 * the operation did not exist. Member with a lower role: 403.
 */
export const RequireRole = (role: Role) => applyDecorators(SetMetadata(MIN_ROLE, role), CallableBy({ roles: rolesFrom(role) }));

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});

export const Access = createParamDecorator((_: unknown, ctx: ExecutionContext): OperationAccess => {
  const access = ctx.switchToHttp().getRequest<AuthedRequest>().access;
  if (!access) throw new Error('Access used on a route without RequireRole');
  return access;
});
