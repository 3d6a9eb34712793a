import type { PublishedFigure } from '@actionday/contracts';

/**
 * The figures as the public reads them: display strings only ("12", "<3"), breakdowns as small
 * tables. The same component shows the organizer's preview, so that the preview is the page.
 */
export function PublishedFigures({ figures }: { figures: readonly PublishedFigure[] }) {
  if (figures.length === 0) return <p className="empty">No figure selected.</p>;
  const counts = figures.filter((f) => !f.breakdown);
  const breakdowns = figures.filter((f) => f.breakdown);
  return (
    <div className="published-figures">
      {counts.length > 0 ? (
        <dl className="published-counts">
          {counts.map((f) => (
            <div key={f.name} className="published-count" data-figure={f.name}>
              <dt>{f.label}</dt>
              <dd data-testid={`figure-${f.name}`} className={f.value === null ? 'suppressed' : undefined}>
                {f.display}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {breakdowns.map((f) => (
        <table key={f.name} className="table count-table published-breakdown" data-figure={f.name}>
          <caption>
            {f.label}: <span data-testid={`figure-${f.name}`}>{f.display}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">{f.name === 'possibleVictims.byNationality' ? 'Nationality' : 'Topic'}</th>
              <th scope="col" className="num">
                Count
              </th>
            </tr>
          </thead>
          <tbody>
            {(f.breakdown ?? []).length === 0 ? (
              <tr>
                <td colSpan={2} className="muted">
                  None
                </td>
              </tr>
            ) : (
              (f.breakdown ?? []).map((b) => (
                <tr key={b.key}>
                  <th scope="row">{b.key}</th>
                  <td className={b.value === null ? 'num suppressed' : 'num'}>{b.display}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      ))}
    </div>
  );
}

/** Why some counts read "<N". */
export function SuppressionNote({ suppressBelow }: { suppressBelow: number }) {
  return (
    <p className="muted small suppression-note">
      Counts below {suppressBelow} are shown as “&lt;{suppressBelow}” to protect the people concerned.
    </p>
  );
}
