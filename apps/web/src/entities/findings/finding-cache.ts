import type { Finding } from '@actionday/contracts';

/**
 * Inserts (at the front: newest first) or replaces a finding by id, never overwriting a newer
 * version with an older one. At the same version an unredacted copy wins over a redacted one
 * (e.g. the author's own POST response over a broadcast event). Returns the same array when
 * nothing changes.
 */
export function upsertFinding(list: Finding[] | undefined, finding: Finding): Finding[] | undefined {
  if (!list) return list;
  const i = list.findIndex((f) => f.id === finding.id);
  if (i === -1) return [finding, ...list];
  const current = list[i];
  if (current.version > finding.version) return list;
  if (current.version === finding.version && (finding.redacted || !current.redacted)) return list;
  const next = list.slice();
  next[i] = finding;
  return next;
}
