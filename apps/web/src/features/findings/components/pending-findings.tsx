import { useEffect, useId, useState } from 'react';
import { Badge, Button } from '../../../shared/ui';
import { formatTime } from '../../../shared/format';
import { FINDING_TYPE_LABELS } from '../../../shared/labels';
import { summarizeFinding } from '../../../entities/findings';
import { countsOf, type OutboxEntry, type OutboxState } from '../outbox';
import type { OutboxSnapshot } from '../outbox-store';

export interface PendingFindingsProps extends OutboxSnapshot {
  online: boolean;
  onRetryNow: () => void;
  onRetry: (clientId: string) => void;
  /** Opens a failed entry in the form; a string says why it cannot be opened here. */
  editBlocker: (entry: OutboxEntry) => string | null;
  onEdit: (entry: OutboxEntry) => void;
  onDiscard: (clientId: string) => void;
}

const STATE_LABELS: Record<OutboxState, string> = { waiting: 'Waiting', sending: 'Sending…', failed: 'Failed' };
const STATE_TONES: Record<OutboxState, string> = { waiting: 'assigned', sending: 'in_progress', failed: 'rejected' };

/** How long "Sent …" stays on screen after the outbox emptied. */
const SENT_VISIBLE_MS = 15_000;

function EntryRow({ entry, ...p }: { entry: OutboxEntry } & Pick<PendingFindingsProps, 'onRetry' | 'editBlocker' | 'onEdit' | 'onDiscard'>) {
  const [confirming, setConfirming] = useState(false);
  const summary = summarizeFinding({ type: entry.body.type, details: entry.body as unknown as Record<string, unknown>, redacted: false });
  const blocker = entry.state === 'failed' ? p.editBlocker(entry) : null;
  return (
    <li className="pending-item" data-state={entry.state}>
      <div className="pending-line">
        <Badge tone={STATE_TONES[entry.state]}>{STATE_LABELS[entry.state]}</Badge>
        <strong>{FINDING_TYPE_LABELS[entry.body.type]}</strong>
        <span className="pending-summary">{summary}</span>
        <span className="muted small">
          {entry.targetLabel ? <span className="target-value">{entry.targetLabel}</span> : 'no target'} · queued {formatTime(entry.queuedAt)}
          {entry.attempts > 0 ? ` · ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}` : ''}
        </span>
      </div>
      {entry.message ? <div className={entry.state === 'failed' ? 'field-error' : 'muted small'}>{entry.message}</div> : null}
      {entry.state === 'failed' && entry.details.length > 0 ? (
        <ul className="small pending-details">
          {entry.details.map((d, i) => (
            <li key={i}>
              {d.path ? <code>{d.path}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      ) : null}
      {entry.state === 'failed' ? (
        <div className="pending-actions">
          <Button size="small" variant="primary" disabled={blocker !== null} onClick={() => p.onEdit(entry)}>
            Edit in form
          </Button>
          <Button size="small" onClick={() => p.onRetry(entry.clientId)}>
            Send again
          </Button>
          {confirming ? (
            <>
              <Button size="small" variant="danger" onClick={() => p.onDiscard(entry.clientId)}>
                Confirm discard
              </Button>
              <Button size="small" variant="link" onClick={() => setConfirming(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button size="small" variant="link" onClick={() => setConfirming(true)}>
              Discard…
            </Button>
          )}
          {blocker ? <span className="muted small">{blocker}</span> : null}
        </div>
      ) : null}
    </li>
  );
}

/**
 * The findings submitted while the server could not be reached, with their state: waiting (for
 * the connection, or the next retry), sending, or failed (the server refused it: fix it and
 * resubmit, nothing is dropped silently).
 */
export function PendingFindings({ entries, lastSent, persisted, online, onRetryNow, ...rowProps }: PendingFindingsProps) {
  const id = useId();
  const counts = countsOf(entries);
  const [now, setNow] = useState(() => Date.now());
  const sentVisible = lastSent !== null && now - lastSent.at < SENT_VISIBLE_MS;

  useEffect(() => {
    if (!lastSent) return;
    setNow(Date.now());
    const t = setTimeout(() => setNow(Date.now()), SENT_VISIBLE_MS);
    return () => clearTimeout(t);
  }, [lastSent]);

  const sentText = sentVisible && lastSent ? `Sent ${lastSent.count} pending finding${lastSent.count === 1 ? '' : 's'} at ${formatTime(new Date(lastSent.at).toISOString())}.` : '';

  return (
    <section className={entries.length > 0 ? 'pending-findings' : 'pending-findings empty-outbox'} aria-labelledby={`${id}-title`}>
      {/* Always rendered, so that screen readers announce its changes. */}
      <p role="status" aria-live="polite" className="ok small pending-sent">
        {sentText}
      </p>
      {entries.length > 0 ? (
        <>
          <div className="section-head">
            <h3 id={`${id}-title`}>
              Pending findings{' '}
              <span className="count" data-testid="pending-count">
                {entries.length}
              </span>
            </h3>
            <Button size="small" onClick={onRetryNow} disabled={counts.waiting === 0}>
              Retry now
            </Button>
          </div>
          <p className="muted small">
            {!online
              ? 'You are offline. These findings are kept in this tab and sent as soon as the connection returns.'
              : counts.waiting > 0
                ? 'The server could not be reached; retrying automatically.'
                : null}
            {!persisted ? ' This browser refused to store them: keep this page open until they are sent.' : ''}
            {counts.failed > 0 ? ` ${counts.failed} refused by the server: edit and submit again.` : ''}
          </p>
          <ul className="pending-list" aria-label="Pending findings">
            {entries.map((e) => (
              <EntryRow key={e.clientId} entry={e} {...rowProps} />
            ))}
          </ul>
        </>
      ) : (
        <h3 id={`${id}-title`} className="sr-only">
          Pending findings
        </h3>
      )}
    </section>
  );
}
