import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  createUserRequestSchema,
  loginRequestSchema,
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
import { zod } from '../common/zod-pipe';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { type AuthUser, CurrentUser, Public } from './auth.decorators';
import { AuthService } from './auth.service';
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
  async login(@Body(zod(loginRequestSchema)) body: LoginRequest, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    const result = await this.auth.login(body);
    this.setRefreshCookie(req, res, result.tokens);
    return result.body;
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    const result = await this.auth.refresh(readCookie(req));
    this.setRefreshCookie(req, res, result.tokens);
    return result.body;
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(readCookie(req));
    res.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }

  @Get('me')
  async me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    const me = await this.users.me(user.id);
    if (!me) throw notFound('account');
    return me;
  }

  @Post('users')
  async createUser(@CurrentUser() user: AuthUser, @Body(zod(createUserRequestSchema)) body: CreateUserRequest): Promise<User> {
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
