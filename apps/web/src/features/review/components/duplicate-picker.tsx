import { useId, useMemo, useState } from 'react';
import type { Finding } from '@actionday/contracts';
import { Button, Field } from '../../../shared/ui';
import { formatDateTime } from '../../../shared/format';
import { FINDING_STATUS_LABELS, FINDING_TYPE_LABELS } from '../../../shared/labels';
import { rankDuplicateCandidates, type CandidateLookups } from '../duplicate-candidates';

export interface DuplicatePickerProps {
  subject: Finding;
  findings: readonly Finding[];
  lookups: CandidateLookups;
  busy: boolean;
  timeZone?: string;
  onPick: (originalId: string) => void;
  onCancel: () => void;
}

/**
 * "Mark as duplicate of…": the likeliest originals first (same identifier, same target…), a
 * search over everything else. Enter takes the chosen one (the first by default), Escape cancels.
 */
export function DuplicatePicker({ subject, findings, lookups, busy, timeZone, onPick, onCancel }: DuplicatePickerProps) {
  const name = useId();
  const [query, setQuery] = useState('');
  const [choice, setChoice] = useState<string | null>(null);
  const ranked = useMemo(() => rankDuplicateCandidates(subject, findings, query, lookups), [subject, findings, query, lookups]);
  const chosen = choice && ranked.items.some((c) => c.finding.id === choice) ? choice : (ranked.items[0]?.finding.id ?? null);
  return (
    <form
      className="duplicate-picker"
      aria-label="Mark as duplicate of another finding"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen && !busy) onPick(chosen);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <Field label="Duplicate of which finding?" hint="Same identifier and same target first; type to search by identifier, target, team, alias or notes.">
        {(p) => (
          // The picker opens on a key press (d): the search takes the focus at once.
          <input {...p} type="search" autoFocus value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        )}
      </Field>
      <fieldset className="duplicate-candidates">
        <legend className="sr-only">Original finding</legend>
        {ranked.items.length === 0 ? (
          <p className="muted small">No other finding matches{query ? ' this search' : ''}.</p>
        ) : (
          <ul>
            {ranked.items.map(({ finding: f, reasons }) => {
              const team = lookups.teamName(f.teamId);
              const target = lookups.targetValue(f.targetId);
              return (
                <li key={f.id}>
                  <label className="duplicate-candidate">
                    <input type="radio" name={name} value={f.id} checked={chosen === f.id} onChange={() => setChoice(f.id)} />
                    <span>
                      <strong>{FINDING_TYPE_LABELS[f.type]}</strong>
                      {team ? ` — ${team}` : ''}
                      {target ? ` · ${target}` : ''} · {lookups.summary(f)} · {formatDateTime(f.createdAt, timeZone)}
                      {f.status !== 'submitted' ? ` · ${FINDING_STATUS_LABELS[f.status].toLowerCase()}` : ''}
                      {reasons.length ? (
                        <span className="duplicate-reasons">
                          {reasons.map((r) => (
                            <span key={r} className="tag">
                              {r}
                            </span>
                          ))}
                        </span>
                      ) : null}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        {ranked.total > ranked.items.length ? (
          <p className="muted small">{ranked.total - ranked.items.length} more — narrow the search to see them.</p>
        ) : null}
      </fieldset>
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={!chosen} busy={busy}>
          Mark as duplicate
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
