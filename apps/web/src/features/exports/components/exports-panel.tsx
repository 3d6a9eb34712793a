import { useState, type ReactNode } from 'react';
import type { Operation } from '@actionday/contracts';
import { Button, ErrorMessage } from '../../../shared/ui';
import { downloadExport } from '../api/download-export';
import { useVerifyAudit } from '../api/verify-audit';
import { AUDIT_EXPORT, describeVerification, MEMBER_EXPORTS, type ExportFile } from '../export-files';

/** One download button; busy while the file is fetched, its error under the buttons. */
function DownloadButton({ operation, file, onError }: { operation: Operation; file: ExportFile; onError: (e: unknown) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="small"
      busy={busy}
      onClick={() => {
        setBusy(true);
        onError(null);
        downloadExport(operation, file)
          .catch((e: unknown) => onError(e))
          .finally(() => setBusy(false));
      }}
    >
      {file.label}
    </Button>
  );
}

function AuditChain({ operation }: { operation: Operation }) {
  const verify = useVerifyAudit(operation.id);
  const [error, setError] = useState<unknown>(null);
  const result = verify.data ? describeVerification(verify.data) : null;
  return (
    <div className="exports-group">
      <h3>Audit log</h3>
      <p className="muted small">Every change of the operation, chained by hashes so that tampering shows: the file for a court.</p>
      <div className="form-actions">
        <DownloadButton operation={operation} file={AUDIT_EXPORT} onError={setError} />
        <Button size="small" busy={verify.isPending} onClick={() => verify.mutate()}>
          Verify audit chain
        </Button>
      </div>
      <ErrorMessage error={error ?? verify.error} />
      {result ? (
        <div role="alert" className={result.ok ? 'verification verification-ok' : 'verification verification-broken'} data-testid="audit-verification">
          <strong>{result.title}</strong>
          {result.details.map((d) => (
            <p key={d} className="verification-detail">
              {d}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/**
 * Downloads for every member (filtered by role by the API), and the audit log for organizers.
 * `sharing` is shown with them: the TLP level the MISP and STIX files carry.
 */
export function ExportsPanel({ operation, canAudit, sharing }: { operation: Operation; canAudit: boolean; sharing?: ReactNode }) {
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="card exports-panel" aria-labelledby="exports-title">
      <h2 id="exports-title">Export</h2>
      <div className="exports-group">
        <h3>Data and report</h3>
        <div className="form-actions">
          {MEMBER_EXPORTS.map((file) => (
            <DownloadButton key={file.key} operation={operation} file={file} onError={setError} />
          ))}
        </div>
        <ErrorMessage error={error} />
        {sharing}
      </div>
      {canAudit ? <AuditChain operation={operation} /> : null}
    </section>
  );
}
