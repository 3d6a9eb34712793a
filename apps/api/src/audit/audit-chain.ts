import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, auditHashInput, type AuditEntry, type AuditVerification } from '@actionday/contracts';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Checks an operation's audit entries in seq order, one page at a time, and stops at the first
 * entry that is not what the chain says it must be: a changed field, a changed or swapped detail,
 * a removed or inserted entry. The database computed every hash when the entry was appended, so
 * a row edited afterwards (by anyone who got past the triggers) no longer matches.
 */
export class AuditChainVerifier {
  private expectedSeq = 1;
  private prevHash = AUDIT_GENESIS_HASH;
  private purged = 0;
  private invalid: AuditVerification['firstInvalid'] = null;

  /** Feeds the next entries; returns false once an invalid entry has been found. */
  add(entries: readonly AuditEntry[]): boolean {
    for (const e of entries) {
      if (this.invalid) return false;
      const reason = this.check(e);
      if (reason) {
        this.invalid = { seq: e.seq, reason };
        return false;
      }
      this.prevHash = e.hash;
      this.expectedSeq += 1;
    }
    return true;
  }

  private check(e: AuditEntry): string | null {
    if (e.seq !== this.expectedSeq) {
      if (e.seq < this.expectedSeq) return `entry ${e.seq} appears twice or out of order`;
      return e.seq === this.expectedSeq + 1 ? `entry ${this.expectedSeq} is missing` : `entries ${this.expectedSeq} to ${e.seq - 1} are missing`;
    }
    if (e.prevHash !== this.prevHash) return 'its previous hash does not match the hash of the entry before it';
    if (sha256Hex(auditHashInput(e)) !== e.hash) return 'its content does not match its hash';
    if (e.details === null) {
      if (e.detailsSha256 !== null) this.purged += 1;
      return null;
    }
    if (e.detailsSha256 === null || sha256Hex(e.details) !== e.detailsSha256) return 'its before/after details do not match their recorded SHA-256';
    return null;
  }

  result(): AuditVerification {
    return {
      ok: this.invalid === null,
      entries: this.expectedSeq - 1,
      lastHash: this.prevHash,
      purgedDetails: this.purged,
      firstInvalid: this.invalid,
    };
  }
}
