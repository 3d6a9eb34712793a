import { memo, useId, useRef, useState, type DragEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Target } from '@actionday/contracts';
import { CATEGORY_LABELS, TARGET_KIND_LABELS } from '../../../shared/labels';
import { decodeDrag, TARGETS_DRAG_TYPE } from '../drag-selection';
import { TargetStatus as StatusBadges } from './target-status';

/** Estimated row height before measuring; rows with wrapped tags are measured and corrected. */
const ROW_HEIGHT = 37;
/** Height of a section's scroll box: about 14 rows, so that several sections fit on a screen. */
const SECTION_HEIGHT = 520;
const COLUMNS = 6;

interface RowProps {
  target: Target;
  index: number;
  selected: boolean;
  draggable: boolean;
  onToggle: (id: string) => void;
  onDragStart: (e: DragEvent<HTMLTableRowElement>, id: string) => void;
  measureRef: (el: HTMLTableRowElement | null) => void;
}

const BoardRow = memo(function BoardRow({ target, index, selected, draggable, onToggle, onDragStart, measureRef }: RowProps) {
  return (
    <tr
      ref={measureRef}
      data-index={index}
      aria-rowindex={index + 2}
      className={selected ? 'selected' : undefined}
      data-status={target.status}
      draggable={draggable || undefined}
      onDragStart={draggable ? (e) => onDragStart(e, target.id) : undefined}
    >
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
        <div className="board-scroll" ref={scrollRef} style={{ maxHeight: SECTION_HEIGHT }}>
          <table className="table board-table" aria-rowcount={targets.length + 1}>
            <colgroup>
              <col className="check-cell" />
              <col className="col-kind" />
              <col />
              <col className="col-category" />
              <col className="col-status" />
              <col className="col-tags" />
            </colgroup>
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
              {padTop > 0 ? (
                <tr aria-hidden="true" className="spacer-row">
                  <td colSpan={COLUMNS} style={{ height: padTop }} />
                </tr>
              ) : null}
              {items.map((item) => {
                const t = targets[item.index];
                if (!t) return null;
                return (
                  <BoardRow
                    key={item.key}
                    index={item.index}
                    target={t}
                    selected={selected.has(t.id)}
                    draggable={canDrag}
                    onToggle={onToggle}
                    onDragStart={onDragStart}
                    measureRef={virtualizer.measureElement}
                  />
                );
              })}
              {padBottom > 0 ? (
                <tr aria-hidden="true" className="spacer-row">
                  <td colSpan={COLUMNS} style={{ height: padBottom }} />
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
