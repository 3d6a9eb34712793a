import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { AuthUser } from './auth.decorators';

interface AccessClaims {
  sub: string;
  adm?: boolean;
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
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verifyAccessToken(token: string): Promise<AuthUser | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
      return typeof claims.sub === 'string' ? { id: claims.sub, isAdmin: claims.adm === true } : null;
    } catch {
      return null;
    }
  }

  async issue(user: { id: string; isAdmin: boolean }, familyId: string = randomUUID()): Promise<IssuedTokens> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, adm: user.isAdmin } satisfies AccessClaims, {
      expiresIn: this.config.accessTokenTtl,
      algorithm: 'HS256',
    });
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(Date.now() + this.config.refreshTokenTtl * 1000);
    await this.ds.query('INSERT INTO sessions (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)', [
      user.id,
      familyId,
      sha256(refreshToken),
      refreshExpiresAt,
    ]);
    return { accessToken, expiresIn: this.config.accessTokenTtl, refreshToken, refreshExpiresAt };
  }

  /** Returns the user of a valid refresh token and retires the token; null if it cannot be used. */
  async rotate(refreshToken: string): Promise<{ userId: string; familyId: string } | null> {
    return this.ds.transaction(async (m) => {
      const rows: { id: string; user_id: string; family_id: string; expires_at: Date; rotated_at: Date | null; revoked_at: Date | null }[] =
        await m.query('SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at FROM sessions WHERE token_hash = $1 FOR UPDATE', [
          sha256(refreshToken),
        ]);
      const s = rows[0];
      if (!s || s.revoked_at || s.expires_at.getTime() <= Date.now()) return null;
      if (s.rotated_at) {
        await m.query('UPDATE sessions SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [s.family_id]);
        return null;
      }
      await m.query('UPDATE sessions SET rotated_at = now() WHERE id = $1', [s.id]);
      return { userId: s.user_id, familyId: s.family_id };
    });
  }

  async revokeFamilyOf(refreshToken: string): Promise<void> {
    await this.ds.query(
      `UPDATE sessions SET revoked_at = now()
        WHERE family_id = (SELECT family_id FROM sessions WHERE token_hash = $1) AND revoked_at IS NULL`,
      [sha256(refreshToken)],
    );
  }
}
