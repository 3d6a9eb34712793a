import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LivePublisher } from '../live/live.publisher';
import type { AuthUser } from './auth.decorators';
import { AuthRepository } from './auth.repository';

interface AccessClaims {
  sub: string;
  adm?: boolean;
  /** Session: the refresh-token family this token was issued in. */
  sid: string;
  exp?: number;
}

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest();

/**
 * Short-lived stateless access tokens (JWT, HS256) and rotating refresh tokens. Only a refresh
 * token's hash is stored; presenting a refresh token that was already rotated means it was stolen
 * or replayed, and the whole family is revoked.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly repo: AuthRepository,
    private readonly publisher: LivePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The signature and expiry of an access token; whether its session is still live and its
   * account enabled is asked of the database by the caller (AccessService), on every request.
   */
  async verifyAccessToken(token: string): Promise<AuthUser | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') return null;
      return { id: claims.sub, isAdmin: claims.adm === true, sessionId: claims.sid, expiresAt: claims.exp };
    } catch {
      return null;
    }
  }

  async issue(user: { id: string; isAdmin: boolean }, familyId: string = randomUUID()): Promise<IssuedTokens> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, adm: user.isAdmin, sid: familyId } satisfies AccessClaims, {
      expiresIn: this.config.accessTokenTtl,
      algorithm: 'HS256',
    });
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(Date.now() + this.config.refreshTokenTtl * 1000);
    await this.repo.insertSession(user.id, familyId, sha256(refreshToken), refreshExpiresAt);
    return { accessToken, expiresIn: this.config.accessTokenTtl, refreshToken, refreshExpiresAt };
  }

  /** Returns the user of a valid refresh token and retires the token; null if it cannot be used. */
  async rotate(refreshToken: string): Promise<{ userId: string; familyId: string } | null> {
    // A rotated token presented again was stolen or replayed: the whole session ends, and its
    // open sockets with it (after COMMIT).
    let revoked: string | null = null;
    const result = await this.repo.transaction(async (m) => {
      const s = await this.repo.lockSessionByToken(m, sha256(refreshToken));
      if (!s || s.revoked_at || s.expires_at.getTime() <= Date.now()) return null;
      if (s.rotated_at) {
        await this.repo.revokeFamily(m, s.family_id);
        revoked = s.family_id;
        return null;
      }
      await this.repo.markRotated(m, s.id);
      return { userId: s.user_id, familyId: s.family_id };
    });
    if (revoked) this.publisher.sessionEnded(revoked);
    return result;
  }

  /** Logout: the session ends for its refresh token, its access tokens and its open sockets. */
  async revokeFamilyOf(refreshToken: string): Promise<void> {
    const familyId = await this.repo.revokeFamilyOfToken(sha256(refreshToken));
    if (familyId) this.publisher.sessionEnded(familyId);
  }

  /** An account disabled: every session ends. */
  async revokeAllOf(userId: string): Promise<void> {
    await this.repo.revokeSessionsOf(userId);
    this.publisher.userDisabled(userId);
  }
}
