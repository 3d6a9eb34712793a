import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Target, Team } from '@actionday/contracts';
import { useTeams } from '../../../entities/operations';
import { useTargets } from '../../../entities/targets';
import { Button, ErrorMessage, QueryState } from '../../../shared/ui';
import { useAssignTargets } from '../api/assign-targets';
import { draggedIds, encodeDrag, idsToMove, TARGETS_DRAG_TYPE } from '../drag-selection';
import { plural } from '../import-rules';
import { collectTags, compareForTeam, compareUnassigned, matchesFilters, NO_FILTERS, type BoardFilters } from '../target-filter';
import { AssignBar, UNASSIGNED } from './assign-bar';
import { AutoAssignPanel } from './auto-assign-panel';
import { BoardFilterBar } from './board-filters';
import { BoardSection } from './board-section';
import { ExportButton } from './export-button';
import { ImportPanel } from './import-panel';
import { NewTargetForm } from './new-target-form';
import { WorkloadTable } from './workload-table';

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
        <BoardFilterBar filters={filters} onFilter={setFilter} teams={teams} tags={tags}>
          {canManage ? <AssignBar operationId={operationId} teams={teams} selected={selected} onDone={clearSelection} /> : null}
        </BoardFilterBar>
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
