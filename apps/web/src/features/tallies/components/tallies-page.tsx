import type { Tallies, TallyFigures as Figures } from '@actionday/contracts';
import { useTeams } from '../../operations';
import { QueryState } from '../../../shared/ui';
import { formatDateTime } from '../../../shared/format';
import { indicatorLabel } from '../../../shared/labels';
import { useTallies } from '../api/get-tallies';
import { TallyFigures } from './tally-figures';

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

function FiguresTable({ caption, firstColumn, rows }: { caption: string; firstColumn: string; rows: { key: string; name: string; figures: Figures }[] }) {
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
                  {c.value(r.figures)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CountTable({ caption, head, rows }: { caption: string; head: [string, string]; rows: [string, number][] }) {
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
          rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td className="num">{v}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function TalliesView({ tallies, teamNames, timeZone }: { tallies: Tallies; teamNames: Map<string, string>; timeZone?: string }) {
  const byTeam = tallies.byTeam
    .map((t) => ({ key: t.teamId, name: teamNames.get(t.teamId) ?? t.name ?? '—', figures: t }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const byCountry = Object.entries(tallies.byCountry)
    .map(([code, figures]) => ({ key: code, name: code, figures }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const byTag = Object.entries(tallies.byTag)
    .map(([tag, figures]) => ({ key: tag, name: tag, figures }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const nationalities = Object.entries(tallies.possibleVictims.byNationality).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

  return (
    <div className="stack">
      <section className="card" aria-labelledby="tallies-title">
        <div className="section-head">
          <h2 id="tallies-title">Tallies</h2>
          <span className="muted small">{tallies.frozen ? 'Frozen at close' : 'Live'}</span>
        </div>
        <TallyFigures figures={tallies} />
      </section>
      <section className="card">
        <FiguresTable caption="By team" firstColumn="Team" rows={byTeam} />
        {byTeam.length === 0 ? <p className="empty">No team figures yet.</p> : null}
      </section>
      <div className="grid-3">
        <section className="card">
          <CountTable caption="Possible victims by nationality" head={['Nationality', 'Victims']} rows={nationalities} />
        </section>
        <section className="card">
          <CountTable
            caption="Top indicators"
            head={['Indicator', 'Findings']}
            rows={tallies.topIndicators.slice(0, 15).map((i) => [indicatorLabel(i.code), i.count])}
          />
        </section>
        <section className="card">
          <CountTable
            caption="Findings per hour"
            head={['Hour', 'Findings']}
            rows={tallies.findingsPerHour.map((h) => [formatDateTime(h.hour, timeZone), h.count])}
          />
        </section>
      </div>
      {byCountry.length > 0 ? (
        <section className="card">
          <FiguresTable caption="By country (of the team)" firstColumn="Country" rows={byCountry} />
        </section>
      ) : null}
      {byTag.length > 0 ? (
        <section className="card">
          <FiguresTable caption="By target tag" firstColumn="Tag" rows={byTag} />
        </section>
      ) : null}
    </div>
  );
}

export function TalliesPage({ operationId, timeZone }: { operationId: string; timeZone?: string }) {
  const tallies = useTallies(operationId);
  const teams = useTeams(operationId);
  const teamNames = new Map((teams.data ?? []).map((t) => [t.id, t.name]));
  return (
    <QueryState query={tallies} label="Loading tallies…">
      {(t) => <TalliesView tallies={t} teamNames={teamNames} timeZone={timeZone} />}
    </QueryState>
  );
}
