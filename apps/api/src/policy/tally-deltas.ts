import { grantFor, VICTIM_METRICS, type TallyDelta, type Viewer } from '@actionday/contracts';

/**
 * The part of one write's counter changes a viewer may receive. A victim delta tells exactly
 * what one victim is (its nationality, whether a minor, its indicators): members whose victim
 * figures are only released in aggregate never get it.
 */
export function tallyDeltasFor(viewer: Viewer, deltas: readonly TallyDelta[]): TallyDelta[] {
  if (grantFor(viewer, 'victim_figures') === 'exact') return [...deltas];
  return deltas.filter((d) => !VICTIM_METRICS.has(d.metric));
}
