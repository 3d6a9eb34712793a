import { useId, useRef, useState, type ChangeEvent } from 'react';
import type { ImportDuplicate, ImportError, ImportPreviewRow, ImportResult } from '@actionday/contracts';
import { progressFraction } from '../import-progress';
import { useImportProgress } from '../use-import-progress';
import { newUuid } from '../../../shared/uuid';
import { Button, DataTable, ErrorMessage, Field, type DataTableColumn } from '../../../shared/ui';
import { CATEGORY_LABELS, TARGET_KIND_LABELS } from '../../../shared/labels';
import { useImportTargets } from '../api/import-targets';
import { canImport, csvFileProblem, plural } from '../import-rules';

/** Rows of each report table rendered at once; the counts above always give the full numbers. */
const TABLE_ROWS = 200;

const PHASE_LABELS = {
  parsing: 'Reading the file',
  checking: 'Checking for duplicates',
  inserting: 'Saving targets',
  done: 'Done',
  failed: 'Failed',
} as const;

const ERROR_COLUMNS: DataTableColumn<ImportError>[] = [
  { key: 'row', header: 'Row', numeric: true, cell: (e) => (e.row === 0 ? 'file' : e.row) },
  { key: 'column', header: 'Column', cell: (e) => e.column ?? '—' },
  { key: 'message', header: 'Message', minWidth: '12rem', cell: (e) => e.message },
];

const DUPLICATE_COLUMNS: DataTableColumn<ImportDuplicate>[] = [
  { key: 'row', header: 'Row', numeric: true, cell: (d) => d.row },
  { key: 'value', header: 'Value', minWidth: '12rem', cell: (d) => d.value },
  { key: 'reason', header: 'Reason', cell: (d) => (d.reason === 'existing' ? 'Already a target' : d.firstRow ? `Same as row ${d.firstRow}` : 'Earlier in the file') },
];

const PREVIEW_COLUMNS: DataTableColumn<ImportPreviewRow>[] = [
  { key: 'row', header: 'Row', numeric: true, cell: (p) => p.row },
  { key: 'kind', header: 'Kind', nowrap: true, cell: (p) => TARGET_KIND_LABELS[p.kind] },
  {
    key: 'value',
    header: 'Value',
    minWidth: '12rem',
    cell: (p) => (
      <>
        {p.value}
        {p.valid ? null : <span className="warn small"> (raw)</span>}
      </>
    ),
  },
  {
    key: 'category',
    header: 'Category',
    cell: (p) => (p.category && p.category in CATEGORY_LABELS ? CATEGORY_LABELS[p.category as keyof typeof CATEGORY_LABELS] : (p.category ?? '—')),
  },
  { key: 'country', header: 'Country', cell: (p) => p.country ?? '—' },
  { key: 'tags', header: 'Tags', cell: (p) => p.tags.join(', ') },
];

function Truncated({ shown, total }: { shown: number; total: number }) {
  if (shown >= total) return null;
  return (
    <p className="muted small">
      Showing the first {shown.toLocaleString('en')} of {total.toLocaleString('en')}.
    </p>
  );
}

function ImportReport({ result }: { result: ImportResult }) {
  const errorsId = useId();
  const dupsId = useId();
  const previewId = useId();
  const errors = result.errors.slice(0, TABLE_ROWS);
  const duplicates = result.duplicates.slice(0, TABLE_ROWS);
  const preview = result.preview.slice(0, TABLE_ROWS);
  return (
    <div className="import-report stack">
      <dl className="import-counts">
        <div>
          <dt>Rows</dt>
          <dd>{result.rows.toLocaleString('en')}</dd>
        </div>
        <div>
          <dt>{result.dryRun ? 'To create' : 'Created'}</dt>
          <dd>{result.created.toLocaleString('en')}</dd>
        </div>
        <div>
          <dt>Duplicates (skipped)</dt>
          <dd>{result.duplicates.length.toLocaleString('en')}</dd>
        </div>
        <div className={result.errors.length ? 'import-count-errors' : undefined}>
          <dt>Errors</dt>
          <dd>{result.errors.length.toLocaleString('en')}</dd>
        </div>
      </dl>

      {result.errors.length > 0 ? (
        <>
          <div role="alert" className="error-message">
            {plural(result.errors.length, 'error')} in the file — nothing can be imported until they are fixed.
          </div>
          <DataTable
            className="import-errors"
            scrollClassName="import-table"
            caption="Errors"
            captionId={errorsId}
            aria-labelledby={errorsId}
            columns={ERROR_COLUMNS}
            rows={errors}
            rowKey={(e, i) => `${e.row}-${e.column ?? ''}-${i}`}
          />
          <Truncated shown={errors.length} total={result.errors.length} />
        </>
      ) : null}

      {result.duplicates.length > 0 ? (
        <>
          <DataTable
            scrollClassName="import-table"
            caption="Duplicates (skipped)"
            captionId={dupsId}
            aria-labelledby={dupsId}
            columns={DUPLICATE_COLUMNS}
            rows={duplicates}
            rowKey={(d) => `${d.row}-${d.normalized}`}
          />
          <Truncated shown={duplicates.length} total={result.duplicates.length} />
        </>
      ) : null}

      {result.dryRun && preview.length > 0 ? (
        <>
          <DataTable
            scrollClassName="import-table"
            caption="Targets to create"
            captionId={previewId}
            aria-labelledby={previewId}
            columns={PREVIEW_COLUMNS}
            rows={preview}
            rowKey={(p) => String(p.row)}
          />
          <Truncated shown={preview.length} total={result.created} />
        </>
      ) : null}
    </div>
  );
}

/** CSV import: dry run first (row errors and duplicates before anything is saved), then the import. */
export function ImportPanel({ operationId }: { operationId: string }) {
  const dryRun = useImportTargets(operationId);
  const realRun = useImportTargets(operationId);
  const inputRef = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState('');
  const [csv, setCsv] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [report, setReport] = useState<ImportResult | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const progress = useImportProgress(operationId, importId);
  const fraction = progressFraction(progress);

  const reset = () => {
    setReport(null);
    setDone('');
    setImportId(null);
    dryRun.reset();
    realRun.reset();
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    reset();
    setCsv(null);
    const file = e.target.files?.[0];
    setFileName(file?.name ?? '');
    if (!file) {
      setFileError(null);
      return;
    }
    // Checked before reading: a file too large for the API is not worth loading into memory.
    const problem = csvFileProblem(file);
    setFileError(problem);
    if (problem) return;
    file.text().then(
      (text) => setCsv(text),
      () => setFileError('The file could not be read'),
    );
  };

  const onPreview = () => {
    if (csv === null) return;
    reset();
    dryRun.mutate({ csv, dryRun: true }, { onSuccess: setReport });
  };

  const onImport = () => {
    if (csv === null || !canImport(report)) return;
    const id = newUuid();
    setImportId(id);
    setDone('');
    realRun.mutate(
      { csv, dryRun: false, importId: id },
      {
        onSuccess: (res) => {
          if (res.errors.length > 0) {
            // The file changed meaning on the server (e.g. a target added meanwhile): show why.
            setReport(res);
            return;
          }
          setReport(null);
          setDone(`Imported ${plural(res.created, 'target')}${res.duplicates.length ? ` (${plural(res.duplicates.length, 'duplicate')} skipped)` : ''}`);
          setCsv(null);
          setFileName('');
          if (inputRef.current) inputRef.current.value = '';
        },
      },
    );
  };

  const importing = realRun.isPending;
  const n = report?.created ?? 0;

  return (
    <div className="import-panel stack">
      <p className="muted small">
        One target per row with a header line. Columns: kind, value, platform, category, country, language, tags (separated by
        “;”), priority, notes. Nothing is saved until you import; duplicates are skipped.
      </p>
      <div className="inline-form">
        <Field label="CSV file" error={fileError ?? undefined} hint={fileName && csv !== null ? `${fileName} ready` : undefined}>
          {(p) => <input {...p} ref={inputRef} type="file" accept=".csv,text/csv" onChange={onFile} disabled={importing} />}
        </Field>
        <Button onClick={onPreview} busy={dryRun.isPending} disabled={csv === null || importing}>
          Preview import
        </Button>
        <Button variant="primary" onClick={onImport} busy={importing} disabled={!canImport(report) || csv === null || dryRun.isPending}>
          Import {plural(n, 'target')}
        </Button>
      </div>
      {importing ? (
        <div className="import-progress">
          <progress aria-label="Import progress" max={1} value={fraction ?? undefined} />
          <span className="muted small" aria-live="polite">
            {progress
              ? `${PHASE_LABELS[progress.phase]}${progress.total > 0 ? ` — ${progress.processed.toLocaleString('en')} / ${progress.total.toLocaleString('en')}` : ''}`
              : 'Starting…'}
          </span>
        </div>
      ) : null}
      <p className="ok small" role="status">
        {done}
      </p>
      <ErrorMessage error={dryRun.error ?? realRun.error} />
      {report ? <ImportReport result={report} /> : null}
    </div>
  );
}
