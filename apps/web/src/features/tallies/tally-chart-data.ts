import { UNCATEGORIZED, type PlatformCategory, type Tallies, type TallyFigures } from '@actionday/contracts';
import { CATEGORY_LABELS, TARGET_STATUS_LABELS } from '../../shared/labels';
import { victimValue } from './victim-figures';

/**
 * Colour-blind safe (Okabe-Ito order, the app's blue first); every chart also has a table, and
 * its legend names each colour.
 */
export const CHART_COLORS = ['#1f4e9c', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#6a2c91'] as const;

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  /** null where the viewer has no such figure (victim figures withheld per team): no bar is drawn. */
  value: (f: TallyFigures) => number | null;
}

export type BreakdownMetric = 'examined' | 'platforms' | 'people' | 'progress';

export interface BreakdownMetricDef {
  label: string;
  series: ChartSeries[];
  /** Stacked only when the series are disjoint parts of one whole (confirmed is part of suspected). */
  stacked: boolean;
}

export const BREAKDOWN_METRICS: Record<BreakdownMetric, BreakdownMetricDef> = {
  examined: {
    label: 'Targets examined',
    stacked: true,
    series: [
      { key: 'platforms', label: 'Platforms', color: CHART_COLORS[0], value: (f) => f.examined.platforms },
      { key: 'usernames', label: 'Usernames', color: CHART_COLORS[1], value: (f) => f.examined.usernames },
      { key: 'communications', label: 'Communication ids', color: CHART_COLORS[2], value: (f) => f.examined.communications },
    ],
  },
  platforms: {
    label: 'Platforms suspected, confirmed, referred',
    stacked: false,
    series: [
      { key: 'suspected', label: 'Suspected', color: CHART_COLORS[1], value: (f) => f.platforms.suspected },
      { key: 'confirmed', label: 'Confirmed', color: CHART_COLORS[5], value: (f) => f.platforms.confirmed },
      { key: 'referred', label: 'Referred', color: CHART_COLORS[6], value: (f) => f.platforms.referred },
    ],
  },
  people: {
    label: 'Suspects and possible victims',
    stacked: false,
    series: [
      { key: 'suspects', label: 'Suspects', color: CHART_COLORS[0], value: (f) => f.suspects },
      { key: 'victims', label: 'Possible victims', color: CHART_COLORS[3], value: (f) => victimValue(f, 'total') ?? null },
      { key: 'minors', label: 'of them minors', color: CHART_COLORS[5], value: (f) => victimValue(f, 'minors') ?? null },
    ],
  },
  progress: {
    label: 'Targets by state',
    stacked: true,
    series: [
      { key: 'done', label: TARGET_STATUS_LABELS.done, color: CHART_COLORS[2], value: (f) => f.targets.byState.done },
      { key: 'in_progress', label: TARGET_STATUS_LABELS.in_progress, color: CHART_COLORS[0], value: (f) => f.targets.byState.in_progress },
      { key: 'assigned', label: TARGET_STATUS_LABELS.assigned, color: CHART_COLORS[1], value: (f) => f.targets.byState.assigned },
    ],
  },
};

export interface BreakdownEntry {
  key: string;
  name: string;
  figures: TallyFigures;
}

/** One chart row: the entry's name and one number per series of the metric. */
export type BreakdownRow = { key: string; name: string } & Record<string, number | string | null>;

export function breakdownRows(entries: readonly BreakdownEntry[], metric: BreakdownMetric): BreakdownRow[] {
  const { series } = BREAKDOWN_METRICS[metric];
  return entries.map((e) => {
    const row: BreakdownRow = { key: e.key, name: e.name };
    for (const s of series) row[s.key] = s.value(e.figures);
    return row;
  });
}

export function categoryLabel(key: string): string {
  if (key === UNCATEGORIZED) return 'Uncategorized';
  return CATEGORY_LABELS[key as PlatformCategory] ?? key.replace(/_/g, ' ');
}

/** The rows of the dashboard's breakdowns, named and sorted for display. */
export function tallyBreakdowns(t: Tallies, teamName: (teamId: string) => string | undefined) {
  const byName = (a: BreakdownEntry, b: BreakdownEntry) => a.name.localeCompare(b.name);
  return {
    byTeam: t.byTeam.map((r) => ({ key: r.teamId, name: teamName(r.teamId) ?? (r.name || '—'), figures: r })).sort(byName),
    byCountry: Object.entries(t.byCountry)
      .map(([code, figures]) => ({ key: code, name: code, figures }))
      .sort(byName),
    byCategory: Object.entries(t.byCategory ?? {})
      .map(([key, figures]) => ({ key, name: categoryLabel(key), figures }))
      // "Uncategorized" last: it is what is left, not a category.
      .sort((a, b) => Number(a.key === UNCATEGORIZED) - Number(b.key === UNCATEGORIZED) || byName(a, b)),
    byTag: Object.entries(t.byTag)
      .map(([tag, figures]) => ({ key: tag, name: tag, figures }))
      .sort(byName),
  };
}

export interface CountRow {
  key: string;
  name: string;
  /** null: a released count below the threshold (shown "<3", not charted). */
  count: number | null;
}

/** Largest first (suppressed counts after the known ones), then by name; zeros left out. */
export function countRows(counts: Record<string, number | null>, name: (key: string) => string = (k) => k): CountRow[] {
  return Object.entries(counts)
    .filter(([, n]) => n !== 0)
    .map(([key, count]) => ({ key, name: name(key), count }))
    .sort((a, b) => (b.count ?? -1) - (a.count ?? -1) || a.name.localeCompare(b.name));
}

export function indicatorRows(top: Tallies['topIndicators'], label: (code: string) => string, limit = 10): CountRow[] {
  return top.slice(0, limit).map((i) => ({ key: i.code, name: label(i.code), count: i.count }));
}

const HOUR_MS = 3_600_000;
/** A week of hours: beyond that the gaps are not filled (the chart would be mostly empty). */
const MAX_FILLED_HOURS = 24 * 7;

export interface HourRow {
  hour: string;
  label: string;
  count: number;
}

function hourLabel(ms: number, timeZone: string | undefined, withDay: boolean): string {
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone };
  if (withDay) Object.assign(opts, { day: 'numeric', month: 'short' });
  try {
    return new Intl.DateTimeFormat('en-GB', opts).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString().slice(withDay ? 5 : 11, 16);
  }
}

/** The calendar day of an instant in the time zone, for comparing days. */
function dayKey(ms: number, timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(new Date(ms));
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

/**
 * Findings per hour as a continuous time axis: hours without findings between the first and the
 * last one count 0 (a quiet hour is information too). Labelled in the operation's time zone,
 * with the day when the hours span more than one.
 */
export function hourRows(perHour: Tallies['findingsPerHour'], timeZone?: string): HourRow[] {
  const known = perHour
    .map((h) => ({ ms: Date.parse(h.hour), count: h.count }))
    .filter((h) => Number.isFinite(h.ms))
    .sort((a, b) => a.ms - b.ms);
  if (known.length === 0) return [];
  const first = known[0].ms;
  const last = known[known.length - 1].ms;
  const span = Math.round((last - first) / HOUR_MS);
  const byMs = new Map(known.map((h) => [h.ms, h.count]));
  const hours = span <= MAX_FILLED_HOURS ? Array.from({ length: span + 1 }, (_, i) => first + i * HOUR_MS) : known.map((h) => h.ms);
  const withDay = dayKey(first, timeZone) !== dayKey(last, timeZone);
  return hours.map((ms) => ({ hour: new Date(ms).toISOString(), label: hourLabel(ms, timeZone, withDay), count: byMs.get(ms) ?? 0 }));
}

export interface ProgressSegment {
  state: 'done' | 'in_progress' | 'assigned' | 'unassigned';
  label: string;
  count: number;
  /** Of all targets, 0..1. */
  share: number;
  color: string;
}

/** The targets by state, done first: the segments of the progress bar. */
export function progressSegments(byState: TallyFigures['targets']['byState']): { total: number; segments: ProgressSegment[] } {
  const states = [
    ['done', CHART_COLORS[2]],
    ['in_progress', CHART_COLORS[0]],
    ['assigned', CHART_COLORS[1]],
    ['unassigned', '#b8bec6'],
  ] as const;
  const total = states.reduce((sum, [s]) => sum + Math.max(0, byState[s]), 0);
  return {
    total,
    segments: states.map(([state, color]) => {
      const count = Math.max(0, byState[state]);
      return { state, label: TARGET_STATUS_LABELS[state], count, share: total ? count / total : 0, color };
    }),
  };
}
