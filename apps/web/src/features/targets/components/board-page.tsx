import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { Target, Team } from '@actionday/contracts';
import {
  PLATFORM_CATEGORIES,
  TARGET_KINDS,
  TARGET_OUTCOMES,
  TARGET_STATUSES,
  type PlatformCategory,
  type TargetKind,
  type TargetOutcome,
  type TargetStatus,
} from '@actionday/contracts';
import { TeamOptions, useTeams } from '../../operations';
import { Button, ErrorMessage, Field, QueryState } from '../../../shared/ui';
import { CATEGORY_LABELS, TARGET_KIND_LABELS, TARGET_OUTCOME_LABELS, TARGET_STATUS_LABELS } from '../../../shared/labels';
import { useAssignTargets } from '../api/assign-targets';
import { downloadTargetsCsv } from '../api/export-targets';
import { useTargets } from '../api/get-targets';
import { draggedIds, encodeDrag, idsToMove, TARGETS_DRAG_TYPE } from '../drag-selection';
import { plural } from '../import-rules';
import { collectTags, compareForTeam, compareUnassigned, matchesFilters, NO_FILTERS, type BoardFilters } from '../target-filter';
import { AutoAssignPanel } from './auto-assign-panel';
import { BoardSection } from './board-section';
import { ImportPanel } from './import-panel';
import { NewTargetForm } from './new-target-form';
import { WorkloadTable } from './workload-table';

const UNASSIGNED = 'none';

function AssignBar({
  operationId,
  teams,
  selected,
  onDone,
}: {
  operationId: string;
  teams: Team[];
  selected: ReadonlySet<string>;
  onDone: () => void;
}) {
  const assign = useAssignTargets(operationId);
  const [teamId, setTeamId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setStatus('');
    if (!teamId) {
      setError('Choose a team (or Unassigned) first');
      return;
    }
    if (selected.size === 0) {
      setError('Select targets first');
      return;
    }
    setError(null);
    const target = teamId === UNASSIGNED ? null : teamId;
    const name = teams.find((t) => t.id === target)?.name;
    assign.mutate(
      { teamId: target, targetIds: [...selected] },
      {
        onSuccess: (res) => {
          const n = res.updated.length;
          setStatus(name ? `Assigned ${n} target${n === 1 ? '' : 's'} to ${name}` : `Unassigned ${n} target${n === 1 ? '' : 's'}`);
          onDone();
        },
        onError: (err) => setError(err),
      },
    );
  };

  return (
    <form className="inline-form assign-bar" onSubmit={onSubmit} aria-label="Assign targets">
      <Field label="Assign to team">
        {(p) => (
          <select {...p} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="" disabled>
              Choose…
            </option>
            <TeamOptions teams={teams} />
            <option value={UNASSIGNED}>Unassigned</option>
          </select>
        )}
      </Field>
      <Button type="submit" variant="primary" busy={assign.isPending} disabled={selected.size === 0}>
        Assign selected
      </Button>
      <span className="muted small" aria-live="polite">
        {selected.size} selected
      </span>
      {selected.size > 0 ? (
        <Button size="small" variant="link" onClick={onDone}>
          Clear selection
        </Button>
      ) : null}
      <span className="ok small" role="status">
        {status}
      </span>
      <ErrorMessage error={error} className="full-row" />
    </form>
  );
}

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

function ExportButton({ operationId }: { operationId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const onClick = () => {
    setBusy(true);
    setError(null);
    downloadTargetsCsv(operationId, `targets-${new Date().toISOString().slice(0, 10)}.csv`)
      .catch((e: unknown) => setError(e))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <Button size="small" onClick={onClick} busy={busy}>
        Download CSV
      </Button>
      <ErrorMessage error={error} className="full-row" />
    </>
  );
}

function Board({ operationId, targets, teams, canManage }: { operationId: string; targets: Target[]; teams: Team[]; canManage: boolean }) {
  const [filters, setFilters] = useState<BoardFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [autoAssignOpen, setAutoAssignOpen] = useState(false);
  const [boardStatus, setBoardStatus] = useState('');
  const [dropError, setDropError] = useState<unknown>(null);
  const assign = useAssignTargets(operationId);
  const setFilter = <K extends keyof BoardFilters>(key: K, value: BoardFilters[K]) => setFilters((f) => ({ ...f, [key]: value }));

  // Read by the drag handler, which stays the same function so that the memoized rows do not re-render.
  const selectedRef = useRef(selected);
  useEffect(() => {
    selectedRef.current = selected;
  }, [selected]);

  const onToggle = useCallback((id: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const onToggleAll = useCallback((ids: string[], select: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (select) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const clearSelection = useCallback(() => setSelected(new Set()), []);

  const byId = useMemo(() => new Map(targets.map((t) => [t.id, t])), [targets]);
  const tags = useMemo(() => collectTags(targets), [targets]);

  const onDragStart = useCallback(
    (e: DragEvent<HTMLTableRowElement>, id: string) => {
      const ids = draggedIds(id, selectedRef.current);
      e.dataTransfer.setData(TARGETS_DRAG_TYPE, encodeDrag(ids));
      // For drops outside the app (a text editor): the values, one a line.
      e.dataTransfer.setData('text/plain', ids.map((i) => byId.get(i)?.value ?? i).join('\n'));
      e.dataTransfer.effectAllowed = 'move';
    },
    [byId],
  );

  const { mutate: assignMutate } = assign;
  const onDropTargets = useCallback(
    (teamId: string | null, ids: string[]) => {
      const moving = idsToMove(ids, byId, teamId);
      if (moving.length === 0) return;
      const name = teams.find((t) => t.id === teamId)?.name;
      setDropError(null);
      setBoardStatus('');
      assignMutate(
        { teamId, targetIds: moving },
        {
          onSuccess: (res) => {
            const n = res.updated.length;
            setBoardStatus(name ? `Assigned ${plural(n, 'target')} to ${name}` : `Unassigned ${plural(n, 'target')}`);
            // The dragged rows were the selection (or one row): either way the selection is spent.
            if (moving.some((id) => selectedRef.current.has(id))) setSelected(new Set());
          },
          onError: (err) => setDropError(err),
        },
      );
    },
    [assignMutate, byId, teams],
  );

  const sections = useMemo(() => {
    const byTeam = new Map<string, Target[]>(teams.map((t) => [t.id, []]));
    const unassigned: Target[] = [];
    const orphans: Target[] = [];
    for (const t of targets) {
      if (!matchesFilters(t, filters)) continue;
      if (!t.teamId) unassigned.push(t);
      else (byTeam.get(t.teamId) ?? orphans).push(t);
    }
    unassigned.sort(compareUnassigned);
    for (const list of byTeam.values()) list.sort(compareForTeam);
    return { unassigned, byTeam, orphans };
  }, [targets, teams, filters]);

  const shown = (sectionTeam: string) => !filters.teamId || filters.teamId === sectionTeam;
  const sectionProps = { selected, onToggle, onToggleAll, canDrag: canManage, onDragStart, onDropTargets: canManage ? onDropTargets : undefined };

  return (
    <div className="stack">
      {canManage ? (
        <section className="card" aria-labelledby="new-target-title">
          <h2 id="new-target-title">New target</h2>
          <NewTargetForm operationId={operationId} />
        </section>
      ) : null}
      {canManage ? (
        <section className="card" aria-labelledby="import-title">
          <h2 id="import-title">Import targets</h2>
          <ImportPanel operationId={operationId} />
        </section>
      ) : null}
      <WorkloadTable operationId={operationId} />
      <section className="card board" aria-labelledby="board-title">
        <div className="section-head">
          <h2 id="board-title">Board</h2>
          <span className="muted small">{targets.length} targets</span>
          <ExportButton operationId={operationId} />
          {canManage ? (
            <Button size="small" onClick={() => setAutoAssignOpen(true)} disabled={autoAssignOpen}>
              Auto-assign…
            </Button>
          ) : null}
        </div>
        {autoAssignOpen ? (
          <AutoAssignPanel
            operationId={operationId}
            teams={teams}
            targetIds={[...selected]}
            onClose={() => setAutoAssignOpen(false)}
            onApplied={(message) => {
              setAutoAssignOpen(false);
              setBoardStatus(message);
              clearSelection();
            }}
          />
        ) : null}
        <div className="toolbar">
          <Field label="Search targets" className="grow">
            {(p) => <input {...p} type="search" value={filters.q} onChange={(e) => setFilter('q', e.target.value)} />}
          </Field>
          <FilterSelect<TargetStatus> label="Filter by status" value={filters.status} options={STATUS_OPTIONS} onChange={(v) => setFilter('status', v)} />
          <FilterSelect<TargetKind> label="Filter by kind" value={filters.kind} options={KIND_OPTIONS} onChange={(v) => setFilter('kind', v)} />
          <FilterSelect<PlatformCategory>
            label="Filter by category"
            value={filters.category}
            options={CATEGORY_OPTIONS}
            onChange={(v) => setFilter('category', v)}
          />
          <FilterSelect<TargetOutcome>
            label="Filter by outcome"
            value={filters.outcome}
            options={OUTCOME_OPTIONS}
            onChange={(v) => setFilter('outcome', v)}
          />
          <FilterSelect<string>
            label="Filter by team"
            value={filters.teamId}
            options={[...teams.map((t) => ({ value: t.id, label: t.name })), { value: UNASSIGNED, label: 'Unassigned' }]}
            onChange={(v) => setFilter('teamId', v)}
          />
          <FilterSelect<string>
            label="Filter by tag"
            value={filters.tag}
            options={tags.map((t) => ({ value: t, label: t }))}
            onChange={(v) => setFilter('tag', v)}
          />
          {canManage ? <AssignBar operationId={operationId} teams={teams} selected={selected} onDone={clearSelection} /> : null}
        </div>
        <p className="ok small" role="status">
          {assign.isPending ? 'Assigning…' : boardStatus}
        </p>
        <ErrorMessage error={dropError} />
        {canManage ? (
          <p className="muted small">Drag rows onto a team (or Unassigned) to assign them; dragging a selected row moves the whole selection.</p>
        ) : null}
        {shown(UNASSIGNED) ? <BoardSection title="Unassigned" targets={sections.unassigned} dropTeamId={null} {...sectionProps} /> : null}
        {teams.filter((team) => shown(team.id)).map((team) => (
          <BoardSection key={team.id} title={team.name} targets={sections.byTeam.get(team.id) ?? []} dropTeamId={team.id} {...sectionProps} />
        ))}
        {sections.orphans.length > 0 ? (
          <BoardSection title="Other teams" targets={sections.orphans} {...sectionProps} onDropTargets={undefined} />
        ) : null}
      </section>
    </div>
  );
}

export function BoardPage({ operationId, canManage }: { operationId: string; canManage: boolean }) {
  const targets = useTargets(operationId);
  const teams = useTeams(operationId);
  return (
    <QueryState query={targets} label="Loading targets…">
      {(list) => <Board operationId={operationId} targets={list} teams={teams.data ?? []} canManage={canManage} />}
    </QueryState>
  );
}
