import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { API_KEY_PREFIX, API_KEY_PREFIX_CHARS, type ApiKey, type CreateApiKeyRequest, type CreatedApiKey } from '@actionday/contracts';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/errors';
import { JournalService } from '../journal/journal.service';
import { OperationRecordsService } from '../operations/operation-records.service';
import { ApiKeysRepository, type ApiKeyRow } from './api-keys.repository';
import type { ApiKeyIdentity, AuthUser, OperationAccess } from './auth.decorators';

/** `adk_` and 32 random bytes in base64url (43 characters). */
const SECRET_PATTERN = /^adk_[A-Za-z0-9_-]{43}$/;

/** How often at most a key's last_used_at is written, per key and instance (the statement also skips it when another instance wrote it). */
const TOUCH_EVERY_MS = 60_000;

const sha256 = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

const refused = (message: string) => new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message });

export const toApiKeyDto = (k: ApiKeyRow): ApiKey => ({
  id: k.id,
  operationId: k.operation_id,
  name: k.name,
  teamId: k.team_id,
  userId: k.user_id,
  prefix: k.prefix,
  createdBy: k.created_by,
  createdAt: k.created_at.toISOString(),
  lastUsedAt: k.last_used_at?.toISOString() ?? null,
  expiresAt: k.expires_at?.toISOString() ?? null,
  revokedAt: k.revoked_at?.toISOString() ?? null,
});

/** One request made with a key, as its audit entry records it. */
export interface ApiKeyUse {
  method: string;
  path: string;
  status: number;
  /** Whether the answer reached the client whole. */
  complete: boolean;
}

/**
 * Operation-scoped API keys for automated tools: made by a coordinator for one team, shown once,
 * kept as the SHA-256 of the secret, revocable, each use audited. A key acts as its own account
 * (made with it, disabled, without a password), which AccessService sees as an officer of the
 * key's team in the key's operation and a member of nothing else.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('api-keys');
  /** When this instance last wrote each key's last_used_at. */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly repo: ApiKeysRepository,
    private readonly journal: JournalService,
    private readonly records: OperationRecordsService,
    private readonly audit: AuditService,
  ) {}

  async create(user: AuthUser, access: OperationAccess, input: CreateApiKeyRequest): Promise<CreatedApiKey> {
    const secret = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const prefix = secret.slice(0, API_KEY_PREFIX.length + API_KEY_PREFIX_CHARS);
    const id = randomUUID();
    // A key may be made while the operation is planned (to set a tool up) or live, not once it is closed.
    return this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
      await this.records.requireTeam(access.operationId, input.teamId, tx.manager);
      const userId = await this.repo.insertKeyAccount(tx.manager, id, `${input.name} (API key ${prefix}…)`);
      const row = await this.repo.insertKey(tx.manager, {
        id,
        operationId: access.operationId,
        teamId: input.teamId,
        userId,
        name: input.name,
        prefix,
        secretSha256: sha256(secret),
        createdBy: user.id,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      });
      const key = toApiKeyDto(row);
      tx.audit({ action: 'api_key.create', entityType: 'api_key', entityId: id, details: { after: key } });
      return { key, secret };
    });
  }

  async list(access: OperationAccess): Promise<{ items: ApiKey[] }> {
    return { items: (await this.repo.list(access.operationId)).map(toApiKeyDto) };
  }

  /** Revokes the key at once (its next request answers 401); revoking a revoked key changes nothing. Allowed in every state of the operation. */
  async revoke(user: AuthUser, access: OperationAccess, keyId: string): Promise<void> {
    await this.journal.write(access.operationId, user.id, 'any', async (tx) => {
      const before = await this.repo.lock(tx.manager, access.operationId, keyId);
      if (!before) throw notFound('API key');
      if (before.revoked_at) return;
      const after = await this.repo.revoke(tx.manager, keyId, user.id);
      tx.audit({ action: 'api_key.revoke', entityType: 'api_key', entityId: keyId, details: { before: toApiKeyDto(before), after: toApiKeyDto(after) } });
    });
  }

  /** The key a bearer secret names, if it still works; otherwise a 401 saying why. */
  async authenticate(secret: string): Promise<ApiKeyIdentity> {
    if (!SECRET_PATTERN.test(secret)) throw refused('this API key is malformed: it is adk_ and 43 more characters, sent as "Authorization: Bearer adk_..."');
    const row = await this.repo.bySecret(sha256(secret));
    if (!row) throw refused('this API key is not valid (unknown, or mistyped)');
    const again = 'ask a coordinator of the operation for a new one';
    if (row.revoked_at) {
      this.logger.warn(`revoked API key ${row.id} was presented`);
      throw refused(`this API key was revoked at ${row.revoked_at.toISOString()}; ${again}`);
    }
    if (row.expired && row.expires_at) throw refused(`this API key expired at ${row.expires_at.toISOString()}; ${again}`);
    if (row.operation_status === 'closed') throw refused('the operation of this API key is closed, and its API keys with it');
    await this.touch(row.id);
    return { id: row.id, operationId: row.operation_id, teamId: row.team_id, userId: row.user_id, expiresAt: row.expires_at };
  }

  /**
   * One audit entry per request made with a key, in the key's operation (also when the request
   * aimed at another operation, or was refused): who (the key's account), which key, what, and
   * the answer. Appended after the response, as the audited reads are; a failure is logged.
   */
  async recordUse(key: ApiKeyIdentity, use: ApiKeyUse): Promise<void> {
    try {
      await this.audit.recordRead(key.operationId, key.userId, 'api_key.use', { key: key.id, ...use }, { type: 'api_key', id: key.id });
    } catch (e) {
      this.logger.error(`could not record a use of API key ${key.id} (${use.method} ${use.path} -> ${use.status}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async touch(keyId: string): Promise<void> {
    const now = Date.now();
    const last = this.touched.get(keyId);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    this.touched.set(keyId, now);
    if (this.touched.size > 10_000) {
      for (const [id, at] of this.touched) if (now - at >= TOUCH_EVERY_MS) this.touched.delete(id);
    }
    await this.repo.touch(keyId);
  }
}
