import type { ImportProgress } from '@actionday/contracts';

const PHASE_ORDER: Record<ImportProgress['phase'], number> = { parsing: 0, checking: 1, inserting: 2, done: 3, failed: 3 };

/**
 * Folds one socket `progress` message into the state of the import being watched. Messages of
 * other operations or imports are ignored, and an older message arriving late never moves the bar
 * backwards (socket.io does not promise order across reconnects).
 */
export function nextImportProgress(
  current: ImportProgress | null,
  message: ImportProgress,
  operationId: string,
  importId: string,
): ImportProgress | null {
  if (message.operationId !== operationId || message.importId !== importId) return current;
  if (!current) return message;
  if (current.phase === 'done' || current.phase === 'failed') return current;
  const byPhase = PHASE_ORDER[message.phase] - PHASE_ORDER[current.phase];
  if (byPhase < 0 || (byPhase === 0 && message.processed < current.processed)) return current;
  return message;
}

/** 0..1 for a <progress> element; null while the total is unknown (indeterminate bar). */
export function progressFraction(p: ImportProgress | null): number | null {
  if (!p) return null;
  if (p.phase === 'done') return 1;
  if (p.total <= 0) return null;
  return Math.min(1, Math.max(0, p.processed / p.total));
}
