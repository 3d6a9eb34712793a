import { useEffect, type RefObject } from 'react';
import { reviewKeyAction, type ReviewKeyAction } from './review-keys';

/** Shortcuts for the whole page while the queue is open (not while typing; see reviewKeyAction). */
export function useReviewShortcuts(queueRef: RefObject<HTMLElement | null>, pickerOpen: boolean, act: (action: ReviewKeyAction) => void): void {
  // Every render: the handler acts on the queue as it is now.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      const inQueue = !target || target === document.body || !!queueRef.current?.contains(target);
      const action = reviewKeyAction({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        target: target ? { tagName: target.tagName, isContentEditable: target.isContentEditable } : null,
        inQueue,
        pickerOpen,
      });
      if (!action) return;
      e.preventDefault();
      act(action);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
}
