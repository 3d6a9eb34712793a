import type { PublishedFigure } from '@actionday/contracts';
import { OTHER_KEY } from '@actionday/tallies';
import { DataTable } from '../../../shared/ui';

type Breakdown = NonNullable<PublishedFigure['breakdown']>[number];

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
        <DataTable
          key={f.name}
          className="count-table published-breakdown"
          scrollClassName="published-breakdown-scroll"
          tableProps={{ 'data-figure': f.name }}
          caption={
            <>
              {f.label}: <span data-testid={`figure-${f.name}`}>{f.display}</span>
            </>
          }
          columns={[
            {
              key: 'key',
              header: f.name === 'possibleVictims.byNationality' ? 'Nationality' : 'Topic',
              rowHeader: true,
              cell: (b: Breakdown) => (b.key === OTHER_KEY ? 'Other (each fewer than the threshold)' : b.key),
            },
            { key: 'count', header: 'Count', numeric: true, className: (b: Breakdown) => (b.value === null ? 'suppressed' : undefined), cell: (b: Breakdown) => b.display },
          ]}
          rows={f.breakdown ?? []}
          rowKey={(b) => b.key}
          empty="None"
          emptyInTable
        />
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
