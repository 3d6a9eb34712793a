import { HttpException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { LoginRequest, LoginResponse } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { type IssuedTokens, TokensService } from './tokens.service';
import { toUserDto, UsersService } from './users.service';

/** Failed logins per e-mail address within the window before further attempts get 429. */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MINUTES = 15;

const badCredentials = () =>
  new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'wrong e-mail or password' });

@Injectable()
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
  ) {}

  async login(input: LoginRequest): Promise<{ body: LoginResponse; tokens: IssuedTokens }> {
    const email = input.email.toLowerCase();
    // Counted in PostgreSQL, not in memory, so the limit holds across API instances.
    const [{ failures }]: { failures: number }[] = await this.ds.query(
      `SELECT count(*)::int AS failures FROM login_failures WHERE email = $1 AND at > now() - make_interval(mins => $2)`,
      [email, FAILURE_WINDOW_MINUTES],
    );
    if (failures >= MAX_FAILURES) {
      throw new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: `too many failed sign-ins; try again in ${FAILURE_WINDOW_MINUTES} minutes` },
        429,
      );
    }
    const user = await this.users.findForLogin(email);
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, input.password);
    if (!user || !ok || user.disabledAt) {
      await this.ds.query('INSERT INTO login_failures (email) VALUES ($1)', [email]);
      throw badCredentials();
    }
    await this.ds.query('DELETE FROM login_failures WHERE email = $1', [email]);
    const tokens = await this.tokens.issue(user);
    return { body: { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, user: toUserDto(user) }, tokens };
  }

  async refresh(refreshToken: string | undefined): Promise<{ body: LoginResponse; tokens: IssuedTokens }> {
    const rotated = refreshToken ? await this.tokens.rotate(refreshToken) : null;
    const user = rotated ? await this.users.findById(rotated.userId) : null;
    if (!rotated || !user || user.disabledAt) {
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'session expired; sign in again' });
    }
    const tokens = await this.tokens.issue(user, rotated.familyId);
    return { body: { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, user: toUserDto(user) }, tokens };
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await this.tokens.revokeFamilyOf(refreshToken);
  }
}
