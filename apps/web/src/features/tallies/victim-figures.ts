import type { Tallies, TallyFigures } from '@actionday/contracts';
import { victimCountText } from '@actionday/tallies';
import { formatNumber } from '../../shared/format';

/**
 * A victim count of some figures: a number; null when released below the threshold ("<3");
 * undefined where this viewer gets no victim figures at all (per team, country, category and tag
 * for members without victim access, see the README's need-to-know table).
 */
export function victimValue(f: TallyFigures, key: 'total' | 'minors'): number | null | undefined {
  return f.possibleVictims ? f.possibleVictims[key] : undefined;
}

/** A figure as the dashboard prints it: "1,234", "<3", or a dash where it is withheld. */
export function figureText(value: number | null | undefined, t: Pick<Tallies, 'victimRelease'>): string {
  if (typeof value === 'number') return formatNumber(value);
  return victimCountText(value, t.victimRelease, '—');
}

/**
 * The indicators ranked as this viewer may see them: for members without victim access, the
 * live counts of the other findings plus the victim findings' counts of the last release.
 */
export function rankedIndicators(t: Tallies): Tallies['topIndicators'] {
  const released = t.victimRelease?.topIndicators ?? [];
  if (released.length === 0) return t.topIndicators;
  const counts = new Map(t.topIndicators.map((i) => [i.code, i.count]));
  for (const i of released) counts.set(i.code, (counts.get(i.code) ?? 0) + i.count);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, count]) => ({ code, count }));
}
