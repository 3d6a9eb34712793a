import { useCallback, useEffect, useRef, useState } from 'react';
import { nextSelection } from './review-queue';

/**
 * The selected row of the queue, and the keyboard focus that follows it. The selection follows its
 * finding; when that leaves the list it moves to the next row. Focus moves to the selected row
 * after a key press, or when the focused row just left the list.
 */
export function useReviewSelection(ids: string[], initialId: string | null) {
  const [selectedId, setSelectedId] = useState<string | null>(initialId);
  const idsKey = ids.join(',');
  const [tracked, setTracked] = useState({ key: idsKey, ids });
  if (tracked.key !== idsKey) {
    setTracked({ key: idsKey, ids });
    const next = nextSelection(tracked.ids, ids, selectedId);
    if (next !== selectedId) setSelectedId(next);
  }
  const selected = selectedId !== null && ids.includes(selectedId) ? selectedId : (ids[0] ?? null);

  const rowRefs = useRef(new Map<string, HTMLLIElement>());
  const queueRef = useRef<HTMLDivElement>(null);
  const focusNext = useRef<string | null>(initialId);
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

  /** The ref callback of one row. */
  const rowRef = (id: string) => (el: HTMLLIElement | null) => {
    if (el) rowRefs.current.set(id, el);
    else rowRefs.current.delete(id);
  };

  /** On the queue's container: which row holds the focus. */
  const focusHandlers = {
    onFocus: (e: { target: EventTarget }) => {
      focusedRow.current = e.target instanceof HTMLElement ? (e.target.closest<HTMLElement>('[data-finding-id]')?.dataset.findingId ?? null) : null;
    },
    onBlur: (e: { relatedTarget: EventTarget | null }) => {
      // Focus leaving for somewhere else forgets the row; a row removed from under the focus does not.
      if (e.relatedTarget) focusedRow.current = null;
    },
  };

  return { selected, select, queueRef, rowRef, focusHandlers };
}
