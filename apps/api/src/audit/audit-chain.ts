import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, AUDIT_HASH_VERSION, auditHashInput, type AuditEntry, type AuditHead, type AuditVerification } from '@actionday/contracts';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What the chain of one operation is checked against besides itself. */
export interface AuditChainContext {
  /** Retention purged the operation (operations.purged_at): only then may details be erased. */
  purged: boolean;
  /** The head the close snapshot recorded: the chain must reach it, then the close entry. */
  closeHead: AuditHead | null;
}

/**
 * Checks an operation's audit entries in seq order, one page at a time, and stops at the first
 * entry that is not what the chain says it must be: a changed field, a changed or swapped detail,
 * a removed or inserted entry, an entry of another operation, details erased from an operation
 * that was not purged, a log cut short of the head recorded at close. The database computed
 * every hash when the entry was appended, so a row edited afterwards (by anyone who got past the
 * triggers) no longer matches.
 *
 * Without a context (a file checked on its own) nothing may have been erased and no close head
 * is known.
 */
export class AuditChainVerifier {
  private expectedSeq = 1;
  private prevHash = AUDIT_GENESIS_HASH;
  private operationId: string | null = null;
  private newestVersion = 0;
  private purgedDetails = 0;
  private invalid: AuditVerification['firstInvalid'] = null;

  constructor(private readonly context: AuditChainContext = { purged: false, closeHead: null }) {}

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
    return !this.invalid;
  }

  private check(e: AuditEntry): string | null {
    if (e.seq !== this.expectedSeq) {
      if (e.seq < this.expectedSeq) return `entry ${e.seq} appears twice or out of order`;
      return e.seq === this.expectedSeq + 1 ? `entry ${this.expectedSeq} is missing` : `entries ${this.expectedSeq} to ${e.seq - 1} are missing`;
    }
    this.operationId ??= e.operationId;
    if (e.operationId !== this.operationId) return `it belongs to operation ${e.operationId}, not ${this.operationId}`;
    if (!Number.isInteger(e.hashVersion) || e.hashVersion < 1 || e.hashVersion > AUDIT_HASH_VERSION) return `its hash version ${e.hashVersion} is unknown`;
    if (e.hashVersion < this.newestVersion) return `its hash version ${e.hashVersion} comes after entries of version ${this.newestVersion}`;
    this.newestVersion = e.hashVersion;
    if (e.prevHash !== this.prevHash) return 'its previous hash does not match the hash of the entry before it';
    if (sha256Hex(auditHashInput(e)) !== e.hash) return 'its content does not match its hash';
    const head = this.context.closeHead;
    if (head && e.seq === head.seq && e.hash !== head.hash) return `its hash is not the one the snapshot recorded at close (${head.hash})`;
    if (head && e.seq === head.seq + 1 && e.action !== 'operation.close') {
      return `the snapshot recorded the chain at entry ${head.seq} when the operation was closed, but this entry is "${e.action}", not the close`;
    }
    if (e.details === null) {
      if (e.detailsSha256 === null) return null;
      if (!this.context.purged) return 'its details were erased, but the operation was not purged';
      this.purgedDetails += 1;
      return null;
    }
    if (e.detailsSha256 === null || sha256Hex(e.details) !== e.detailsSha256) return 'its before/after details do not match their recorded SHA-256';
    return null;
  }

  result(): AuditVerification {
    const entries = this.expectedSeq - 1;
    const head = this.context.closeHead;
    let firstInvalid = this.invalid;
    // The close entry follows the recorded head: a chain that ends before it was cut short.
    if (!firstInvalid && head && entries < head.seq + 1) {
      firstInvalid = {
        seq: entries + 1,
        reason:
          `the log ends at entry ${entries}, but the snapshot recorded entry ${head.seq} when the operation was closed, ` +
          `followed by the close: entries ${entries + 1} to ${head.seq + 1} or more were cut off the end`,
      };
    }
    return {
      ok: firstInvalid === null,
      entries,
      lastHash: this.prevHash,
      purgedDetails: this.purgedDetails,
      firstInvalid,
      closeHead: head,
      purged: this.context.purged,
    };
  }
}
