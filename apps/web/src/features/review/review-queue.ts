import type { Finding, FindingType } from '@actionday/contracts';

export interface QueueFilter {
  teamId?: string;
  type?: FindingType;
}

export interface ReviewQueue {
  /** Waiting for a decision, oldest first; also rows pinned by an unresolved conflict. */
  pending: Finding[];
  /** Already decided, most recently reviewed first. */
  reviewed: Finding[];
}

function fits(f: Finding, filter: QueueFilter): boolean {
  return (!filter.teamId || f.teamId === filter.teamId) && (!filter.type || f.type === filter.type);
}

const oldestFirst = (a: Finding, b: Finding) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
const reviewedAt = (f: Finding) => f.reviewedAt ?? f.updatedAt;
const recentlyReviewedFirst = (a: Finding, b: Finding) => reviewedAt(b).localeCompare(reviewedAt(a)) || a.id.localeCompare(b.id);

/**
 * The coordinator's queue, derived from the one cached list of findings (kept live by
 * finding.created / finding.updated): a finding reviewed elsewhere leaves `pending` by itself.
 * A `pinned` finding (its review hit a conflict the coordinator has not resolved yet) stays where
 * it was, so that the message is not lost when the row would otherwise move.
 */
export function buildReviewQueue(findings: readonly Finding[], filter: QueueFilter = {}, pinned: ReadonlySet<string> = new Set()): ReviewQueue {
  const pending: Finding[] = [];
  const reviewed: Finding[] = [];
  for (const f of findings) {
    if (!fits(f, filter)) continue;
    if (f.status === 'submitted' || pinned.has(f.id)) pending.push(f);
    else reviewed.push(f);
  }
  return { pending: pending.sort(oldestFirst), reviewed: reviewed.sort(recentlyReviewedFirst) };
}

/**
 * Where the selection goes when the rows change: it stays on its finding while that is listed;
 * when the finding leaves (reviewed here or elsewhere), it moves to the row that followed it, or
 * else the one before it, so that working down the queue never jumps back to the top.
 */
export function nextSelection(prevIds: readonly string[], nextIds: readonly string[], selectedId: string | null): string | null {
  if (nextIds.length === 0) return null;
  if (selectedId === null) return nextIds[0];
  const present = new Set(nextIds);
  if (present.has(selectedId)) return selectedId;
  const i = prevIds.indexOf(selectedId);
  if (i === -1) return nextIds[0];
  for (let j = i + 1; j < prevIds.length; j++) if (present.has(prevIds[j])) return prevIds[j];
  for (let j = i - 1; j >= 0; j--) if (present.has(prevIds[j])) return prevIds[j];
  return nextIds[0];
}

/** One step up or down (or to either end), staying inside the list. */
export function moveSelection(ids: readonly string[], selectedId: string | null, move: 'next' | 'prev' | 'first' | 'last'): string | null {
  if (ids.length === 0) return null;
  if (move === 'first') return ids[0];
  if (move === 'last') return ids[ids.length - 1];
  const i = selectedId === null ? -1 : ids.indexOf(selectedId);
  if (i === -1) return move === 'next' ? ids[0] : ids[ids.length - 1];
  return ids[Math.max(0, Math.min(ids.length - 1, i + (move === 'next' ? 1 : -1)))];
}
