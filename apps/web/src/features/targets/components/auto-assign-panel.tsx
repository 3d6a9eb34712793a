import { useEffect, useId, useRef } from 'react';
import type { Team } from '@actionday/contracts';
import { Button, DataTable, ErrorMessage, Spinner, type DataTableColumn } from '../../../shared/ui';
import { useAutoAssign } from '../api/auto-assign';
import { plural } from '../import-rules';
import { summarizeAutoAssign } from '../workload';

type ProposalRow = ReturnType<typeof summarizeAutoAssign>['teams'][number];

const PROPOSAL_COLUMNS: DataTableColumn<ProposalRow>[] = [
  { key: 'team', header: 'Team', rowHeader: true, cell: (t) => t.name },
  { key: 'gets', header: 'Gets', numeric: true, cell: (t) => t.gets.toLocaleString('en') },
  { key: 'loadAfter', header: 'Load after', numeric: true, cell: (t) => t.loadAfter.toLocaleString('en') },
];

const RULE_LABELS = {
  country_language: 'Country and language',
  country: 'Country only',
  language: 'Language only',
} as const;

export interface AutoAssignPanelProps {
  operationId: string;
  teams: Team[];
  /** The current selection; empty = every unassigned target (the API's default). */
  targetIds: readonly string[];
  onClose: () => void;
  onApplied: (message: string) => void;
}

/**
 * Rule-based assignment: the preview (apply:false) runs when the panel opens, and "Apply
 * assignment" sends the same request with apply:true, so what is applied is what was shown.
 */
export function AutoAssignPanel({ operationId, teams, targetIds, onClose, onApplied }: AutoAssignPanelProps) {
  const titleId = useId();
  const preview = useAutoAssign(operationId);
  const apply = useAutoAssign(operationId);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The ids the preview was made for: a selection changed while the panel is open is not applied.
  const idsRef = useRef(targetIds.length > 0 ? [...targetIds] : undefined);
  const { mutate: runPreview } = preview;

  useEffect(() => {
    headingRef.current?.focus();
    runPreview({ targetIds: idsRef.current, apply: false });
  }, [runPreview]);

  const summary = preview.data ? summarizeAutoAssign(preview.data, teams) : null;
  const proposals = preview.data?.proposals.length ?? 0;

  const onApply = () =>
    apply.mutate(
      { targetIds: idsRef.current, apply: true },
      {
        onSuccess: (res) => {
          const n = res.updated?.length ?? res.proposals.length;
          onApplied(`Auto-assigned ${plural(n, 'target')}${res.unmatched.length ? `; ${res.unmatched.length.toLocaleString('en')} left unassigned` : ''}`);
        },
      },
    );

  return (
    <div
      className="card auto-assign-panel"
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h3 id={titleId} ref={headingRef} tabIndex={-1}>
        Auto-assign by rule
      </h3>
      <p className="muted small">
        {idsRef.current ? `The ${plural(idsRef.current.length, 'selected target')}` : 'Every unassigned target'}, matched to the teams by
        country and language, then balanced by open workload.
      </p>
      {preview.isPending ? <Spinner label="Computing the proposal…" /> : null}
      <ErrorMessage error={preview.error ?? apply.error} />
      {summary ? (
        <>
          <DataTable
            className="auto-assign-table"
            caption="Proposal"
            columns={PROPOSAL_COLUMNS}
            rows={summary.teams}
            rowKey={(t) => t.teamId}
          />
          <p className="small">
            <strong>{summary.unmatched.toLocaleString('en')}</strong> unmatched (no team with that country or language; they stay
            unassigned).
          </p>
          <ul className="small rule-counts" aria-label="Matched by rule">
            {(Object.keys(RULE_LABELS) as (keyof typeof RULE_LABELS)[]).map((rule) => (
              <li key={rule}>
                {RULE_LABELS[rule]}: {summary.rules[rule].toLocaleString('en')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="inline-form">
        <Button variant="primary" onClick={onApply} busy={apply.isPending} disabled={!summary || proposals === 0}>
          Apply assignment
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </div>
  );
}
