import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { BREAKDOWN_METRICS, CHART_COLORS, type BreakdownMetric, type BreakdownRow, type CountRow, type HourRow } from '../tally-chart-data';

/*
 * The dashboard's charts, in a chunk of their own (recharts is large): the tallies page loads it
 * lazily, the public page and the sign-in page never. No animation: the figures change several
 * times a second during the day, and bars that grow from zero on every change would flicker.
 * Each chart is paired with a table on the page; the chart is a picture of it. Memoized: the page
 * hands them rows that keep their identity while their values do not change (useStableRows).
 */

const ROW_HEIGHT = 26;
const AXIS_HEIGHT = 56;
const MARGIN = { top: 4, right: 16, bottom: 4, left: 4 };

/** Long names (a category, an indicator) are cut on the axis; the tooltip and the table have them whole. */
function shortLabel(value: unknown): string {
  const s = String(value);
  return s.length > 22 ? `${s.slice(0, 21)}…` : s;
}

function heightFor(rows: number, legend: boolean): number {
  return Math.max(rows, 1) * ROW_HEIGHT + AXIS_HEIGHT + (legend ? 28 : 0);
}

export interface BreakdownChartProps {
  rows: BreakdownRow[];
  metric: BreakdownMetric;
  /** The chart's text alternative, e.g. "Targets examined by team". */
  title: string;
}

/** Horizontal bars, one per team / country / category, one colour per series of the metric. */
export const BreakdownChart = memo(function BreakdownChart({ rows, metric, title }: BreakdownChartProps) {
  const def = BREAKDOWN_METRICS[metric];
  return (
    <BarChart
      layout="vertical"
      data={rows}
      responsive
      style={{ width: '100%', height: heightFor(rows.length, true) }}
      margin={MARGIN}
      title={title}
      barCategoryGap={def.stacked ? '20%' : '12%'}
      maxBarSize={28}
    >
      <CartesianGrid horizontal={false} strokeDasharray="3 3" />
      <XAxis type="number" allowDecimals={false} />
      <YAxis type="category" dataKey="name" width={150} tickFormatter={shortLabel} interval={0} />
      <Tooltip isAnimationActive={false} />
      {/* In the metric's order (done, in progress, assigned), not alphabetical. */}
      <Legend itemSorter={null} />
      {def.series.map((s) => (
        <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={def.stacked ? 'all' : undefined} isAnimationActive={false} />
      ))}
    </BarChart>
  );
});

export interface CountChartProps {
  rows: CountRow[];
  /** What is counted, for the tooltip: "Possible victims", "Findings". */
  valueLabel: string;
  title: string;
  color?: string;
}

/** Horizontal bars of one count per key: victims by nationality, most frequent indicators. */
export const CountChart = memo(function CountChart({ rows, valueLabel, title, color = CHART_COLORS[0] }: CountChartProps) {
  return (
    <BarChart
      layout="vertical"
      data={rows}
      responsive
      style={{ width: '100%', height: heightFor(rows.length, false) }}
      margin={MARGIN}
      title={title}
      maxBarSize={24}
    >
      <CartesianGrid horizontal={false} strokeDasharray="3 3" />
      <XAxis type="number" allowDecimals={false} />
      <YAxis type="category" dataKey="name" width={170} tickFormatter={shortLabel} interval={0} />
      <Tooltip isAnimationActive={false} />
      <Bar dataKey="count" name={valueLabel} fill={color} isAnimationActive={false} />
    </BarChart>
  );
});

/** Findings per hour, in the operation's time zone, on a continuous axis. */
export const HourChart = memo(function HourChart({ rows, title }: { rows: HourRow[]; title: string }) {
  return (
    <BarChart data={rows} responsive style={{ width: '100%', height: 240 }} margin={MARGIN} title={title} maxBarSize={48}>
      <CartesianGrid vertical={false} strokeDasharray="3 3" />
      <XAxis dataKey="label" interval="preserveStartEnd" minTickGap={12} />
      <YAxis allowDecimals={false} width={40} />
      <Tooltip isAnimationActive={false} />
      <Bar dataKey="count" name="Findings" fill={CHART_COLORS[0]} isAnimationActive={false} />
    </BarChart>
  );
});
