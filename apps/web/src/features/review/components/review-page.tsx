import { useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Finding, Operation } from '@actionday/contracts';
import { useFindings } from '../../../entities/findings';
import { useTeams } from '../../../entities/operations';
import { Button, QueryState } from '../../../shared/ui';
import { buildReviewQueue, moveSelection, type QueueFilter } from '../review-queue';
import type { ReviewKeyAction } from '../review-keys';
import { useReviewDecisions } from '../use-review-decisions';
import { useReviewLookups } from '../use-review-lookups';
import { useReviewSelection } from '../use-review-selection';
import { useReviewShortcuts } from '../use-review-shortcuts';
import { DuplicatePicker } from './duplicate-picker';
import { findingTitle, ReviewRow, type Decision } from './review-row';
import { ReviewToolbar } from './review-toolbar';

const PAGE = 100;

function ReviewQueueView({ operation, findings, focusId }: { operation: Operation; findings: Finding[]; focusId: string | null }) {
  const operationId = operation.id;
  const timeZone = operation.timezone;
  const hintsId = useId();
  const lookups = useReviewLookups(operationId, findings);
  const teams = useTeams(operationId);
  const { conflicts, errors, busy, setStatus, status, decide, reloadRow } = useReviewDecisions(operationId, lookups);

  const focusFinding = focusId ? findings.find((f) => f.id === focusId) : undefined;
  const [filter, setFilter] = useState<QueueFilter>({});
  const [showReviewed, setShowReviewed] = useState(focusFinding ? focusFinding.status !== 'submitted' : false);
  const [limit, setLimit] = useState(PAGE);
  const [pickerFor, setPickerFor] = useState<string | null>(null);

  const pinned = useMemo(() => new Set(conflicts.keys()), [conflicts]);
  const queue = useMemo(() => buildReviewQueue(findings, filter, pinned), [findings, filter, pinned]);
  const pending = queue.pending.slice(0, limit);
  const reviewed = showReviewed ? queue.reviewed.slice(0, limit) : [];
  const rows = [...pending, ...reviewed];
  const ids = rows.map((f) => f.id);
  const { selected, select, queueRef, rowRef, focusHandlers } = useReviewSelection(ids, focusFinding ? focusFinding.id : null);

  const showOriginal = (id: string) => {
    setShowReviewed(true);
    setFilter({});
    setLimit(Number.MAX_SAFE_INTEGER);
    select(id);
  };

  const act = (action: ReviewKeyAction) => {
    const current = rows.find((f) => f.id === selected);
    switch (action) {
      case 'next':
      case 'prev':
      case 'first':
      case 'last':
        select(moveSelection(ids, selected, action));
        return;
      case 'confirm':
      case 'reject': {
        if (!current) return;
        const decision: Decision = action === 'confirm' ? 'confirmed' : 'rejected';
        if (conflicts.has(current.id)) {
          setStatus(`${findingTitle(current, lookups)} changed meanwhile — reload it first`);
          return;
        }
        if (current.status === decision || busy.has(current.id)) return;
        decide(current, decision);
        // On to the next one while this one is saved.
        select(moveSelection(ids, current.id, 'next'));
        return;
      }
      case 'duplicate':
        if (current && !conflicts.has(current.id)) setPickerFor(current.id);
        return;
    }
  };
  useReviewShortcuts(queueRef, pickerFor !== null, act);

  const rowFor = (f: Finding) => (
    <ReviewRow
      key={f.id}
      finding={f}
      lookups={lookups}
      selected={f.id === selected}
      busy={busy.has(f.id)}
      conflict={conflicts.get(f.id) ?? null}
      error={errors.get(f.id)}
      timeZone={timeZone}
      hintsId={hintsId}
      rowRef={rowRef(f.id)}
      onSelect={() => select(f.id, false)}
      onDecide={(d) => decide(f, d)}
      onDuplicate={() => {
        select(f.id, false);
        setPickerFor(f.id);
      }}
      onReload={() => reloadRow(f)}
      onShowOriginal={showOriginal}
      picker={
        pickerFor === f.id ? (
          <DuplicatePicker
            subject={f}
            findings={findings}
            lookups={lookups}
            busy={busy.has(f.id)}
            timeZone={timeZone}
            onPick={(originalId) => {
              setPickerFor(null);
              decide(f, 'duplicate', originalId);
              select(f.status === 'submitted' ? moveSelection(ids, f.id, 'next') : f.id);
            }}
            onCancel={() => {
              setPickerFor(null);
              select(f.id);
            }}
          />
        ) : null
      }
    />
  );

  const waiting = queue.pending.filter((f) => f.status === 'submitted').length;
  return (
    <section className="card review-queue" aria-labelledby="review-title" data-testid="review-queue">
      <div className="section-head">
        <h2 id="review-title">Review queue</h2>
        <span className="badge" data-testid="review-waiting">
          {waiting} waiting
        </span>
      </div>
      <ReviewToolbar
        filter={filter}
        onFilter={setFilter}
        teams={teams.data}
        showReviewed={showReviewed}
        onShowReviewed={setShowReviewed}
        reviewedCount={queue.reviewed.length}
      />
      <p id={hintsId} className="review-hints small">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> move · <kbd>c</kbd> confirm · <kbd>r</kbd> reject · <kbd>d</kbd>{' '}
        duplicate of… · <kbd>Esc</kbd> closes the duplicate search
      </p>
      <p role="status" className="review-status small" data-testid="review-status">
        {status}
      </p>
      <div ref={queueRef} {...focusHandlers}>
        {pending.length === 0 ? (
          <p className="empty">Nothing waiting for review{filter.teamId || filter.type ? ' with these filters' : ''}.</p>
        ) : (
          <ol className="review-list" aria-label="Waiting for review, oldest first">
            {pending.map(rowFor)}
          </ol>
        )}
        {queue.pending.length > pending.length ? (
          <Button size="small" onClick={() => setLimit((n) => n + PAGE)}>
            Show more ({queue.pending.length - pending.length} left)
          </Button>
        ) : null}
        {showReviewed ? (
          <>
            <h3 className="review-subhead">Reviewed, most recent first</h3>
            {reviewed.length === 0 ? (
              <p className="empty small">No reviewed findings{filter.teamId || filter.type ? ' with these filters' : ''}.</p>
            ) : (
              <ol className="review-list" aria-label="Reviewed, most recent first">
                {reviewed.map(rowFor)}
              </ol>
            )}
            {queue.reviewed.length > reviewed.length ? (
              <Button size="small" onClick={() => setLimit((n) => n + PAGE)}>
                Show more ({queue.reviewed.length - reviewed.length} left)
              </Button>
            ) : null}
          </>
        ) : null}
      </div>
    </section>
  );
}

/** The Review tab (coordinators and organizers): submitted findings oldest first, decided by button or key. */
export function ReviewPage({ operation }: { operation: Operation }) {
  const findings = useFindings(operation.id);
  const [params] = useSearchParams();
  return (
    <QueryState query={findings} label="Loading findings…">
      {(list) => <ReviewQueueView operation={operation} findings={list} focusId={params.get('finding')} />}
    </QueryState>
  );
}
