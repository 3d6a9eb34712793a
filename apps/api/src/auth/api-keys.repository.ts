import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../database/queryable';

/** A row of `api_keys`, without its hash (nothing outside this file reads the hash). */
export interface ApiKeyRow {
  id: string;
  operation_id: string;
  team_id: string;
  user_id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

/** What authenticating a key needs: the key, whether it still works (by the database's clock) and its operation's state. */
export interface ApiKeyAuthRow {
  id: string;
  operation_id: string;
  team_id: string;
  user_id: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  expired: boolean;
  operation_status: string;
}

const COLUMNS = 'id, operation_id, team_id, user_id, name, prefix, created_by, created_at, last_used_at, expires_at, revoked_at';

/**
 * The auth domain's `api_keys` table, and the accounts the keys act as (rows of `users`, the
 * auth domain's too). A key is found by the SHA-256 of its secret, never by the secret.
 */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly ds: DataSource) {}

  /** The key's own account: disabled, no password (the marker is no hash: no password matches it), an address no mail reaches. */
  async insertKeyAccount(m: Queryable, keyId: string, displayName: string): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO users (email, display_name, password_hash, disabled_at) VALUES ($1, $2, '!api-key: signs in only with its key', now()) RETURNING id`,
      [`api-key-${keyId}@api-keys.invalid`, displayName],
    );
    return row.id;
  }

  async insertKey(
    m: Queryable,
    key: { id: string; operationId: string; teamId: string; userId: string; name: string; prefix: string; secretSha256: Buffer; createdBy: string; expiresAt: Date | null },
  ): Promise<ApiKeyRow> {
    const [row]: ApiKeyRow[] = await m.query(
      `INSERT INTO api_keys (id, operation_id, team_id, user_id, name, prefix, secret_sha256, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [key.id, key.operationId, key.teamId, key.userId, key.name, key.prefix, key.secretSha256, key.createdBy, key.expiresAt],
    );
    return row;
  }

  /** The operation's keys, newest first. */
  list(operationId: string): Promise<ApiKeyRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM api_keys WHERE operation_id = $1 ORDER BY created_at DESC, id`, [operationId]);
  }

  /** The key of this operation, locked until the end of `m`'s transaction. */
  async lock(m: Queryable, operationId: string, keyId: string): Promise<ApiKeyRow | undefined> {
    const rows: ApiKeyRow[] = await m.query(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1 AND operation_id = $2 FOR UPDATE`, [keyId, operationId]);
    return rows[0];
  }

  async revoke(m: Queryable, keyId: string, by: string): Promise<ApiKeyRow> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows] = (await m.query(`UPDATE api_keys SET revoked_at = now(), revoked_by = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [keyId, by])) as [ApiKeyRow[], number];
    return rows[0];
  }

  async bySecret(secretSha256: Buffer): Promise<ApiKeyAuthRow | undefined> {
    const rows: ApiKeyAuthRow[] = await this.ds.query(
      `SELECT k.id, k.operation_id, k.team_id, k.user_id, k.expires_at, k.revoked_at,
              k.expires_at IS NOT NULL AND k.expires_at <= now() AS expired, o.status AS operation_status
         FROM api_keys k JOIN operations o ON o.id = k.operation_id
        WHERE k.secret_sha256 = $1`,
      [secretSha256],
    );
    return rows[0];
  }

  /** Records a use; a no-op when another request (of any instance) recorded one in the last minute. */
  async touch(keyId: string): Promise<void> {
    await this.ds.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [keyId]);
  }
}
