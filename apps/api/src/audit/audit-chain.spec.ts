import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, auditHashInput, type AuditEntry } from '@actionday/contracts';
import { AuditChainVerifier, type AuditChainContext } from './audit-chain';

const OP = '00000000-0000-4000-8000-00000000000a';
const OTHER_OP = '00000000-0000-4000-8000-00000000000b';
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** A chain computed the way the database's trigger computes it. */
function chain(specs: { action?: string; version?: 1 | 2; details?: string | null }[], operationId = OP): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = AUDIT_GENESIS_HASH;
  specs.forEach((spec, i) => {
    const details = spec.details === undefined ? `{"n":${i}}` : spec.details;
    const e: Omit<AuditEntry, 'hash'> = {
      operationId,
      seq: i + 1,
      at: `2026-11-23T10:00:0${i % 10}.000000Z`,
      actorId: null,
      action: spec.action ?? 'finding.create',
      entityType: 'finding',
      entityId: String(i),
      detailsSha256: details === null ? null : sha(details),
      hashVersion: spec.version ?? 2,
      prevHash: prev,
      details,
    };
    const hash = sha(auditHashInput(e));
    out.push({ ...e, hash });
    prev = hash;
  });
  return out;
}

const verify = (entries: AuditEntry[], context?: AuditChainContext) => {
  const v = new AuditChainVerifier(context);
  v.add(entries);
  return v.result();
};

describe('audit chain verifier', () => {
  it('accepts entries of the old hash version followed by the new one, never the other way round', () => {
    const mixed = chain([{ version: 1 }, { version: 1 }, { version: 2 }, { version: 2 }]);
    expect(verify(mixed)).toMatchObject({ ok: true, entries: 4, lastHash: mixed[3].hash });
    const backwards = chain([{ version: 2 }, { version: 1 }]);
    expect(verify(backwards).firstInvalid).toEqual({ seq: 2, reason: 'its hash version 1 comes after entries of version 2' });
    expect(verify(chain([{ version: 3 as 2 }])).firstInvalid).toEqual({ seq: 1, reason: 'its hash version 3 is unknown' });
  });

  it('hashes the operation id from version 2 on: a chain copied to another operation does not verify', () => {
    const copied = chain([{}, {}]).map((e) => ({ ...e, operationId: OTHER_OP }));
    expect(verify(copied).firstInvalid).toEqual({ seq: 1, reason: 'its content does not match its hash' });
    // Version 1 did not hash it: that copy went unnoticed, which is why it changed.
    const old = chain([{ version: 1 }, { version: 1 }]).map((e) => ({ ...e, operationId: OTHER_OP }));
    expect(verify(old).ok).toBe(true);
    // One file holds one operation.
    const spliced = [...chain([{}]), { ...chain([{}, {}], OTHER_OP)[1] }];
    expect(verify(spliced).firstInvalid).toEqual({ seq: 2, reason: `it belongs to operation ${OTHER_OP}, not ${OP}` });
  });

  it('accepts erased details only when the operation was purged', () => {
    const erased = chain([{}, {}, {}]).map((e, i) => (i < 2 ? { ...e, details: null } : e));
    expect(verify(erased, { purged: false, closeHead: null })).toMatchObject({
      ok: false,
      entries: 0,
      firstInvalid: { seq: 1, reason: 'its details were erased, but the operation was not purged' },
    });
    expect(verify(erased, { purged: true, closeHead: null })).toMatchObject({ ok: true, entries: 3, purgedDetails: 2, purged: true });
    // An entry that never had details is not an erased one.
    expect(verify(chain([{ details: null }]), { purged: false, closeHead: null }).ok).toBe(true);
  });

  it('checks the head recorded at close: reached with that hash, followed by the close, not cut off', () => {
    const entries = chain([{}, {}, { action: 'operation.close' }, { action: 'publication.create' }]);
    const closeHead = { seq: 2, hash: entries[1].hash };
    expect(verify(entries, { purged: false, closeHead })).toMatchObject({ ok: true, entries: 4, closeHead });

    // Cut off the end: the close entry and what followed, or more.
    for (const kept of [2, 1, 0]) {
      const cut = verify(entries.slice(0, kept), { purged: false, closeHead });
      expect(cut.ok).toBe(false);
      expect(cut.firstInvalid).toEqual({ seq: kept + 1, reason: expect.stringContaining('cut off the end') });
    }
    // A head that is not the chain's.
    expect(verify(entries, { purged: false, closeHead: { seq: 2, hash: 'f'.repeat(64) } }).firstInvalid).toEqual({
      seq: 2,
      reason: `its hash is not the one the snapshot recorded at close (${'f'.repeat(64)})`,
    });
    // Something else where the close must be.
    const notClose = chain([{}, {}, { action: 'finding.create' }]);
    expect(verify(notClose, { purged: false, closeHead: { seq: 2, hash: notClose[1].hash } }).firstInvalid).toMatchObject({
      seq: 3,
      reason: expect.stringContaining('"finding.create", not the close'),
    });
  });

  it('still names gaps, reordering and rewritten entries', () => {
    const entries = chain([{}, {}, {}, {}]);
    expect(verify([entries[0], entries[2], entries[3]]).firstInvalid).toEqual({ seq: 3, reason: 'entry 2 is missing' });
    expect(verify([entries[0], entries[1], entries[1]]).firstInvalid).toEqual({ seq: 2, reason: 'entry 2 appears twice or out of order' });
    expect(verify([entries[0], { ...entries[1], action: 'finding.review' }]).firstInvalid).toEqual({ seq: 2, reason: 'its content does not match its hash' });
    expect(verify([entries[0], { ...entries[1], details: '{"n":99}' }]).firstInvalid).toEqual({
      seq: 2,
      reason: 'its before/after details do not match their recorded SHA-256',
    });
  });
});
