import { apiPaths, type AuditVerification } from '@actionday/contracts';

export interface ExportFile {
  key: string;
  label: string;
  path: (operationId: string) => string;
  /** What the file holds, for its name: "findings", "targets", "report", "misp", "stix". */
  stem: string;
  ext: 'csv' | 'json' | 'pdf' | 'jsonl';
  accept: string;
}

/** What every member may download; the API filters the rows by role like it does the lists. */
export const MEMBER_EXPORTS: readonly ExportFile[] = [
  { key: 'findings-csv', label: 'Findings (CSV)', path: (id) => apiPaths.findingsExportFile(id, 'csv'), stem: 'findings', ext: 'csv', accept: 'text/csv' },
  { key: 'findings-json', label: 'Findings (JSON)', path: (id) => apiPaths.findingsExportFile(id, 'json'), stem: 'findings', ext: 'json', accept: 'application/json' },
  { key: 'targets-csv', label: 'Targets (CSV)', path: (id) => apiPaths.targetsExportFile(id, 'csv'), stem: 'targets', ext: 'csv', accept: 'text/csv' },
  { key: 'targets-json', label: 'Targets (JSON)', path: (id) => apiPaths.targetsExportFile(id, 'json'), stem: 'targets', ext: 'json', accept: 'application/json' },
  { key: 'report-pdf', label: 'End-of-day report (PDF)', path: (id) => apiPaths.report(id), stem: 'report', ext: 'pdf', accept: 'application/pdf' },
  /** Findings, targets and matches for the investigating countries' systems, marked with the operation's TLP. */
  { key: 'misp-json', label: 'MISP event (JSON)', path: (id) => apiPaths.mispExport(id), stem: 'misp', ext: 'json', accept: 'application/json' },
  { key: 'stix-json', label: 'STIX 2.1 bundle (JSON)', path: (id) => apiPaths.stixExport(id), stem: 'stix', ext: 'json', accept: 'application/json' },
];

export const AUDIT_EXPORT: ExportFile = {
  key: 'audit-jsonl',
  label: 'Download audit log (JSONL)',
  path: (id) => apiPaths.audit(id),
  stem: 'audit',
  ext: 'jsonl',
  accept: 'application/x-ndjson',
};

/** "EMPACT JAD: 23 Nov!" -> "empact-jad-23-nov"; something safe in a file name, never empty. */
function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug || 'operation';
}

/** "empact-jad-findings-2026-11-23.csv": the operation, what, and the day it was downloaded. */
export function exportFileName(operationName: string, file: Pick<ExportFile, 'stem' | 'ext'>, now: Date = new Date()): string {
  return `${fileSlug(operationName)}-${file.stem}-${now.toISOString().slice(0, 10)}.${file.ext}`;
}

export interface VerificationSummary {
  ok: boolean;
  title: string;
  details: string[];
}

/** The result of POST /audit/verify in words, for the alert under the button. */
export function describeVerification(v: AuditVerification): VerificationSummary {
  const entries = `${v.entries.toLocaleString('en')} ${v.entries === 1 ? 'entry' : 'entries'}`;
  const purged = v.purgedDetails > 0 ? [`${v.purgedDetails.toLocaleString('en')} of them had their details erased by retention; their chain still verifies.`] : [];
  if (v.ok && !v.firstInvalid) {
    return {
      ok: true,
      title: `The audit chain is intact: ${entries} verified.`,
      details: [`Last hash: ${v.lastHash} (note it down to notice a truncated log later).`, ...purged],
    };
  }
  const where = v.firstInvalid ? `Entry ${v.firstInvalid.seq} is the first that does not verify: ${v.firstInvalid.reason}.` : 'The chain does not verify.';
  return { ok: false, title: `The audit chain is broken (${entries} checked).`, details: [where, ...purged] };
}
