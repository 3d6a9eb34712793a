import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  createUserRequestSchema,
  loginRequestSchema,
  loginResponseSchema,
  meResponseSchema,
  userSchema,
  REFRESH_COOKIE,
  REFRESH_COOKIE_PATH,
  type CreateUserRequest,
  type LoginRequest,
  type LoginResponse,
  type MeResponse,
  type User,
} from '@actionday/contracts';
import type { Request, Response } from 'express';
import { notFound } from '../common/errors';
import { CallableBy, contract, Fails, Returns, ReturnsNothing } from '../openapi/api-doc.decorators';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { type AuthUser, CurrentUser, Public } from './auth.decorators';
import { AuthService, SignInThrottled } from './auth.service';
import type { IssuedTokens } from './tokens.service';
import { toUserDto, UsersService } from './users.service';

@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @Returns(loginResponseSchema, 200, `Signed in: an access token in the body, the refresh token in the httpOnly cookie ${REFRESH_COOKIE}.`)
  @Fails(401, 'Wrong e-mail or password, or a disabled account (the same answer for each).')
  @Fails(429, 'Too many failed attempts from this address or for this account: wait `Retry-After` seconds.')
  async login(@Body(contract(loginRequestSchema)) body: LoginRequest, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    try {
      const result = await this.auth.login(body, req.ip);
      this.setRefreshCookie(req, res, result.tokens);
      return result.body;
    } catch (e) {
      if (e instanceof SignInThrottled) res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @Returns(loginResponseSchema, 200, 'A new access token; the refresh cookie is rotated.')
  @Fails(401, 'No refresh cookie, or one that expired, was revoked or was already used.')
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    const result = await this.auth.refresh(readCookie(req));
    this.setRefreshCookie(req, res, result.tokens);
    return result.body;
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ReturnsNothing('Signed out: the session ends on every connection, its open pages are told.')
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(readCookie(req));
    res.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }

  @Get('me')
  @CallableBy({ signedIn: true })
  @Returns(meResponseSchema)
  async me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    const me = await this.users.me(user.id);
    if (!me) throw notFound('account');
    return me;
  }

  @Post('users')
  @CallableBy({ admin: true })
  @Returns(userSchema, 201)
  @Fails(409, 'An account with this e-mail exists.')
  async createUser(@CurrentUser() user: AuthUser, @Body(contract(createUserRequestSchema)) body: CreateUserRequest): Promise<User> {
    const actor = await this.users.findById(user.id);
    if (!actor?.isAdmin) throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'only an administrator can create accounts' });
    return toUserDto(await this.users.create(body));
  }

  private setRefreshCookie(req: Request, res: Response, tokens: IssuedTokens): void {
    const secure = this.config.cookieSecure === 'auto' ? req.secure : this.config.cookieSecure;
    res.cookie(REFRESH_COOKIE, tokens.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: REFRESH_COOKIE_PATH,
      expires: tokens.refreshExpiresAt,
    });
  }
}

function readCookie(req: Request): string | undefined {
  const value = (req.cookies as Record<string, string> | undefined)?.[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length < 200 ? value : undefined;
}
