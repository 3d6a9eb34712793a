import { useState } from 'react';
import { Button, ErrorMessage } from '../../../shared/ui';
import { downloadTargetsCsv } from '../api/export-targets';

/** Downloads the operation's targets as CSV (with the token, as a file). */
export function ExportButton({ operationId }: { operationId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const onClick = () => {
    setBusy(true);
    setError(null);
    downloadTargetsCsv(operationId, `targets-${new Date().toISOString().slice(0, 10)}.csv`)
      .catch((e: unknown) => setError(e))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <Button size="small" onClick={onClick} busy={busy}>
        Download CSV
      </Button>
      <ErrorMessage error={error} className="full-row" />
    </>
  );
}
