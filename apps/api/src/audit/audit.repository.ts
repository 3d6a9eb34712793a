import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../common/canonical-json';
import type { Queryable } from '../database/queryable';

export interface AuditRow {
  operation_id: string;
  seq: string;
  at: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details_sha256: string | null;
  hash_version: number;
  prev_hash: string;
  hash: string;
  details: string | null;
}

/**
 * The audit domain's table: `audit_log`, append-only, numbered and hash-chained by its trigger.
 * Every write's entries are appended by the journal in its write statement (JournalRepository,
 * one round trip per write); reads of personal data are appended here. The close head lives on
 * the operation's snapshot, where a trigger recorded it: the reads of it join that row.
 *
 * `db`: a data source, or a transaction that has not committed yet (an archive being imported is
 * checked before it is kept).
 */
@Injectable()
export class AuditRepository {
  constructor(@Inject(DataSource) private readonly db: Queryable) {}

  /** Up to `limit` entries after `after`, in seq order. */
  page(operationId: string, after: number, limit: number): Promise<AuditRow[]> {
    return this.db.query(
      // audit_time() formats the time exactly as it was hashed.
      `SELECT operation_id, seq, audit_time(at) AS at, actor_id, action, entity_type, entity_id, details_sha256, hash_version, prev_hash, hash, details
         FROM audit_log WHERE operation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [operationId, after, limit],
    );
  }

  /** A read of personal data, as its own statement. */
  async appendRead(operationId: string, actorId: string, action: string, details: Record<string, unknown>, entity = { type: 'read', id: null as string | null }): Promise<void> {
    await this.db.query(`INSERT INTO audit_log (operation_id, actor_id, action, entity_type, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)`, [
      operationId,
      actorId,
      action,
      entity.type,
      entity.id,
      canonicalJson(details),
    ]);
  }

  /** Whether the operation was purged, and the head its close recorded. */
  async chainContext(operationId: string): Promise<{ purged: boolean; audit_seq: string | null; audit_hash: string | null } | undefined> {
    const rows: { purged: boolean; audit_seq: string | null; audit_hash: string | null }[] = await this.db.query(
      `SELECT o.purged_at IS NOT NULL AS purged, s.audit_seq, s.audit_hash
       FROM operations o LEFT JOIN operation_snapshots s ON s.operation_id = o.id WHERE o.id = $1`,
      [operationId],
    );
    return rows[0];
  }

  /** The last entry's seq and hash (null when there is none), and the head the close recorded. */
  async heads(operationId: string): Promise<{ seq: string | null; hash: string | null; audit_seq: string | null; audit_hash: string | null } | undefined> {
    const rows: { seq: string | null; hash: string | null; audit_seq: string | null; audit_hash: string | null }[] = await this.db.query(
      `SELECT a.seq, a.hash, s.audit_seq, s.audit_hash
       FROM (SELECT $1::uuid AS id) AS o
       LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log WHERE operation_id = o.id ORDER BY seq DESC LIMIT 1) AS a ON true
       LEFT JOIN operation_snapshots s ON s.operation_id = o.id`,
      [operationId],
    );
    return rows[0];
  }

  /** Retention: erases the before/after details (allowed by the trigger only once the operation is marked purged); the number of entries. */
  async eraseDetails(m: Queryable, operationId: string): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = (await m.query('UPDATE audit_log SET details = NULL WHERE operation_id = $1 AND details IS NOT NULL', [operationId])) as [
      unknown,
      number,
    ];
    return affected;
  }
}
