import type { ReactNode } from 'react';
import {
  PLATFORM_CATEGORIES,
  TARGET_KINDS,
  TARGET_OUTCOMES,
  TARGET_STATUSES,
  type PlatformCategory,
  type Team,
  type TargetKind,
  type TargetOutcome,
  type TargetStatus,
} from '@actionday/contracts';
import { Field } from '../../../shared/ui';
import { CATEGORY_LABELS, TARGET_KIND_LABELS, TARGET_OUTCOME_LABELS, TARGET_STATUS_LABELS } from '../../../shared/labels';
import type { BoardFilters } from '../target-filter';
import { UNASSIGNED } from './assign-bar';

function FilterSelect<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T | '';
  options: readonly { value: T; label: string }[];
  onChange: (value: T | '') => void;
}) {
  return (
    <Field label={label}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as T | '')}>
          <option value="">All</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const STATUS_OPTIONS = TARGET_STATUSES.map((s) => ({ value: s, label: TARGET_STATUS_LABELS[s] }));
const KIND_OPTIONS = TARGET_KINDS.map((k) => ({ value: k, label: TARGET_KIND_LABELS[k] }));
const CATEGORY_OPTIONS = PLATFORM_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }));
const OUTCOME_OPTIONS = TARGET_OUTCOMES.map((o) => ({ value: o, label: TARGET_OUTCOME_LABELS[o] }));

export interface BoardFilterBarProps {
  filters: BoardFilters;
  onFilter: <K extends keyof BoardFilters>(key: K, value: BoardFilters[K]) => void;
  teams: Team[];
  /** The tags of the board's targets. */
  tags: string[];
  /** At the end of the bar (the assign form). */
  children?: ReactNode;
}

/** The board's search and filters: status, kind, category, outcome, team, tag. */
export function BoardFilterBar({ filters, onFilter, teams, tags, children }: BoardFilterBarProps) {
  return (
    <div className="toolbar">
      <Field label="Search targets" className="grow">
        {(p) => <input {...p} type="search" value={filters.q} onChange={(e) => onFilter('q', e.target.value)} />}
      </Field>
      <FilterSelect<TargetStatus> label="Filter by status" value={filters.status} options={STATUS_OPTIONS} onChange={(v) => onFilter('status', v)} />
      <FilterSelect<TargetKind> label="Filter by kind" value={filters.kind} options={KIND_OPTIONS} onChange={(v) => onFilter('kind', v)} />
      <FilterSelect<PlatformCategory> label="Filter by category" value={filters.category} options={CATEGORY_OPTIONS} onChange={(v) => onFilter('category', v)} />
      <FilterSelect<TargetOutcome> label="Filter by outcome" value={filters.outcome} options={OUTCOME_OPTIONS} onChange={(v) => onFilter('outcome', v)} />
      <FilterSelect<string>
        label="Filter by team"
        value={filters.teamId}
        options={[...teams.map((t) => ({ value: t.id, label: t.name })), { value: UNASSIGNED, label: 'Unassigned' }]}
        onChange={(v) => onFilter('teamId', v)}
      />
      <FilterSelect<string> label="Filter by tag" value={filters.tag} options={tags.map((t) => ({ value: t, label: t }))} onChange={(v) => onFilter('tag', v)} />
      {children}
    </div>
  );
}
