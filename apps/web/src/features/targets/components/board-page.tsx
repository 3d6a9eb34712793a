import { memo, useCallback, useId, useMemo, useState, type FormEvent } from 'react';
import type { Target, Team } from '@actionday/contracts';
import { TARGET_STATUSES, type TargetStatus } from '@actionday/contracts';
import { useTeams } from '../../operations';
import { Button, ErrorMessage, Field, QueryState } from '../../../shared/ui';
import { CATEGORY_LABELS, TARGET_KIND_LABELS, TARGET_STATUS_LABELS } from '../../../shared/labels';
import { useAssignTargets } from '../api/assign-targets';
import { useTargets } from '../api/get-targets';
import { compareForTeam, compareUnassigned, matchesSearch } from '../target-filter';
import { NewTargetForm } from './new-target-form';
import { TargetStatus as StatusBadges } from './target-status';

/** Rows rendered per section before "Show all": keeps a board of thousands of targets responsive. */
const ROWS_PER_SECTION = 1000;
const UNASSIGNED = 'none';

interface RowProps {
  target: Target;
  selected: boolean;
  onToggle: (id: string) => void;
}

const BoardRow = memo(function BoardRow({ target, selected, onToggle }: RowProps) {
  return (
    <tr className={selected ? 'selected' : undefined} data-status={target.status}>
      <td className="check-cell">
        <input type="checkbox" aria-label={`Select ${target.value}`} checked={selected} onChange={() => onToggle(target.id)} />
      </td>
      <td className="kind-cell">{TARGET_KIND_LABELS[target.kind]}</td>
      <td className="value-cell">
        <span className="target-value">{target.value}</span>
        {target.platform ? <span className="muted small"> · {target.platform}</span> : null}
        {target.normalizationFailed ? (
          <span className="warn small" title="The value could not be normalized">
            {' '}
            (raw)
          </span>
        ) : null}
      </td>
      <td>{target.category ? CATEGORY_LABELS[target.category] : '—'}</td>
      <td>
        <StatusBadges target={target} />
      </td>
      <td className="tags-cell">
        {target.country ? <span className="tag">{target.country}</span> : null}
        {target.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </td>
    </tr>
  );
});

interface SectionProps {
  title: string;
  targets: Target[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (ids: string[], select: boolean) => void;
}

function BoardSection({ title, targets, selected, onToggle, onToggleAll }: SectionProps) {
  const headingId = useId();
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? targets : targets.slice(0, ROWS_PER_SECTION);
  const allSelected = targets.length > 0 && targets.every((t) => selected.has(t.id));
  return (
    <section className="board-section" aria-labelledby={headingId}>
      <div className="section-head">
        <h3 id={headingId}>
          {title} <span className="count">{targets.length}</span>
        </h3>
        {targets.length > 0 ? (
          <label className="check small">
            <input
              type="checkbox"
              checked={allSelected}
              onChange={(e) =>
                onToggleAll(
                  targets.map((t) => t.id),
                  e.target.checked,
                )
              }
            />
            All in {title}
          </label>
        ) : null}
      </div>
      {targets.length === 0 ? (
        <p className="empty small">No targets.</p>
      ) : (
        <table className="table board-table">
          <thead>
            <tr>
              <th scope="col" className="check-cell">
                <span className="sr-only">Selected</span>
              </th>
              <th scope="col">Kind</th>
              <th scope="col">Value</th>
              <th scope="col">Category</th>
              <th scope="col">Status</th>
              <th scope="col">Tags</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((t) => (
              <BoardRow key={t.id} target={t} selected={selected.has(t.id)} onToggle={onToggle} />
            ))}
          </tbody>
        </table>
      )}
      {shown.length < targets.length ? (
        <Button size="small" onClick={() => setShowAll(true)}>
          Show all {targets.length}
        </Button>
      ) : null}
    </section>
  );
}

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
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
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

function Board({ operationId, targets, teams, canManage }: { operationId: string; targets: Target[]; teams: Team[]; canManage: boolean }) {
  const [search, setSearch] = useState('');
  const [statusFilter, setStatusFilter] = useState<'' | TargetStatus>('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());

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

  const sections = useMemo(() => {
    const q = search.trim();
    const byTeam = new Map<string, Target[]>(teams.map((t) => [t.id, []]));
    const unassigned: Target[] = [];
    const orphans: Target[] = [];
    for (const t of targets) {
      if (statusFilter && t.status !== statusFilter) continue;
      if (!matchesSearch(t, q)) continue;
      if (!t.teamId) unassigned.push(t);
      else (byTeam.get(t.teamId) ?? orphans).push(t);
    }
    unassigned.sort(compareUnassigned);
    for (const list of byTeam.values()) list.sort(compareForTeam);
    return { unassigned, byTeam, orphans };
  }, [targets, teams, search, statusFilter]);

  return (
    <div className="stack">
      {canManage ? (
        <section className="card" aria-labelledby="new-target-title">
          <h2 id="new-target-title">New target</h2>
          <NewTargetForm operationId={operationId} />
        </section>
      ) : null}
      <section className="card board" aria-labelledby="board-title">
        <div className="section-head">
          <h2 id="board-title">Board</h2>
          <span className="muted small">{targets.length} targets</span>
        </div>
        <div className="toolbar">
          <Field label="Search targets" className="grow">
            {(p) => <input {...p} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />}
          </Field>
          <Field label="Filter by status">
            {(p) => (
              <select {...p} value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as '' | TargetStatus)}>
                <option value="">All</option>
                {TARGET_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {TARGET_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {canManage ? <AssignBar operationId={operationId} teams={teams} selected={selected} onDone={clearSelection} /> : null}
        </div>
        <BoardSection title="Unassigned" targets={sections.unassigned} selected={selected} onToggle={onToggle} onToggleAll={onToggleAll} />
        {teams.map((team) => (
          <BoardSection
            key={team.id}
            title={team.name}
            targets={sections.byTeam.get(team.id) ?? []}
            selected={selected}
            onToggle={onToggle}
            onToggleAll={onToggleAll}
          />
        ))}
        {sections.orphans.length > 0 ? (
          <BoardSection title="Other teams" targets={sections.orphans} selected={selected} onToggle={onToggle} onToggleAll={onToggleAll} />
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
