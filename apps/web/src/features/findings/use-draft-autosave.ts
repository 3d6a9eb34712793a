import { useCallback, useEffect, useRef, useState } from 'react';
import type { Target } from '@actionday/contracts';
import { isDraftEmpty, saveDraft, type FindingDraft } from './finding-draft';

export const DRAFT_SAVE_DELAY_MS = 300;

/**
 * Saves the draft as the officer types (debounced), and at once when the page is hidden or the
 * form goes away, so that a reload, a closed laptop or a lost connection loses nothing.
 * Returns when the draft was last saved (null when there is nothing to keep or storage failed).
 */
export function useDraftAutosave(
  operationId: string,
  targetId: string | null,
  target: Pick<Target, 'kind' | 'value' | 'category'> | null,
  draft: FindingDraft,
): { savedAt: number | null; storageFailed: boolean; saveNow: () => void } {
  const latest = useRef(draft);
  latest.current = draft;
  const lastSaved = useRef<FindingDraft | null>(draft);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [storageFailed, setStorageFailed] = useState(false);

  const saveNow = useCallback(() => {
    const current = latest.current;
    if (lastSaved.current === current) return;
    lastSaved.current = current;
    const ok = saveDraft(operationId, targetId, current, target);
    setStorageFailed(!ok);
    setSavedAt(ok && !isDraftEmpty(current, target) ? Date.now() : null);
  }, [operationId, targetId, target]);

  useEffect(() => {
    if (lastSaved.current === draft) return;
    const t = setTimeout(saveNow, DRAFT_SAVE_DELAY_MS);
    return () => clearTimeout(t);
  }, [draft, saveNow]);

  useEffect(() => {
    const onHide = () => saveNow();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') saveNow();
    };
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      saveNow();
    };
  }, [saveNow]);

  return { savedAt, storageFailed, saveNow };
}
