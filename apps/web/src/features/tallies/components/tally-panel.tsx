import { QueryState } from '../../../shared/ui';
import { useTallies } from '../../../entities/tallies';
import { TallyFigures } from './tally-figures';

/** The headline figures in a compact strip, for the Board and My queue. */
export function TallyPanel({ operationId }: { operationId: string }) {
  const tallies = useTallies(operationId);
  return (
    <section className="card tally-panel" aria-label="Tallies">
      <QueryState query={tallies} label="Loading tallies…">
        {(t) => (
          <>
            {t.frozen ? <p className="muted small">Final figures (frozen at close)</p> : null}
            <TallyFigures figures={t} release={t.victimRelease} compact />
          </>
        )}
      </QueryState>
    </section>
  );
}
