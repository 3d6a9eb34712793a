import { useId, useMemo, useRef, useState, type DragEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Target } from '@actionday/contracts';
import { DataTable, type DataTableColumn } from '../../../shared/ui';
import { CATEGORY_LABELS, TARGET_KIND_LABELS, targetText } from '../../../shared/labels';
import { decodeDrag, TARGETS_DRAG_TYPE } from '../drag-selection';
import { TargetStatus as StatusBadges } from './target-status';

/** Estimated row height before measuring; rows with wrapped tags are measured and corrected. */
const ROW_HEIGHT = 37;
/** Height of a section's scroll box: about 14 rows, so that several sections fit on a screen. */
const SECTION_HEIGHT = 520;

interface BoardRow {
  target: Target;
  /** The row's index in the whole section (not only in the rendered window). */
  index: number;
  key: string | number | bigint;
}

function boardColumns(selected: ReadonlySet<string>, onToggle: (id: string) => void): DataTableColumn<BoardRow>[] {
  return [
    {
      key: 'check',
      header: <span className="sr-only">Selected</span>,
      label: 'Selected',
      width: '28px',
      className: 'check-cell',
      headerClassName: 'check-cell',
      cell: ({ target }) => (
        <input type="checkbox" aria-label={`Select ${targetText(target)}`} checked={selected.has(target.id)} onChange={() => onToggle(target.id)} />
      ),
    },
    { key: 'kind', header: 'Kind', width: '110px', className: 'kind-cell', cell: ({ target }) => TARGET_KIND_LABELS[target.kind] },
    {
      key: 'value',
      header: 'Value',
      className: 'value-cell',
      cell: ({ target }) => (
        <>
          <span className={target.redacted ? 'target-value muted restricted' : 'target-value'}>{targetText(target)}</span>
          {target.platform ? <span className="muted small"> · {target.platform}</span> : null}
          {target.normalizationFailed ? (
            <span className="warn small" title="The value could not be normalized">
              {' '}
              (raw)
            </span>
          ) : null}
        </>
      ),
    },
    { key: 'category', header: 'Category', width: '150px', cell: ({ target }) => (target.category ? CATEGORY_LABELS[target.category] : '—') },
    { key: 'status', header: 'Status', width: '170px', cell: ({ target }) => <StatusBadges target={target} /> },
    {
      key: 'tags',
      header: 'Tags',
      width: '200px',
      className: 'tags-cell',
      cell: ({ target }) => (
        <>
          {target.country ? <span className="tag">{target.country}</span> : null}
          {target.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </>
      ),
    },
  ];
}

export interface BoardSectionProps {
  title: string;
  targets: Target[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (ids: string[], select: boolean) => void;
  /** Rows can be dragged (coordinators). */
  canDrag: boolean;
  onDragStart: (e: DragEvent<HTMLTableRowElement>, id: string) => void;
  /** Set when targets may be dropped here: the team id, or null for Unassigned. */
  dropTeamId?: string | null;
  onDropTargets?: (teamId: string | null, ids: string[]) => void;
}

function hasTargets(e: DragEvent): boolean {
  return e.dataTransfer.types.includes(TARGETS_DRAG_TYPE);
}

/**
 * One section of the board. Its rows are virtualized (only those in view, plus a margin, are in
 * the DOM), so that a board of 10,000 targets scrolls smoothly; spacer rows above and below keep
 * the table's height and its row semantics intact.
 */
export function BoardSection({
  title,
  targets,
  selected,
  onToggle,
  onToggleAll,
  canDrag,
  onDragStart,
  dropTeamId,
  onDropTargets,
}: BoardSectionProps) {
  const headingId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [dragOver, setDragOver] = useState(false);
  const droppable = dropTeamId !== undefined && !!onDropTargets;

  const virtualizer = useVirtualizer({
    count: targets.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => targets[i].id,
    overscan: 10,
    // Rows on the first paint, before the scroll box has been measured.
    initialRect: { width: 0, height: SECTION_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length > 0 ? items[0].start : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  const columns = useMemo(() => boardColumns(selected, onToggle), [selected, onToggle]);
  const rows = items.flatMap((item) => {
    const target = targets[item.index];
    return target ? [{ target, index: item.index, key: item.key }] : [];
  });

  const allSelected = targets.length > 0 && targets.every((t) => selected.has(t.id));

  const dropProps = droppable
    ? {
        onDragEnter: (e: DragEvent<HTMLElement>) => {
          if (!hasTargets(e)) return;
          e.preventDefault();
          setDragOver(true);
        },
        onDragOver: (e: DragEvent<HTMLElement>) => {
          if (!hasTargets(e)) return;
          // preventDefault is what makes the section a drop target.
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
          if (!dragOver) setDragOver(true);
        },
        onDragLeave: (e: DragEvent<HTMLElement>) => {
          // Moving between child elements fires leave/enter pairs: only leaving the section counts.
          if (e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget)) return;
          setDragOver(false);
        },
        onDrop: (e: DragEvent<HTMLElement>) => {
          setDragOver(false);
          if (!hasTargets(e)) return;
          e.preventDefault();
          const ids = decodeDrag(e.dataTransfer.getData(TARGETS_DRAG_TYPE));
          if (ids.length > 0) onDropTargets?.(dropTeamId ?? null, ids);
        },
      }
    : {};

  return (
    <section
      className={['board-section', droppable ? 'drop-zone' : '', dragOver ? 'drag-over' : ''].filter(Boolean).join(' ')}
      aria-labelledby={headingId}
      data-drop-team={droppable ? (dropTeamId ?? 'none') : undefined}
      {...dropProps}
    >
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
        <p className="empty small">{droppable && canDrag ? 'No targets — drop targets here to move them.' : 'No targets.'}</p>
      ) : (
        <DataTable
          className="board-table"
          scrollClassName="board-scroll"
          scrollRef={scrollRef}
          maxHeight={SECTION_HEIGHT}
          tableProps={{ 'aria-rowcount': targets.length + 1 }}
          columns={columns}
          rows={rows}
          rowKey={(r) => String(r.key)}
          padTop={padTop}
          padBottom={padBottom}
          rowProps={({ target, index }) => ({
            ref: virtualizer.measureElement,
            'data-index': index,
            'aria-rowindex': index + 2,
            className: selected.has(target.id) ? 'selected' : undefined,
            'data-status': target.status,
            draggable: canDrag || undefined,
            onDragStart: canDrag ? (e) => onDragStart(e, target.id) : undefined,
          })}
        />
      )}
    </section>
  );
}
