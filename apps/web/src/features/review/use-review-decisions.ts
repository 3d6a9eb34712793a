import { useState } from 'react';
import type { Finding } from '@actionday/contracts';
import { isApiError } from '../../shared/api-client';
import { FINDING_STATUS_LABELS } from '../../shared/labels';
import { useReloadFinding } from './api/reload-finding';
import { useReviewFinding } from './api/review-finding';
import { findingTitle, type Decision, type RowLookups } from './components/review-row';

const DONE: Record<Decision, string> = { confirmed: 'Confirmed', rejected: 'Rejected', duplicate: 'Marked as duplicate' };

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

/**
 * A coordinator's decisions on the queue's rows, each saved with the version seen: which rows are
 * being saved, which ones conflict (changed by someone else: reload first), their errors, and the
 * status line announcing what happened.
 */
export function useReviewDecisions(operationId: string, lookups: RowLookups) {
  const review = useReviewFinding(operationId);
  const reload = useReloadFinding(operationId);
  const [conflicts, setConflicts] = useState<ReadonlyMap<string, string>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, unknown>>(new Map());
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState('');

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

  return { conflicts, errors, busy, status, setStatus, decide, reloadRow };
}
