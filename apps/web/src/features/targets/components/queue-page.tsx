import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { TARGET_OUTCOMES, type Operation, type Target, type TargetOutcome } from '@actionday/contracts';
import { useOperation, useTeams } from '../../../entities/operations';
import { Button, DataTable, ErrorMessage, Field, QueryState, type DataTableColumn } from '../../../shared/ui';
import { CATEGORY_LABELS, TARGET_KIND_LABELS, TARGET_OUTCOME_LABELS, targetText } from '../../../shared/labels';
import { useTargets } from '../../../entities/targets';
import { useUpdateTarget, type UpdateTargetVariables } from '../api/update-target';
import { compareForTeam } from '../target-filter';
import { TargetStatus } from './target-status';

export interface MyQueuePageProps {
  operationId: string;
  /**
   * The log-finding form for a target (from the findings feature), composed by the app. `next`
   * moves to the next open target of the queue (taking it if needed), or is undefined at the end.
   */
  renderLogFinding: (target: Target, close: () => void, next: (() => void) | undefined) => ReactNode;
}

const openFormKey = (operationId: string) => `actionday:queue-log-open:${operationId}`;

function readOpenForm(operationId: string): string | null {
  try {
    return sessionStorage.getItem(openFormKey(operationId));
  } catch {
    return null;
  }
}

function writeOpenForm(operationId: string, targetId: string | null): void {
  try {
    if (targetId) sessionStorage.setItem(openFormKey(operationId), targetId);
    else sessionStorage.removeItem(openFormKey(operationId));
  } catch {
    // Storage may be disabled; the form then simply does not survive a reload.
  }
}

function CloseTargetForm({ busy, onConfirm, onCancel }: { busy: boolean; onConfirm: (o: TargetOutcome) => void; onCancel: () => void }) {
  const [outcome, setOutcome] = useState<TargetOutcome | ''>('');
  const [error, setError] = useState<string | undefined>();
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!outcome) {
      setError('Choose an outcome');
      return;
    }
    onConfirm(outcome);
  };
  return (
    <form className="inline-form close-form" onSubmit={onSubmit} aria-label="Close target">
      <Field label="Outcome" error={error}>
        {(p) => (
          <select {...p} autoFocus value={outcome} onChange={(e) => setOutcome(e.target.value as TargetOutcome)}>
            <option value="" disabled>
              Choose…
            </option>
            {TARGET_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {TARGET_OUTCOME_LABELS[o]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Button type="submit" variant="primary" busy={busy}>
        Confirm close
      </Button>
      <Button onClick={onCancel}>Cancel</Button>
    </form>
  );
}

function Queue({ operation, targets, renderLogFinding }: { operation: Operation; targets: Target[]; renderLogFinding: MyQueuePageProps['renderLogFinding'] }) {
  const teams = useTeams(operation.id);
  const update = useUpdateTarget(operation.id);
  const [closingId, setClosingId] = useState<string | null>(null);
  const [loggingId, setLoggingId] = useState<string | null>(() => readOpenForm(operation.id));
  const readOnly = operation.status === 'closed';
  const teamName = teams.data?.find((t) => t.id === operation.myTeamId)?.name;

  const mine = useMemo(
    () => targets.filter((t) => t.teamId === operation.myTeamId && t.status !== 'unassigned').sort(compareForTeam),
    [targets, operation.myTeamId],
  );
  const counts = useMemo(() => {
    const c = { assigned: 0, in_progress: 0, done: 0 };
    for (const t of mine) if (t.status in c) c[t.status as keyof typeof c] += 1;
    return c;
  }, [mine]);
  const logging = loggingId ? mine.find((t) => t.id === loggingId) : undefined;

  useEffect(() => {
    writeOpenForm(operation.id, logging ? logging.id : null);
  }, [operation.id, logging]);

  const change = (vars: UpdateTargetVariables, after?: () => void) => {
    update.reset();
    update.mutate(vars, { onSuccess: () => after?.() });
  };
  const pendingId = update.isPending ? update.variables?.target.id : undefined;
  // The next target still to work on after the one being logged, in queue order.
  const following = logging ? mine.slice(mine.indexOf(logging) + 1).find((t) => t.status !== 'done') : undefined;
  const goToNext = following
    ? () => {
        if (following.status === 'assigned') change({ target: following, change: { status: 'in_progress' } }, () => setLoggingId(following.id));
        else setLoggingId(following.id);
      }
    : undefined;

  const columns: DataTableColumn<Target>[] = [
    { key: 'kind', header: 'Kind', className: 'kind-cell', cell: (t) => TARGET_KIND_LABELS[t.kind] },
    {
      key: 'value',
      header: 'Value',
      className: 'value-cell',
      minWidth: '12rem',
      cell: (t) => (
        <>
          <span className={t.redacted ? 'target-value muted restricted' : 'target-value'}>{targetText(t)}</span>
          {t.platform ? <span className="muted small"> · {t.platform}</span> : null}
          {t.notes ? <div className="muted small">{t.notes}</div> : null}
        </>
      ),
    },
    { key: 'category', header: 'Category', cell: (t) => (t.category ? CATEGORY_LABELS[t.category] : '—') },
    { key: 'status', header: 'Status', cell: (t) => <TargetStatus target={t} /> },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      label: 'Actions',
      className: 'actions-cell',
      cell: (t) => {
        const busy = pendingId === t.id;
        return readOnly ? null : t.status === 'assigned' ? (
          <Button size="small" variant="primary" busy={busy} onClick={() => change({ target: t, change: { status: 'in_progress' } })}>
            Take
          </Button>
        ) : t.status === 'in_progress' ? (
          <>
            <Button size="small" variant="primary" onClick={() => setLoggingId(t.id)}>
              Log finding
            </Button>
            <Button size="small" onClick={() => setClosingId(closingId === t.id ? null : t.id)} aria-expanded={closingId === t.id}>
              Close
            </Button>
            <Button size="small" variant="link" busy={busy} onClick={() => change({ target: t, change: { status: 'assigned' } })}>
              Release
            </Button>
          </>
        ) : t.status === 'done' ? (
          <Button size="small" variant="link" busy={busy} onClick={() => change({ target: t, change: { status: 'in_progress' } })}>
            Reopen
          </Button>
        ) : null;
      },
    },
  ];

  return (
    <div className="stack">
      {logging ? (
        <section className="card log-finding-card" aria-labelledby="log-finding-title">
          <div className="section-head">
            <h2 id="log-finding-title">
              Log finding <span className="muted">— {targetText(logging)}</span>
            </h2>
          </div>
          {renderLogFinding(logging, () => setLoggingId(null), readOnly ? undefined : goToNext)}
        </section>
      ) : null}
      <section className="card" aria-labelledby="queue-title">
        <div className="section-head">
          <h2 id="queue-title">My queue{teamName ? ` — ${teamName}` : ''}</h2>
          <span className="muted small">
            {counts.in_progress} in progress · {counts.assigned} to do · {counts.done} done
          </span>
        </div>
        {readOnly ? <p className="notice">The operation is closed: the queue is read-only.</p> : null}
        <ErrorMessage error={update.error} />
        {mine.length === 0 ? (
          <p className="empty">No targets assigned to your team yet.</p>
        ) : (
          <DataTable
            className="queue-table"
            aria-labelledby="queue-title"
            columns={columns}
            rows={mine}
            rowKey={(t) => t.id}
            rowProps={(t) => ({ 'data-status': t.status, className: t.id === loggingId ? 'selected' : undefined })}
            expandedRowClassName="close-row"
            renderExpanded={(t) =>
              closingId !== t.id || t.status !== 'in_progress' || readOnly ? null : (
                <CloseTargetForm
                  busy={pendingId === t.id}
                  onCancel={() => setClosingId(null)}
                  onConfirm={(outcome) =>
                    change({ target: t, change: { status: 'done', outcome } }, () => {
                      setClosingId(null);
                      if (loggingId === t.id) setLoggingId(null);
                    })
                  }
                />
              )
            }
          />
        )}
      </section>
    </div>
  );
}

export function MyQueuePage({ operationId, renderLogFinding }: MyQueuePageProps) {
  const operation = useOperation(operationId);
  const targets = useTargets(operationId);
  return (
    <QueryState query={operation}>
      {(op) =>
        op.myTeamId ? (
          <QueryState query={targets} label="Loading your queue…">
            {(list) => <Queue operation={op} targets={list} renderLogFinding={renderLogFinding} />}
          </QueryState>
        ) : (
          <p className="empty">You are not in a team in this operation.</p>
        )
      }
    </QueryState>
  );
}
