import { Injectable } from '@nestjs/common';
import type { AuditEntry, AuditVerification } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { AuditChainVerifier } from './audit-chain';

interface AuditRow {
  operation_id: string;
  seq: string;
  at: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details_sha256: string | null;
  prev_hash: string;
  hash: string;
  details: string | null;
}

const PAGE = 2000;

/** Reads the audit log. Appending happens in the journal (JournalService), chaining in the database. */
@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  /** Every entry in seq order, a page at a time, so that a long log never sits in memory whole. */
  async *entries(operationId: string): AsyncGenerator<AuditEntry[]> {
    let after = 0;
    for (;;) {
      const rows: AuditRow[] = await this.ds.query(
        // audit_time() formats the time exactly as it was hashed.
        `SELECT operation_id, seq, audit_time(at) AS at, actor_id, action, entity_type, entity_id, details_sha256, prev_hash, hash, details
           FROM audit_log WHERE operation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [operationId, after, PAGE],
      );
      if (rows.length === 0) return;
      yield rows.map(toEntry);
      if (rows.length < PAGE) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  async verify(operationId: string): Promise<AuditVerification> {
    const verifier = new AuditChainVerifier();
    for await (const page of this.entries(operationId)) {
      if (!verifier.add(page)) break;
    }
    return verifier.result();
  }
}

const toEntry = (r: AuditRow): AuditEntry => ({
  operationId: r.operation_id,
  seq: Number(r.seq),
  at: r.at,
  actorId: r.actor_id,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  detailsSha256: r.details_sha256,
  prevHash: r.prev_hash,
  hash: r.hash,
  details: r.details,
});
