import type { PlatformCategory, Target, TargetKind, TargetOutcome, TargetStatus } from '@actionday/contracts';

/** Case-insensitive match of a search text against what a coordinator reads on a row. */
export function matchesSearch(t: Target, q: string): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return (
    (t.value?.toLowerCase().includes(needle) ?? false) ||
    (t.normalized?.toLowerCase().includes(needle) ?? false) ||
    (t.platform?.toLowerCase().includes(needle) ?? false) ||
    (t.category?.includes(needle) ?? false) ||
    (t.country?.toLowerCase() === needle) ||
    t.tags.some((tag) => tag.includes(needle))
  );
}

const STATUS_ORDER: Record<TargetStatus, number> = { in_progress: 0, assigned: 1, done: 2, unassigned: 3 };

/** Work in progress first, then what waits (highest priority, oldest first), then what is done. */
export function compareForTeam(a: Target, b: Target): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    b.priority - a.priority ||
    (a.status === 'done' ? b.updatedAt.localeCompare(a.updatedAt) : a.createdAt.localeCompare(b.createdAt))
  );
}

/** Newest first, so that a target just added is on top. */
export function compareUnassigned(a: Target, b: Target): number {
  return b.createdAt.localeCompare(a.createdAt) || b.priority - a.priority || (a.value ?? '').localeCompare(b.value ?? '');
}

/** The board's filters; '' means "any". `teamId` also takes 'none' for the unassigned targets. */
export interface BoardFilters {
  q: string;
  status: '' | TargetStatus;
  kind: '' | TargetKind;
  category: '' | PlatformCategory;
  outcome: '' | TargetOutcome;
  teamId: string;
  tag: string;
}

export const NO_FILTERS: BoardFilters = { q: '', status: '', kind: '', category: '', outcome: '', teamId: '', tag: '' };

/** Client-side twin of the API's list filters (the board holds every target in the cache). */
export function matchesFilters(t: Target, f: BoardFilters): boolean {
  if (f.status && t.status !== f.status) return false;
  if (f.kind && t.kind !== f.kind) return false;
  if (f.category && t.category !== f.category) return false;
  if (f.outcome && t.outcome !== f.outcome) return false;
  if (f.teamId && (f.teamId === 'none' ? t.teamId !== null : t.teamId !== f.teamId)) return false;
  if (f.tag && !t.tags.includes(f.tag.toLowerCase())) return false;
  return matchesSearch(t, f.q.trim());
}

/** Every tag of the loaded targets, sorted, for the tag filter. */
export function collectTags(targets: readonly Target[]): string[] {
  const tags = new Set<string>();
  for (const t of targets) for (const tag of t.tags) tags.add(tag);
  return [...tags].sort((a, b) => a.localeCompare(b));
}
