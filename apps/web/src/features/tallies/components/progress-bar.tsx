import type { TallyFigures } from '@actionday/contracts';
import { formatNumber } from '../../../shared/format';
import { progressSegments } from '../tally-chart-data';

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Targets done / in progress / assigned / unassigned as one bar, with the numbers spelled out. */
export function ProgressBar({ byState }: { byState: TallyFigures['targets']['byState'] }) {
  const { total, segments } = progressSegments(byState);
  const summary = segments.map((s) => `${formatNumber(s.count)} ${s.label.toLowerCase()}`).join(', ');
  return (
    <div className="progress">
      <div className="progress-bar" role="img" aria-label={`${formatNumber(total)} targets: ${summary}`}>
        {segments.map((s) =>
          s.share > 0 ? <span key={s.state} className="progress-segment" style={{ width: percent(s.share), background: s.color }} /> : null,
        )}
      </div>
      <ul className="progress-legend">
        {segments.map((s) => (
          <li key={s.state}>
            <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.label} <strong data-testid={`progress-${s.state}`}>{formatNumber(s.count)}</strong>{' '}
            <span className="muted">({percent(s.share)})</span>
          </li>
        ))}
        <li className="muted">of {formatNumber(total)} targets</li>
      </ul>
    </div>
  );
}
