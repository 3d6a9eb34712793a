import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { idSchema, isApiKey, type Role } from '@actionday/contracts';
import type { Response } from 'express';
import { forbidden, notFound } from '../common/errors';
import { CALLERS, type Callers } from '../openapi/api-doc.decorators';
import { AccessService, assertRole } from './access.service';
import { ApiKeysService } from './api-keys.service';
import { type AuthedRequest, IS_PUBLIC, MIN_ROLE } from './auth.decorators';
import { TokensService } from './tokens.service';

const signIn = (message: string) => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message });

/**
 * Global: every route needs a valid access token of a live session unless marked @Public(), or,
 * on the routes of an operation, an API key of that operation.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly access: AccessService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    const min = this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, targets);
    if (token && isApiKey(token)) return this.withApiKey(ctx, req, token, min, this.reflector.getAllAndOverride<Callers | undefined>(CALLERS, targets));
    const user = token ? await this.tokens.verifyAccessToken(token) : null;
    if (!user) throw signIn('sign in first (missing or expired access token)');
    const param: unknown = min ? req.params.id : null;
    if (min && (typeof param !== 'string' || !idSchema.safeParse(param).success)) throw notFound('operation');
    const operationId = typeof param === 'string' ? param : null;
    // One round trip: the session is live and the account enabled (a logout or a disabled
    // account takes effect now, not when the token expires), and the membership, if asked.
    const { signedIn, access } = await this.access.check(user, operationId);
    if (!signedIn) throw signIn('this session has ended; sign in again');
    req.user = user;
    if (min) req.access = assertRole(access, min);
    return true;
  }

  /**
   * An API key is an officer of its team in its operation and nothing more: another operation
   * does not exist for it (404), a route above an officer answers 403 as it would to an officer,
   * and a route of a person rather than of an operation (the account, the administration, the
   * operations list and creation) is refused. Every request it authenticates is audited once
   * its answer went out, the refused ones too.
   */
  private async withApiKey(ctx: ExecutionContext, req: AuthedRequest, secret: string, min: Role | undefined, callers: Callers | undefined): Promise<boolean> {
    const key = await this.apiKeys.authenticate(secret);
    const res = ctx.switchToHttp().getResponse<Response>();
    res.once('close', () => {
      void this.apiKeys.recordUse(key, { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, complete: res.writableFinished });
    });
    if (!callers || !('roles' in callers)) {
      throw forbidden('an API key acts only as an officer within its operation; this route needs a person signed in');
    }
    req.user = { id: key.userId, isAdmin: false, sessionId: `api-key:${key.id}`, expiresAt: Math.floor((key.expiresAt?.getTime() ?? Number.MAX_SAFE_INTEGER) / 1000), apiKey: key };
    if (min) {
      if (req.params.id !== key.operationId) throw notFound('operation');
      req.access = assertRole({ operationId: key.operationId, role: 'officer', teamId: key.teamId }, min);
    }
    return true;
  }
}
