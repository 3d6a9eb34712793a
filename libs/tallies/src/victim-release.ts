import { VICTIM_METRICS, type TallyDelta, type Tallies, type VictimFigures, type VictimRelease } from '@actionday/contracts';
import { applyTallyDeltas } from './fold';

/** The victim figures of one moment, exact and operation-wide (the counters of dimension "all"). */
export interface VictimCounts {
  total: number;
  minors: number;
  byNationality: Record<string, number>;
  indicators: Record<string, number>;
}

/**
 * A release as stored: the figures as they were last released, exact (suppression is applied
 * when they are served), and when.
 */
export interface VictimFiguresRelease extends VictimCounts {
  releasedAt: string;
}

type Counter = Pick<TallyDelta, 'dim' | 'metric' | 'sub' | 'delta'>;

export function victimCountsFromCounters(counters: readonly Counter[]): VictimCounts {
  const c: VictimCounts = { total: 0, minors: 0, byNationality: {}, indicators: {} };
  for (const k of counters) {
    if (k.dim !== 'all' || k.delta === 0) continue;
    if (k.metric === 'victims_total') c.total += k.delta;
    else if (k.metric === 'victims_minors') c.minors += k.delta;
    else if (k.metric === 'victims_nationality') c.byNationality[k.sub] = (c.byNationality[k.sub] ?? 0) + k.delta;
    else if (k.metric === 'victim_indicator') c.indicators[k.sub] = (c.indicators[k.sub] ?? 0) + k.delta;
  }
  return c;
}

/** A figure moves to its current value only when that is at least `step` away from what was released. */
const held = (released: number, current: number, step: number) => (Math.abs(current - released) >= step ? current : released);

function heldMap(released: Record<string, number>, current: Record<string, number>, step: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set([...Object.keys(released), ...Object.keys(current)])) {
    const n = held(released[key] ?? 0, current[key] ?? 0, step);
    if (n !== 0) out[key] = n;
  }
  return out;
}

/**
 * The next release, or null when no figure would move. Each figure (the total, the minors, each
 * nationality, each indicator) moves only in steps of at least `step`, up or down: whatever the
 * writes in between, the difference between two releases of one figure is either nothing or at
 * least `step` victims, so it cannot be tied to one finding, not even by someone who saw every
 * other write in between.
 */
export function nextRelease(last: VictimFiguresRelease | null, now: VictimCounts, step: number, releasedAt: string): VictimFiguresRelease | null {
  const before: VictimCounts = last ?? { total: 0, minors: 0, byNationality: {}, indicators: {} };
  const next: VictimFiguresRelease = {
    total: held(before.total, now.total, step),
    minors: held(before.minors, now.minors, step),
    byNationality: heldMap(before.byNationality, now.byNationality, step),
    indicators: heldMap(before.indicators, now.indicators, step),
    releasedAt,
  };
  const same = (a: VictimCounts, b: VictimCounts) =>
    a.total === b.total && a.minors === b.minors && sameMap(a.byNationality, b.byNationality) && sameMap(a.indicators, b.indicators);
  return last && same(last, next) ? null : next.total === 0 && !last ? null : next;
}

const sameMap = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * A release as members without victim access receive it: counts below the threshold are null
 * (shown "<3", zero included: "none" would tell more than "fewer than 3"), and a nationality or an
 * indicator released fewer times than that is not named at all.
 */
export function publishRelease(r: VictimFiguresRelease | null, suppressBelow: number): { possibleVictims: VictimFigures | null; victimRelease: VictimRelease } {
  if (!r) return { possibleVictims: null, victimRelease: { releasedAt: null, suppressBelow, topIndicators: [] } };
  const shown = (n: number) => (n >= suppressBelow ? n : null);
  const named = (m: Record<string, number>) => Object.entries(m).filter(([, n]) => n >= suppressBelow);
  return {
    possibleVictims: { total: shown(r.total), minors: shown(r.minors), byNationality: Object.fromEntries(named(r.byNationality)) },
    victimRelease: {
      releasedAt: r.releasedAt,
      suppressBelow,
      topIndicators: named(r.indicators)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([code, count]) => ({ code, count })),
    },
  };
}

/**
 * The tallies of a member without victim access: every other figure exact, from the counters
 * without the victim metrics; victim figures only operation-wide, from the latest release.
 */
export function withheldVictimTallies(base: Tallies, counters: readonly TallyDelta[], release: VictimFiguresRelease | null, suppressBelow: number, teamName?: (id: string) => string): Tallies {
  const t = applyTallyDeltas(base, counters.filter((c) => !VICTIM_METRICS.has(c.metric)), teamName);
  return applyRelease(withholdVictims(t), publishRelease(release, suppressBelow));
}

/** Takes every victim figure out of tallies (before a release is put in). */
export function withholdVictims(t: Tallies): Tallies {
  return {
    ...t,
    possibleVictims: null,
    byTeam: t.byTeam.map((row) => ({ ...row, possibleVictims: null })),
    byCountry: mapValues(t.byCountry, (f) => ({ ...f, possibleVictims: null })),
    byCategory: mapValues(t.byCategory, (f) => ({ ...f, possibleVictims: null })),
    byTag: mapValues(t.byTag, (f) => ({ ...f, possibleVictims: null })),
  };
}

/** Puts a (published) release into withheld tallies: the web does the same on `tally.released`. */
export function applyRelease(t: Tallies, release: { possibleVictims: VictimFigures | null; victimRelease: VictimRelease }): Tallies {
  return { ...t, possibleVictims: release.possibleVictims, victimRelease: release.victimRelease };
}

function mapValues<V>(o: Record<string, V>, f: (v: V) => V): Record<string, V> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

/**
 * A victim count as shown to people: a released count below the threshold reads "<3"; a figure
 * withheld from this viewer (null figures) reads as the dash `withheld` gives.
 */
export function victimCountText(value: number | null | undefined, release: Pick<VictimRelease, 'suppressBelow'> | null, withheld = '–'): string {
  if (value === undefined) return withheld;
  if (value === null) return release ? `<${release.suppressBelow}` : withheld;
  return String(value);
}
