import { z } from 'zod';
import { idSchema } from './common';

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
  prevHash: z.string(),
  hash: z.string(),
  /** The canonical JSON text whose SHA-256 is detailsSha256; null when none or purged. */
  details: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The hash before the first entry of every operation. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The text whose SHA-256 is an entry's hash: one field per line, in this order. */
export function auditHashInput(e: Omit<AuditEntry, 'hash' | 'details' | 'operationId'>): string {
  return [e.prevHash, e.seq, e.at, e.actorId ?? '', e.action, e.entityType, e.entityId ?? '', e.detailsSha256 ?? ''].join('\n');
}

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /** The hash of the last entry: note it down to notice a truncated log later. */
  lastHash: z.string(),
  /** Entries whose details were erased by retention (their chain still verifies). */
  purgedDetails: z.number().int(),
  firstInvalid: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
