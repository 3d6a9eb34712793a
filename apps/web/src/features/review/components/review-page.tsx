import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type Finding, type FindingType, type Operation } from '@actionday/contracts';
import { FindingTypeOptions, summarizeFinding, useFindings, useIndicatorLabel } from '../../findings';
import { TeamOptions, useMembers, useTeams } from '../../operations';
import { useTargets } from '../../targets';
import { isApiError } from '../../../shared/api-client';
import { Button, Checkbox, Field, QueryState } from '../../../shared/ui';
import { FINDING_STATUS_LABELS } from '../../../shared/labels';
import { useReloadFinding } from '../api/reload-finding';
import { useReviewFinding } from '../api/review-finding';
import { buildReviewQueue, moveSelection, nextSelection, type QueueFilter } from '../review-queue';
import { reviewKeyAction, type ReviewKeyAction } from '../review-keys';
import { DuplicatePicker } from './duplicate-picker';
import { findingTitle, ReviewRow, type Decision, type RowLookups } from './review-row';

const PAGE = 100;

function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  const next = new Map(map);
  next.set(key, value);
  return next;
}
function without<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}

function useLookups(operationId: string, findings: readonly Finding[]): RowLookups {
  const teams = useTeams(operationId);
  // Target values label the rows; the list is kept live by target events once loaded.
  const targets = useTargets(operationId);
  const members = useMembers(operationId);
  const indicatorLabel = useIndicatorLabel(operationId);
  return useMemo(() => {
    const teamName = new Map((teams.data ?? []).map((t) => [t.id, t.name]));
    const targetValue = new Map((targets.data ?? []).map((t) => [t.id, t.value]));
    const memberName = new Map((members.data ?? []).map((m) => [m.userId, m.displayName]));
    const byId = new Map(findings.map((f) => [f.id, f]));
    return {
      teamName: (id) => (id ? (teamName.get(id) ?? null) : null),
      targetValue: (id) => (id ? (targetValue.get(id) ?? null) : null),
      memberName: (id) => (id ? (memberName.get(id) ?? null) : null),
      summary: summarizeFinding,
      finding: (id) => (id ? byId.get(id) : undefined),
      indicatorLabel,
    };
  }, [teams.data, targets.data, members.data, findings, indicatorLabel]);
}

const DONE: Record<Decision, string> = { confirmed: 'Confirmed', rejected: 'Rejected', duplicate: 'Marked as duplicate' };

function ReviewQueueView({ operation, findings, focusId }: { operation: Operation; findings: Finding[]; focusId: string | null }) {
  const operationId = operation.id;
  const timeZone = operation.timezone;
  const hintsId = useId();
  const lookups = useLookups(operationId, findings);
  const teams = useTeams(operationId);
  const review = useReviewFinding(operationId);
  const reload = useReloadFinding(operationId);

  const focusFinding = focusId ? findings.find((f) => f.id === focusId) : undefined;
  const [filter, setFilter] = useState<QueueFilter>({});
  const [showReviewed, setShowReviewed] = useState(focusFinding ? focusFinding.status !== 'submitted' : false);
  const [limit, setLimit] = useState(PAGE);
  const [conflicts, setConflicts] = useState<ReadonlyMap<string, string>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, unknown>>(new Map());
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [pickerFor, setPickerFor] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const pinned = useMemo(() => new Set(conflicts.keys()), [conflicts]);
  const queue = useMemo(() => buildReviewQueue(findings, filter, pinned), [findings, filter, pinned]);
  const pending = queue.pending.slice(0, limit);
  const reviewed = showReviewed ? queue.reviewed.slice(0, limit) : [];
  const rows = [...pending, ...reviewed];
  const ids = rows.map((f) => f.id);

  // The selection follows its finding; when that leaves the list it moves to the next row.
  const [selectedId, setSelectedId] = useState<string | null>(focusFinding ? focusFinding.id : null);
  const idsKey = ids.join(',');
  const [tracked, setTracked] = useState({ key: idsKey, ids });
  if (tracked.key !== idsKey) {
    setTracked({ key: idsKey, ids });
    const next = nextSelection(tracked.ids, ids, selectedId);
    if (next !== selectedId) setSelectedId(next);
  }
  const selected = selectedId !== null && ids.includes(selectedId) ? selectedId : (ids[0] ?? null);

  // Focus: moved to the selected row after a key press, or when the focused row just left the list.
  const rowRefs = useRef(new Map<string, HTMLLIElement>());
  const queueRef = useRef<HTMLDivElement>(null);
  const focusNext = useRef<string | null>(focusFinding ? focusFinding.id : null);
  /** The row that last held the focus (itself or one of its buttons). */
  const focusedRow = useRef<string | null>(null);
  useEffect(() => {
    const onBody = document.activeElement === document.body || document.activeElement === null;
    const lost = onBody && focusedRow.current !== null && !ids.includes(focusedRow.current);
    const id = focusNext.current ?? (lost ? selected : null);
    focusNext.current = null;
    if (!id) return;
    const el = rowRefs.current.get(id);
    if (!el) return;
    el.focus({ preventScroll: true });
    el.scrollIntoView?.({ block: 'nearest' });
  });

  const select = useCallback((id: string | null, focus = true) => {
    setSelectedId(id);
    if (focus) focusNext.current = id;
  }, []);

  const setBusyFor = (id: string, on: boolean) =>
    setBusy((b) => {
      const next = new Set(b);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const decide = (f: Finding, decision: Decision, duplicateOf?: string) => {
    if (busy.has(f.id) || conflicts.has(f.id)) return;
    const title = findingTitle(f, lookups);
    setBusyFor(f.id, true);
    setErrors((m) => without(m, f.id));
    review
      .mutateAsync({ finding: f, status: decision, duplicateOf })
      .then(() => setStatus(`${DONE[decision]}: ${title}`))
      .catch((e: unknown) => {
        if (isApiError(e, 409)) {
          setConflicts((m) => withEntry(m, f.id, e.message));
          setStatus(`Not saved: ${title} — ${e.message}`);
        } else setErrors((m) => withEntry(m, f.id, e));
      })
      .finally(() => setBusyFor(f.id, false));
  };

  const reloadRow = (f: Finding) => {
    setBusyFor(f.id, true);
    setErrors((m) => without(m, f.id));
    reload
      .mutateAsync(f)
      .then((fresh) => {
        setConflicts((m) => without(m, f.id));
        const title = findingTitle(fresh ?? f, lookups);
        setStatus(fresh ? `Reloaded: ${title} is now ${FINDING_STATUS_LABELS[fresh.status].toLowerCase()} (version ${fresh.version})` : `${title} could not be found any more`);
      })
      .catch((e: unknown) => setErrors((m) => withEntry(m, f.id, e)))
      .finally(() => setBusyFor(f.id, false));
  };

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

  // Shortcuts for the whole page while the queue is open (not while typing; see reviewKeyAction).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      const inQueue = !target || target === document.body || !!queueRef.current?.contains(target);
      const action = reviewKeyAction({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        target: target ? { tagName: target.tagName, isContentEditable: target.isContentEditable } : null,
        inQueue,
        pickerOpen: pickerFor !== null,
      });
      if (!action) return;
      e.preventDefault();
      act(action);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

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
      rowRef={(el) => {
        if (el) rowRefs.current.set(f.id, el);
        else rowRefs.current.delete(f.id);
      }}
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
      <div className="toolbar">
        <Field label="Type">
          {(p) => (
            <select {...p} value={filter.type ?? ''} onChange={(e) => setFilter((f) => ({ ...f, type: (e.target.value || undefined) as FindingType | undefined }))}>
              <option value="">All types</option>
              <FindingTypeOptions />
            </select>
          )}
        </Field>
        <Field label="Team">
          {(p) => (
            <select {...p} value={filter.teamId ?? ''} onChange={(e) => setFilter((f) => ({ ...f, teamId: e.target.value || undefined }))}>
              <option value="">All teams</option>
              <TeamOptions teams={teams.data} />
            </select>
          )}
        </Field>
        <Checkbox label={`Show reviewed (${queue.reviewed.length})`} checked={showReviewed} onChange={setShowReviewed} />
      </div>
      <p id={hintsId} className="review-hints small">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> move · <kbd>c</kbd> confirm · <kbd>r</kbd> reject · <kbd>d</kbd>{' '}
        duplicate of… · <kbd>Esc</kbd> closes the duplicate search
      </p>
      <p role="status" className="review-status small" data-testid="review-status">
        {status}
      </p>
      <div
        ref={queueRef}
        onFocus={(e) => {
          focusedRow.current = e.target instanceof HTMLElement ? (e.target.closest<HTMLElement>('[data-finding-id]')?.dataset.findingId ?? null) : null;
        }}
        onBlur={(e) => {
          // Focus leaving for somewhere else forgets the row; a row removed from under the focus does not.
          if (e.relatedTarget) focusedRow.current = null;
        }}
      >
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
