export type ReviewKeyAction = 'next' | 'prev' | 'first' | 'last' | 'confirm' | 'reject' | 'duplicate';

export interface ReviewKeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Where the key was pressed. */
  target: { tagName?: string; isContentEditable?: boolean } | null;
  /** The focus is inside the queue (or nowhere in particular: the page body). */
  inQueue: boolean;
  /** The duplicate picker is open: it handles its own keys. */
  pickerOpen?: boolean;
}

const EDITABLE = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

const LETTERS: Record<string, ReviewKeyAction> = {
  j: 'next',
  k: 'prev',
  c: 'confirm',
  r: 'reject',
  d: 'duplicate',
};

const ARROWS: Record<string, ReviewKeyAction> = {
  ArrowDown: 'next',
  ArrowUp: 'prev',
  Home: 'first',
  End: 'last',
};

/**
 * The review queue's shortcut for a key press, or null to leave the key alone: never while
 * typing in a field, never with Ctrl/Cmd/Alt (browser shortcuts), never while the duplicate
 * picker is open. Letters work anywhere on the page; arrows, Home and End only when the focus is
 * in the queue, so that they still scroll the page or move inside other widgets elsewhere.
 */
export function reviewKeyAction(input: ReviewKeyInput): ReviewKeyAction | null {
  if (input.pickerOpen) return null;
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  const t = input.target;
  if (t && (t.isContentEditable || (t.tagName && EDITABLE.has(t.tagName.toUpperCase())))) return null;
  const letter = input.key.length === 1 ? LETTERS[input.key.toLowerCase()] : undefined;
  if (letter) return letter;
  const arrow = ARROWS[input.key];
  if (arrow && input.inQueue) return arrow;
  return null;
}
