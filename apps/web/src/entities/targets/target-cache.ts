import type { Target, TargetPatch } from '@actionday/contracts';

/**
 * Pure updates of the cached target list. Each returns the same array when nothing changes (no
 * re-render) and never lets an older version overwrite a newer one, so that an event applied twice
 * or late is harmless.
 */
export function upsertTargets(list: Target[] | undefined, targets: readonly Target[]): Target[] | undefined {
  if (!list || targets.length === 0) return list;
  const index = new Map(list.map((t, i) => [t.id, i]));
  let next: Target[] | null = null;
  for (const t of targets) {
    const i = index.get(t.id);
    if (i === undefined) {
      next ??= list.slice();
      index.set(t.id, next.length);
      next.push(t);
    } else if (t.version > (next ?? list)[i].version) {
      next ??= list.slice();
      next[i] = t;
    }
  }
  return next ?? list;
}

export function patchTargets(list: Target[] | undefined, patches: readonly TargetPatch[]): Target[] | undefined {
  if (!list || patches.length === 0) return list;
  const byId = new Map(patches.map((p) => [p.id, p]));
  let changed = false;
  const next = list.map((t) => {
    const p = byId.get(t.id);
    if (!p || p.version <= t.version) return t;
    changed = true;
    return { ...t, status: p.status, outcome: p.outcome, teamId: p.teamId, version: p.version, updatedAt: p.updatedAt };
  });
  return changed ? next : list;
}
