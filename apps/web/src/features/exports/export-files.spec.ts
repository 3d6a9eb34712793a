import { describeVerification, exportFileName, MEMBER_EXPORTS } from './export-files';

const OP = '00000000-0000-4000-8000-000000000001';

describe('export files', () => {
  it('names a download after the operation, what it holds and the day', () => {
    const day = new Date('2026-11-23T21:00:00.000Z');
    expect(exportFileName('EMPACT JAD: 23 Nov — Ukraine!', { stem: 'findings', ext: 'csv' }, day)).toBe('empact-jad-23-nov-ukraine-findings-2026-11-23.csv');
    expect(exportFileName('Opération Été', { stem: 'report', ext: 'pdf' }, day)).toBe('operation-ete-report-2026-11-23.pdf');
    expect(exportFileName('***', { stem: 'audit', ext: 'jsonl' }, day)).toBe('operation-audit-2026-11-23.jsonl');
  });

  it('points every member export at the shared API paths', () => {
    expect(MEMBER_EXPORTS.map((f) => f.path(OP))).toEqual([
      `/api/v1/operations/${OP}/exports/findings.csv`,
      `/api/v1/operations/${OP}/exports/findings.json`,
      `/api/v1/operations/${OP}/exports/targets.csv`,
      `/api/v1/operations/${OP}/exports/targets.json`,
      `/api/v1/operations/${OP}/exports/report.pdf`,
      `/api/v1/operations/${OP}/exports/misp.json`,
      `/api/v1/operations/${OP}/exports/stix.json`,
    ]);
  });

  it('describes an intact chain with its count and last hash, and a broken one by its first bad entry', () => {
    const ok = describeVerification({ ok: true, entries: 1234, lastHash: 'f'.repeat(64), purgedDetails: 0, firstInvalid: null });
    expect(ok.ok).toBe(true);
    expect(ok.title).toBe('The audit chain is intact: 1,234 entries verified.');
    expect(ok.details[0]).toContain('f'.repeat(64));

    const bad = describeVerification({ ok: false, entries: 50, lastHash: 'a'.repeat(64), purgedDetails: 3, firstInvalid: { seq: 17, reason: 'hash mismatch' } });
    expect(bad.ok).toBe(false);
    expect(bad.details).toEqual([
      'Entry 17 is the first that does not verify: hash mismatch.',
      '3 of them had their details erased by retention; their chain still verifies.',
    ]);
  });
});
