import type { Target } from '@actionday/contracts';

/** The MIME type of a drag of targets on the board; other drags (files, text) are not drop-able. */
export const TARGETS_DRAG_TYPE = 'application/x-actionday-targets';

/** Dragging a selected row drags the whole selection; dragging another row drags that row only. */
export function draggedIds(draggedId: string, selected: ReadonlySet<string>): string[] {
  return selected.has(draggedId) ? [draggedId, ...[...selected].filter((id) => id !== draggedId)] : [draggedId];
}

/** What a drop onto a team (null = Unassigned) must change: targets already there are left alone. */
export function idsToMove(ids: readonly string[], byId: ReadonlyMap<string, Target>, teamId: string | null): string[] {
  return ids.filter((id) => {
    const t = byId.get(id);
    return t !== undefined && t.teamId !== teamId;
  });
}

export function encodeDrag(ids: readonly string[]): string {
  return JSON.stringify(ids);
}

/** Tolerant: a drag from another tab or app may carry anything. */
export function decodeDrag(data: string): string[] {
  try {
    const parsed: unknown = JSON.parse(data);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
