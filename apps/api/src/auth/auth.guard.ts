import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { idSchema, type Role } from '@actionday/contracts';
import { notFound } from '../common/errors';
import { AccessService } from './access.service';
import { type AuthedRequest, IS_PUBLIC, MIN_ROLE } from './auth.decorators';
import { TokensService } from './tokens.service';

/** Global: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly access: AccessService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    const user = token ? await this.tokens.verifyAccessToken(token) : null;
    if (!user) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'sign in first (missing or expired access token)' });
    req.user = user;

    const min = this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, targets);
    if (min) {
      const operationId = req.params.id;
      if (typeof operationId !== 'string' || !idSchema.safeParse(operationId).success) throw notFound('operation');
      req.access = await this.access.require(user.id, operationId, min);
    }
    return true;
  }
}
