import { HttpException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { LoginRequest, LoginResponse } from '@actionday/contracts';
import { LoginThrottle, LoginThrottled } from './login-throttle';
import { waitText } from './login-throttle-policy';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { type IssuedTokens, TokensService } from './tokens.service';
import { toUserDto, UsersService } from './users.service';

const badCredentials = () =>
  new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'wrong e-mail or password' });

/** A sign-in refused by the throttle: 429, and when to try again (the controller sets Retry-After). */
export class SignInThrottled extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        statusCode: 429,
        error: 'Too Many Requests',
        message: `too many failed sign-ins; try again in ${waitText(retryAfterSeconds)}`,
        retryAfterSeconds,
      },
      429,
    );
  }
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** `clientAddress`: the caller's address as Express sees it (`req.ip`, which honours TRUST_PROXY). */
  async login(input: LoginRequest, clientAddress: string | undefined): Promise<{ body: LoginResponse; tokens: IssuedTokens }> {
    const email = input.email.toLowerCase();
    // Before the password is checked, and the same for addresses with and without an account:
    // refused (429) while a key that applies is waiting, otherwise counted as a failure until the
    // password proves right.
    let attempt;
    try {
      attempt = await this.throttle.begin(email, clientAddress);
    } catch (e) {
      if (e instanceof LoginThrottled) throw new SignInThrottled(e.retryAfterSeconds);
      throw e;
    }
    const user = await this.users.findForLogin(email);
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, input.password);
    if (!user || !ok || user.disabledAt) throw badCredentials();
    await this.throttle.succeeded(attempt);
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
