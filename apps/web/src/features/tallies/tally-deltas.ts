import type { LiveEvent, Tallies, TallyDelta } from '@actionday/contracts';
import { applyRelease, applyTallyDeltas } from '@actionday/tallies';

/** The deltas of one tally.updated event, waiting to be applied. */
export interface PendingTallyEvent {
  seq: number;
  deltas: readonly TallyDelta[];
}

/**
 * Applies waiting tally.updated events (in seq order) to the cached tallies in one
 * `applyTallyDeltas` call (one clone of the tallies, however many events), and moves asOfSeq to
 * the last seq applied. Events the tallies already include (seq <= asOfSeq: a refetch landed
 * meanwhile, e.g. the frozen snapshot at close) and repeats are skipped. Pure: `old` is not touched.
 */
export function applyPendingTallies(
  old: Tallies | undefined,
  pending: readonly PendingTallyEvent[],
  teamName: (teamId: string) => string,
): Tallies | undefined {
  if (!old) return old;
  let lastSeq = old.asOfSeq;
  const deltas: TallyDelta[] = [];
  for (const p of pending) {
    if (p.seq <= lastSeq) continue;
    lastSeq = p.seq;
    deltas.push(...p.deltas);
  }
  if (lastSeq === old.asOfSeq) return old;
  return { ...applyTallyDeltas(old, deltas, teamName), asOfSeq: lastSeq };
}

/** A newer victim release into tallies that show released victim figures; anything else is left as it is. */
export function applyVictimRelease(old: Tallies | undefined, release: Extract<LiveEvent, { type: 'tally.released' }>['data']): Tallies | undefined {
  if (!old?.victimRelease) return old;
  const had = old.victimRelease.releasedAt;
  if (had && release.victimRelease.releasedAt && Date.parse(release.victimRelease.releasedAt) <= Date.parse(had)) return old;
  return applyRelease(old, release);
}
