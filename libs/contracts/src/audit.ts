import { z } from 'zod';
import { idSchema } from './common';

/** The hash version the database gives every new entry (see `auditHashInput`). */
export const AUDIT_HASH_VERSION = 2;

/**
 * One line of the audit export. The chain: hash = SHA-256 (hex) of the lines of
 * `auditHashInput`, so anyone holding the file can check it. `details` (before/after) sits outside
 * the chain and is bound to it by `detailsSha256`, so that retention can erase it and the chain
 * still verifies.
 */
export const auditEntrySchema = z.object({
  operationId: idSchema,
  seq: z.number().int().min(1),
  /** ISO 8601 UTC with microseconds, exactly as hashed. */
  at: z.string(),
  actorId: idSchema.nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  detailsSha256: z.string().nullable(),
  /**
   * Which fields the hash covers: 1 for entries written before the operation id was hashed, 2
   * (every entry since) with the operation id. Once an operation has a version-2 entry, a
   * version-1 entry after it is invalid.
   */
  hashVersion: z.number().int().min(1).max(AUDIT_HASH_VERSION),
  prevHash: z.string(),
  hash: z.string(),
  /** The canonical JSON text whose SHA-256 is detailsSha256; null when none or purged. */
  details: z.string().nullable(),
}).meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The hash before the first entry of every operation. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * The text whose SHA-256 is an entry's hash: one field per line, in this order. Version 2 starts
 * with the operation id, so an entry copied into another operation's chain no longer matches;
 * version 1 (entries written before that) is the same without it.
 */
export function auditHashInput(e: Omit<AuditEntry, 'hash' | 'details'>): string {
  const fields = [e.prevHash, e.seq, e.at, e.actorId ?? '', e.action, e.entityType, e.entityId ?? '', e.detailsSha256 ?? ''];
  return (e.hashVersion >= 2 ? [e.operationId, ...fields] : fields).join('\n');
}

/** The last entry of a chain: its seq and its hash (seq 0 and the genesis hash when empty). */
export const auditHeadSchema = z.object({ seq: z.number().int().min(0), hash: z.string() });
export type AuditHead = z.infer<typeof auditHeadSchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /** The hash of the last entry: note it down to notice a truncated log later. */
  lastHash: z.string(),
  /** Entries whose details were erased by retention (their chain still verifies). */
  purgedDetails: z.number().int(),
  firstInvalid: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
  /**
   * The head recorded in the snapshot when the operation was closed, which the chain must reach
   * with that hash, followed by the close entry; null while open (or closed before heads were
   * recorded).
   */
  closeHead: auditHeadSchema.nullable().optional(),
  /** Whether retention purged the operation: only then may entries have their details erased. */
  purged: z.boolean().optional(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
