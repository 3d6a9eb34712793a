import { lazy, Suspense, useId, useMemo, useState, type ReactNode } from 'react';
import type { Operation, Tallies, TallyFigures as Figures } from '@actionday/contracts';
import { useIndicatorLabel } from '../../findings';
import { useTeams } from '../../operations';
import { QueryState, Spinner } from '../../../shared/ui';
import { formatNumber } from '../../../shared/format';
import { BREAKDOWN_METRICS, breakdownRows, CHART_COLORS, countRows, hourRows, indicatorRows, tallyBreakdowns, type BreakdownEntry, type BreakdownMetric, type CountRow } from '../tally-chart-data';
import { useOperationTallies } from '../use-operation-tallies';
import { FrozenBanner } from './frozen-banner';
import { ProgressBar } from './progress-bar';
import { TallyFigures } from './tally-figures';

// recharts stays out of the first load (sign-in, public pages): one chunk, fetched with this page.
const loadCharts = () => import('./tally-charts');
const BreakdownChart = lazy(() => loadCharts().then((m) => ({ default: m.BreakdownChart })));
const CountChart = lazy(() => loadCharts().then((m) => ({ default: m.CountChart })));
const HourChart = lazy(() => loadCharts().then((m) => ({ default: m.HourChart })));

const COLUMNS: { label: string; value: (f: Figures) => number }[] = [
  { label: 'Platforms examined', value: (f) => f.examined.platforms },
  { label: 'Usernames examined', value: (f) => f.examined.usernames },
  { label: 'Comm. ids examined', value: (f) => f.examined.communications },
  { label: 'Suspected', value: (f) => f.platforms.suspected },
  { label: 'Confirmed', value: (f) => f.platforms.confirmed },
  { label: 'Referred', value: (f) => f.platforms.referred },
  { label: 'Suspects', value: (f) => f.suspects },
  { label: 'Possible victims', value: (f) => f.possibleVictims.total },
  { label: 'Minors', value: (f) => f.possibleVictims.minors },
  { label: 'Done', value: (f) => f.targets.byState.done },
  { label: 'In progress', value: (f) => f.targets.byState.in_progress },
  { label: 'Assigned', value: (f) => f.targets.byState.assigned },
];

function FiguresTable({ caption, firstColumn, rows }: { caption: string; firstColumn: string; rows: BreakdownEntry[] }) {
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="table figures-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th>
            {COLUMNS.map((c) => (
              <th key={c.label} scope="col" className="num">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              {COLUMNS.map((c) => (
                <td key={c.label} className="num">
                  {formatNumber(c.value(r.figures))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CountTable({ caption, head, rows }: { caption: string; head: [string, string]; rows: CountRow[] }) {
  return (
    <table className="table count-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head[0]}</th>
          <th scope="col" className="num">
            {head[1]}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={2} className="muted">
              None yet
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              <td className="num">{formatNumber(r.count)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
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
function BreakdownSection({ title, firstColumn, entries, empty }: { title: string; firstColumn: string; entries: BreakdownEntry[]; empty: string }) {
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
          <FiguresTable caption={`All figures ${title.toLowerCase()}`} firstColumn={firstColumn} rows={entries} />
        </>
      )}
    </section>
  );
}

function CountSection({ title, head, rows: liveRows, valueLabel, color }: { title: string; head: [string, string]; rows: CountRow[]; valueLabel: string; color?: string }) {
  const headingId = useId();
  const rows = useStableRows(liveRows);
  return (
    <section className="card tally-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {rows.length > 0 ? (
        <ChartFrame caption={title}>
          <CountChart rows={rows} valueLabel={valueLabel} title={title} color={color} />
        </ChartFrame>
      ) : null}
      <CountTable caption={`${title} (table)`} head={head} rows={rows} />
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
  const nationalities = useMemo(() => countRows(tallies.possibleVictims.byNationality), [tallies.possibleVictims.byNationality]);
  const indicators = useMemo(() => indicatorRows(tallies.topIndicators, indicatorLabel, 10), [tallies.topIndicators, indicatorLabel]);
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
        <TallyFigures figures={tallies} participants={tallies.participants} />
      </section>
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">Progress</h2>
        <ProgressBar byState={tallies.targets.byState} />
      </section>
      <BreakdownSection title="By team" firstColumn="Team" entries={breakdowns.byTeam} empty="No team figures yet." />
      <BreakdownSection
        title="By participating country"
        firstColumn="Country"
        entries={breakdowns.byCountry}
        empty="No country figures yet (the country of the team that did the work)."
      />
      <BreakdownSection title="By target category" firstColumn="Category" entries={breakdowns.byCategory} empty="No category figures yet." />
      <div className="tally-pair">
        <CountSection
          title="Possible victims by nationality"
          head={['Nationality', 'Possible victims']}
          rows={nationalities}
          valueLabel="Possible victims"
          color={CHART_COLORS[3]}
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
          <FiguresTable caption="By target tag" firstColumn="Tag" rows={breakdowns.byTag} />
        </section>
      ) : null}
    </div>
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
