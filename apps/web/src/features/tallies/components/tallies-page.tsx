import { lazy, Suspense, useId, useMemo, useState, type ReactNode } from 'react';
import type { Operation, Tallies, TallyFigures as Figures } from '@actionday/contracts';
import { useIndicatorLabel } from '../../../entities/findings';
import { useTeams } from '../../../entities/operations';
import { DataTable, QueryState, Spinner, type DataTableColumn } from '../../../shared/ui';
import { formatDateTime, formatNumber } from '../../../shared/format';
import { BREAKDOWN_METRICS, breakdownRows, CHART_COLORS, countRows, hourRows, indicatorRows, tallyBreakdowns, type BreakdownEntry, type BreakdownMetric, type CountRow } from '../tally-chart-data';
import { useOperationTallies } from '../../../entities/tallies';
import { FrozenBanner } from './frozen-banner';
import { ProgressBar } from './progress-bar';
import { figureText, rankedIndicators, victimValue } from '../victim-figures';
import { TallyFigures } from './tally-figures';

// recharts stays out of the first load (sign-in, public pages): one chunk, fetched with this page.
const loadCharts = () => import('./tally-charts');
const BreakdownChart = lazy(() => loadCharts().then((m) => ({ default: m.BreakdownChart })));
const CountChart = lazy(() => loadCharts().then((m) => ({ default: m.CountChart })));
const HourChart = lazy(() => loadCharts().then((m) => ({ default: m.HourChart })));

const COLUMNS: { label: string; value: (f: Figures) => number | null | undefined }[] = [
  { label: 'Platforms examined', value: (f) => f.examined.platforms },
  { label: 'Usernames examined', value: (f) => f.examined.usernames },
  { label: 'Comm. ids examined', value: (f) => f.examined.communications },
  { label: 'Suspected', value: (f) => f.platforms.suspected },
  { label: 'Confirmed', value: (f) => f.platforms.confirmed },
  { label: 'Referred', value: (f) => f.platforms.referred },
  { label: 'Suspects', value: (f) => f.suspects },
  { label: 'Possible victims', value: (f) => victimValue(f, 'total') },
  { label: 'Minors', value: (f) => victimValue(f, 'minors') },
  { label: 'Done', value: (f) => f.targets.byState.done },
  { label: 'In progress', value: (f) => f.targets.byState.in_progress },
  { label: 'Assigned', value: (f) => f.targets.byState.assigned },
];

function FiguresTable({ caption, firstColumn, rows, release }: { caption: string; firstColumn: string; rows: BreakdownEntry[]; release: Tallies['victimRelease'] }) {
  const columns = useMemo<DataTableColumn<BreakdownEntry>[]>(
    () => [
      { key: 'name', header: firstColumn, rowHeader: true, wordsOnly: true, cell: (r) => r.name, sortValue: (r) => r.name },
      ...COLUMNS.map(
        (c): DataTableColumn<BreakdownEntry> => ({
          key: c.label,
          header: c.label,
          numeric: true,
          cell: (r) => figureText(c.value(r.figures), { victimRelease: release }),
        }),
      ),
    ],
    [firstColumn, release],
  );
  if (rows.length === 0) return null;
  return <DataTable className="figures-table" caption={caption} columns={columns} rows={rows} rowKey={(r) => r.key} />;
}

function CountTable({ caption, head, rows, suppressBelow = 3 }: { caption: string; head: [string, string]; rows: CountRow[]; suppressBelow?: number }) {
  return (
    <DataTable
      className="count-table"
      caption={caption}
      columns={[
        { key: 'name', header: head[0], rowHeader: true, wordsOnly: true, cell: (r: CountRow) => r.name },
        { key: 'count', header: head[1], numeric: true, cell: (r: CountRow) => (r.count === null ? `<${suppressBelow}` : formatNumber(r.count)) },
      ]}
      rows={rows}
      rowKey={(r) => r.key}
      empty="None yet"
      emptyInTable
    />
  );
}

/**
 * The same array while its content is the same: most tally updates change a figure or two, and
 * a chart whose rows did not change is then not drawn again (the charts are memoized).
 */
function useStableRows<T>(rows: T[]): T[] {
  const key = JSON.stringify(rows);
  return useMemo(() => JSON.parse(key) as T[], [key]);
}

/** A chart in a figure of fixed height while its chunk loads, so that the page does not jump. */
function ChartFrame({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <figure className="chart">
      <figcaption className="sr-only">{caption} (chart; the same figures are in the table below)</figcaption>
      <Suspense fallback={<Spinner label="Loading the chart…" />}>{children}</Suspense>
    </figure>
  );
}

const METRIC_OPTIONS = Object.entries(BREAKDOWN_METRICS) as [BreakdownMetric, (typeof BREAKDOWN_METRICS)[BreakdownMetric]][];

/** One breakdown (team, country, category): a chart of the chosen figure, then the full table. */
function BreakdownSection({
  title,
  firstColumn,
  entries,
  empty,
  release,
}: {
  title: string;
  firstColumn: string;
  entries: BreakdownEntry[];
  empty: string;
  release: Tallies['victimRelease'];
}) {
  const [metric, setMetric] = useState<BreakdownMetric>('examined');
  const headingId = useId();
  const selectId = useId();
  const rows = useStableRows(useMemo(() => breakdownRows(entries, metric), [entries, metric]));
  const caption = `${BREAKDOWN_METRICS[metric].label} ${title.toLowerCase()}`;
  return (
    <section className="card tally-section" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{title}</h2>
        {entries.length > 0 ? (
          <div className="chart-control">
            <label htmlFor={selectId}>Chart</label>
            <select id={selectId} value={metric} onChange={(e) => setMetric(e.target.value as BreakdownMetric)}>
              {METRIC_OPTIONS.map(([value, def]) => (
                <option key={value} value={value}>
                  {def.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {entries.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <>
          <ChartFrame caption={caption}>
            <BreakdownChart rows={rows} metric={metric} title={caption} />
          </ChartFrame>
          <FiguresTable caption={`All figures ${title.toLowerCase()}`} firstColumn={firstColumn} rows={entries} release={release} />
        </>
      )}
    </section>
  );
}

function CountSection({
  title,
  head,
  rows: liveRows,
  valueLabel,
  color,
  note,
  suppressBelow,
}: {
  title: string;
  head: [string, string];
  rows: CountRow[];
  valueLabel: string;
  color?: string;
  note?: string;
  suppressBelow?: number;
}) {
  const headingId = useId();
  const rows = useStableRows(liveRows);
  const charted = useMemo(() => rows.filter((r) => r.count !== null), [rows]);
  return (
    <section className="card tally-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {note ? <p className="muted small">{note}</p> : null}
      {charted.length > 0 ? (
        <ChartFrame caption={title}>
          <CountChart rows={charted} valueLabel={valueLabel} title={title} color={color} />
        </ChartFrame>
      ) : null}
      <CountTable caption={`${title} (table)`} head={head} rows={rows} suppressBelow={suppressBelow} />
    </section>
  );
}

interface TalliesViewProps {
  tallies: Tallies;
  teamName: (teamId: string) => string | undefined;
  indicatorLabel: (code: string) => string;
  timeZone: string;
  awaitingFrozen: boolean;
}

function TalliesView({ tallies, teamName, indicatorLabel, timeZone, awaitingFrozen }: TalliesViewProps) {
  // Derived once per change of the tallies (a few times a second at most during the day).
  const breakdowns = useMemo(() => tallyBreakdowns(tallies, teamName), [tallies, teamName]);
  const release = tallies.victimRelease;
  const nationalities = useMemo(() => countRows(tallies.possibleVictims?.byNationality ?? {}, nationalityName), [tallies.possibleVictims]);
  const indicators = useMemo(() => indicatorRows(rankedIndicators(tallies), indicatorLabel, 10), [tallies, indicatorLabel]);
  const hours = useStableRows(useMemo(() => hourRows(tallies.findingsPerHour, timeZone), [tallies.findingsPerHour, timeZone]));
  const hourTable = useMemo(() => hours.filter((h) => h.count > 0).map((h) => ({ key: h.hour, name: h.label, count: h.count })), [hours]);

  return (
    <div className="stack" data-testid="tallies-page">
      {tallies.frozen ? <FrozenBanner closedAt={tallies.closedAt} sha256={tallies.snapshotSha256} timeZone={timeZone} /> : null}
      {awaitingFrozen ? <Spinner label="The day is closed: loading the frozen figures…" /> : null}
      <section className="card" aria-labelledby="tallies-title">
        <div className="section-head">
          <h2 id="tallies-title">Tallies</h2>
          <span className="muted small">{tallies.frozen ? 'Final figures' : 'Live'}</span>
        </div>
        <TallyFigures figures={tallies} participants={tallies.participants} release={release} />
        {release ? <VictimReleaseNote release={release} timeZone={timeZone} /> : null}
      </section>
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">Progress</h2>
        <ProgressBar byState={tallies.targets.byState} />
      </section>
      <BreakdownSection title="By team" firstColumn="Team" entries={breakdowns.byTeam} empty="No team figures yet." release={release} />
      <BreakdownSection
        title="By participating country"
        firstColumn="Country"
        entries={breakdowns.byCountry}
        empty="No country figures yet (the country of the team that did the work)."
        release={release}
      />
      <BreakdownSection title="By target category" firstColumn="Category" entries={breakdowns.byCategory} empty="No category figures yet." release={release} />
      <div className="tally-pair">
        <CountSection
          title="Possible victims by nationality"
          head={['Nationality', 'Possible victims']}
          rows={nationalities}
          valueLabel="Possible victims"
          color={CHART_COLORS[3]}
          suppressBelow={release?.suppressBelow}
          note={release && !release.releasedAt ? 'Not released yet.' : undefined}
        />
        <CountSection title="Most frequent indicators" head={['Indicator', 'Findings']} rows={indicators} valueLabel="Findings" color={CHART_COLORS[6]} />
      </div>
      <section className="card tally-section" aria-labelledby="per-hour-title">
        <h2 id="per-hour-title">Findings per hour</h2>
        {hours.length > 0 ? (
          <ChartFrame caption={`Findings per hour (${timeZone})`}>
            <HourChart rows={hours} title={`Findings per hour (${timeZone})`} />
          </ChartFrame>
        ) : null}
        <CountTable caption={`Findings per hour, ${timeZone} (table; hours without findings left out)`} head={['Hour', 'Findings']} rows={hourTable} />
      </section>
      {breakdowns.byTag.length > 0 ? (
        <section className="card">
          <FiguresTable caption="By target tag" firstColumn="Tag" rows={breakdowns.byTag} release={release} />
        </section>
      ) : null}
    </div>
  );
}

function nationalityName(key: string): string {
  return key === 'unknown' ? 'Unknown' : key;
}

/**
 * For members who may not see victims' details: why the victim figures lag and read "<3". They
 * are the operation's, released in batches, never the change of one finding.
 */
function VictimReleaseNote({ release, timeZone }: { release: NonNullable<Tallies['victimRelease']>; timeZone: string }) {
  const when = release.releasedAt ? formatDateTime(release.releasedAt, timeZone) : null;
  return (
    <p className="muted small" data-testid="victim-release-note">
      {when ? `Victim figures as released at ${when}` : 'Victim figures are not released yet'}: for the whole operation only, renewed in batches of several
      findings, counts below {release.suppressBelow} shown as &lt;{release.suppressBelow}. They protect the people behind single records.
    </p>
  );
}

/** The tally dashboard: every figure, live during the day and frozen after the close. */
export function TalliesPage({ operation }: { operation: Operation }) {
  const tallies = useOperationTallies(operation);
  const teams = useTeams(operation.id);
  const indicatorLabel = useIndicatorLabel(operation.id);
  const teamList = teams.data;
  const teamName = useMemo(() => {
    const names = new Map((teamList ?? []).map((t) => [t.id, t.name]));
    return (id: string) => names.get(id);
  }, [teamList]);
  return (
    <QueryState query={tallies} label="Loading tallies…">
      {(t) => <TalliesView tallies={t} teamName={teamName} indicatorLabel={indicatorLabel} timeZone={operation.timezone} awaitingFrozen={tallies.awaitingFrozen} />}
    </QueryState>
  );
}
