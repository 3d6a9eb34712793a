import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { AUDIT_GENESIS_HASH, type AuditEntry, type AuditHead, type AuditVerification } from '@actionday/contracts';
import type { Queryable } from '../database/queryable';
import type { OperationTx } from '../journal/operation-tx';
import { type AuditChainContext, AuditChainVerifier } from './audit-chain';
import { AuditRepository, type AuditRow } from './audit.repository';

const PAGE = 2000;

/**
 * Reads the audit log and records reads of personal data. Each write's entries are appended by
 * the journal (JournalService), chaining happens in the database.
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  private readonly pendingReads = new Set<Promise<unknown>>();

  constructor(private readonly repo: AuditRepository) {}

  /** Every entry in seq order, a page at a time, so that a long log never sits in memory whole. */
  entries(operationId: string): AsyncGenerator<AuditEntry[]> {
    return auditEntries(this.repo, operationId);
  }

  /**
   * A read of personal data (an export, the report, the audit file, restricted findings): who read
   * what and how many rows. Its own statement, outside any write: the audit_log trigger numbers
   * and chains it like every other entry. `entity`: what was used, when it is not a read of
   * records (an API key's use); by default the entry's entity type is `read`.
   */
  async recordRead(operationId: string, actorId: string, action: string, details: Record<string, unknown>, entity?: { type: string; id: string | null }): Promise<void> {
    const insert = this.repo.appendRead(operationId, actorId, action, details, entity);
    this.pendingReads.add(insert);
    try {
      await insert;
    } finally {
      this.pendingReads.delete(insert);
    }
  }

  /** Reads are recorded after their answer went out: a shutdown waits for those still being written. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pendingReads]);
  }

  /** Checks the chain against itself, against the head recorded at close, and against the purge mark. */
  verify(operationId: string): Promise<AuditVerification> {
    return verifyChain(this.repo, operationId);
  }

  /** The chain's head now and the head its close recorded (see auditHeads). */
  heads(operationId: string): Promise<{ current: AuditHead; atClose: AuditHead | null }> {
    return headsOf(this.repo, operationId);
  }

  /** Retention, in the purge's transaction: the before/after details of every entry go (their hashes stay); the number of entries. */
  eraseDetails(tx: OperationTx): Promise<number> {
    return this.repo.eraseDetails(tx.manager, tx.operationId);
  }
}

/** The entries of an operation's chain in seq order, a page at a time, as `repo`'s connection (or transaction) sees them. */
async function* auditEntries(repo: AuditRepository, operationId: string): AsyncGenerator<AuditEntry[]> {
  let after = 0;
  for (;;) {
    const rows = await repo.page(operationId, after, PAGE);
    if (rows.length === 0) return;
    yield rows.map(toEntry);
    if (rows.length < PAGE) return;
    after = Number(rows[rows.length - 1].seq);
  }
}

/**
 * Checks an operation's chain as `db` sees it (also inside a transaction that has not committed
 * yet: an archive being imported is checked before it is kept).
 */
export function verifyAuditChain(db: Queryable, operationId: string): Promise<AuditVerification> {
  return verifyChain(new AuditRepository(db), operationId);
}

async function verifyChain(repo: AuditRepository, operationId: string): Promise<AuditVerification> {
  const row = await repo.chainContext(operationId);
  const context: AuditChainContext = {
    purged: row?.purged ?? false,
    closeHead: row?.audit_seq != null && row.audit_hash ? { seq: Number(row.audit_seq), hash: row.audit_hash } : null,
  };
  const verifier = new AuditChainVerifier(context);
  for await (const page of auditEntries(repo, operationId)) {
    if (!verifier.add(page)) break;
  }
  return verifier.result();
}

/**
 * The chain's head now and the head the close snapshot recorded (null while open, or for an
 * operation closed before heads were recorded), as the manager's transaction sees them.
 */
export function auditHeads(m: Queryable, operationId: string): Promise<{ current: AuditHead; atClose: AuditHead | null }> {
  return headsOf(new AuditRepository(m), operationId);
}

async function headsOf(repo: AuditRepository, operationId: string): Promise<{ current: AuditHead; atClose: AuditHead | null }> {
  const r = await repo.heads(operationId);
  return {
    current: { seq: Number(r?.seq ?? 0), hash: r?.hash ?? AUDIT_GENESIS_HASH },
    atClose: r?.audit_seq != null && r.audit_hash ? { seq: Number(r.audit_seq), hash: r.audit_hash } : null,
  };
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
  hashVersion: Number(r.hash_version),
  prevHash: r.prev_hash,
  hash: r.hash,
  details: r.details,
});
