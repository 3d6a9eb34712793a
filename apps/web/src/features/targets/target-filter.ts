import type { Target, TargetStatus } from '@actionday/contracts';

/** Case-insensitive match of a search text against what a coordinator reads on a row. */
export function matchesSearch(t: Target, q: string): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return (
    t.value.toLowerCase().includes(needle) ||
    t.normalized.toLowerCase().includes(needle) ||
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
  return b.createdAt.localeCompare(a.createdAt) || b.priority - a.priority || a.value.localeCompare(b.value);
}
