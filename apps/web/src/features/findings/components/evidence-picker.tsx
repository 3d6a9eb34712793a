import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { Button, Field } from '../../../shared/ui';
import { browserTimeZone, isoToLocalInput, zonedLocalToIso } from '../../../shared/format';
import { newUuid } from '../../../shared/uuid';
import type { DraftEvidence } from '../finding-draft';
import {
  addEvidence,
  evidenceFileProblem,
  evidenceFromFile,
  formatBytes,
  MAX_EVIDENCE_BYTES,
  readWithProgress,
  sha256Hex,
} from '../evidence';

export interface EvidencePickerProps {
  value: DraftEvidence[];
  /** Functional update: hashing finishes after other edits may have happened. */
  onChange: (update: (list: DraftEvidence[]) => DraftEvidence[]) => void;
  /** True while files are being read and hashed (the form waits before it submits). */
  onBusyChange?: (busy: boolean) => void;
  error?: string;
  /** Errors of single references, by index. */
  itemErrors?: Record<number, string>;
}

interface Job {
  name: string;
  phase: 'reading' | 'hashing';
  progress: number;
}

/**
 * Evidence references: the officer picks (or drops) a local capture; the browser hashes it with
 * SHA-256 and keeps its name, size and time. The file itself is never uploaded.
 */
export function EvidencePicker({ value, onChange, onBusyChange, error, itemErrors = {} }: EvidencePickerProps) {
  const id = useId();
  const [job, setJob] = useState<Job | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [dragOver, setDragOver] = useState(false);
  const queue = useRef<File[]>([]);
  const running = useRef(false);
  const mounted = useRef(true);
  const known = useRef(value);
  known.current = value;
  const timeZone = browserTimeZone();

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = async () => {
    if (running.current) return;
    running.current = true;
    onBusyChange?.(true);
    try {
      for (let file = queue.current.shift(); file; file = queue.current.shift()) {
        const problem = evidenceFileProblem(file, known.current);
        if (problem) {
          setProblems((p) => [...p, problem]);
          continue;
        }
        try {
          setJob({ name: file.name, phase: 'reading', progress: 0 });
          const bytes = await readWithProgress(file, (progress) => mounted.current && setJob({ name: file.name, phase: 'reading', progress }));
          if (!mounted.current) return;
          setJob({ name: file.name, phase: 'hashing', progress: 1 });
          const sha256 = await sha256Hex(bytes);
          if (!mounted.current) return;
          const item = evidenceFromFile(file, sha256, newUuid());
          if (addEvidence(known.current, item).duplicate) {
            setProblems((p) => [...p, `${file.name} is already listed (same SHA-256).`]);
            continue;
          }
          onChange((list) => addEvidence(list, item).list);
        } catch (e) {
          setProblems((p) => [...p, `${file.name} could not be read: ${e instanceof Error ? e.message : 'unknown error'}`]);
        }
      }
    } finally {
      running.current = false;
      if (mounted.current) {
        setJob(null);
        onBusyChange?.(false);
      }
    }
  };

  const addFiles = (files: FileList | File[] | null) => {
    if (!files || files.length === 0) return;
    setProblems([]);
    queue.current.push(...Array.from(files));
    void run();
  };

  const update = (index: number, patch: Partial<DraftEvidence>) =>
    onChange((list) => list.map((e, i) => (i === index ? { ...e, ...patch } : e)));

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragOver(false);
    addFiles(e.dataTransfer.files);
  };

  return (
    <fieldset className="evidence-picker">
      <legend>
        Evidence{' '}
        {value.length > 0 ? (
          <span className="count">
            {value.length}
            <span className="sr-only"> {value.length === 1 ? 'reference' : 'references'}</span>
          </span>
        ) : null}
      </legend>
      {value.length > 0 ? (
        <ul className="evidence-list">
          {value.map((e, index) => (
            <li key={e.key} className={itemErrors[index] ? 'evidence-item field-invalid' : 'evidence-item'}>
              <div className="evidence-head">
                <span className="evidence-name">{e.fileName || 'Capture'}</span>
                {e.size !== null ? <span className="muted small">{formatBytes(e.size)}</span> : null}
                <Button size="small" variant="link" onClick={() => onChange((list) => list.filter((_, i) => i !== index))}>
                  Remove <span className="sr-only">evidence {e.fileName || index + 1}</span>
                </Button>
              </div>
              <div className="small">
                SHA-256 <code className="hash" data-testid="evidence-sha256">{e.sha256}</code>
              </div>
              <div className="inline-form evidence-fields">
                <Field
                  label={
                    <>
                      Captured at <span className="sr-only">({e.fileName || index + 1})</span>
                    </>
                  }
                  hint={`Local time (${timeZone})`}
                >
                  {(p) => (
                    <input
                      {...p}
                      type="datetime-local"
                      step={1}
                      value={isoToLocalInput(e.capturedAt)}
                      onChange={(ev) => update(index, { capturedAt: zonedLocalToIso(ev.target.value, timeZone) ?? '' })}
                    />
                  )}
                </Field>
                <Field
                  className="grow"
                  label={
                    <>
                      Captured from URL <span className="sr-only">({e.fileName || index + 1})</span>
                    </>
                  }
                >
                  {(p) => (
                    <input {...p} type="url" inputMode="url" placeholder="https://…" value={e.url} onChange={(ev) => update(index, { url: ev.target.value })} />
                  )}
                </Field>
              </div>
              {itemErrors[index] ? <span className="field-error">{itemErrors[index]}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div
        className={['dropzone', dragOver ? 'drag-over' : ''].filter(Boolean).join(' ')}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setDragOver(true);
        }}
        onDragLeave={() => setDragOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor={`${id}-file`}>Evidence file</label>
        <input
          id={`${id}-file`}
          type="file"
          multiple
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            addFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <span id={`${id}-hint`} className="field-hint">
          Choose or drop captures (up to {formatBytes(MAX_EVIDENCE_BYTES)} each). Only the SHA-256, name, size and time are recorded: the file is not uploaded.
        </span>
      </div>
      <div role="status" aria-live="polite" className="evidence-status small">
        {job ? (
          <>
            {job.phase === 'reading' ? `Reading ${job.name}… ${Math.round(job.progress * 100)}%` : `Hashing ${job.name}…`}{' '}
            <progress max={1} value={job.phase === 'reading' ? job.progress : undefined} aria-hidden="true" />
          </>
        ) : null}
      </div>
      {problems.length > 0 ? (
        <div role="alert" className="error-message">
          {problems.map((p, i) => (
            <div key={i}>{p}</div>
          ))}
        </div>
      ) : null}
      {error ? <span className="field-error">{error}</span> : null}
    </fieldset>
  );
}
