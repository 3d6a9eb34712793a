import type { Tallies, TallyFigures as Figures } from '@actionday/contracts';
import { figureText, victimValue } from '../victim-figures';

interface Figure {
  testId: string;
  label: string;
  /** For the compact panel. */
  short?: string;
  /** null: released below the threshold; undefined: withheld from this viewer. */
  value: (f: Figures) => number | null | undefined;
}

interface FigureGroup {
  title: string;
  figures: Figure[];
}

export const FIGURE_GROUPS: FigureGroup[] = [
  {
    title: 'Examined',
    figures: [
      { testId: 'tally-examined-platforms', label: 'Platforms', value: (f) => f.examined.platforms },
      { testId: 'tally-examined-usernames', label: 'Usernames', value: (f) => f.examined.usernames },
      { testId: 'tally-examined-communications', label: 'Communication ids', short: 'Comm. ids', value: (f) => f.examined.communications },
    ],
  },
  {
    title: 'Platforms',
    figures: [
      { testId: 'tally-platforms-suspected', label: 'Suspected', value: (f) => f.platforms.suspected },
      { testId: 'tally-platforms-confirmed', label: 'Confirmed', value: (f) => f.platforms.confirmed },
      { testId: 'tally-platforms-referred', label: 'Referred', value: (f) => f.platforms.referred },
    ],
  },
  {
    title: 'People',
    figures: [
      { testId: 'tally-suspects', label: 'Suspects', value: (f) => f.suspects },
      { testId: 'tally-victims-total', label: 'Possible victims', short: 'Victims', value: (f) => victimValue(f, 'total') },
      { testId: 'tally-victims-minors', label: 'of them minors', short: 'Minors', value: (f) => victimValue(f, 'minors') },
    ],
  },
  {
    title: 'Targets',
    figures: [
      { testId: 'tally-targets-done', label: 'Done', value: (f) => f.targets.byState.done },
      { testId: 'tally-targets-in-progress', label: 'In progress', value: (f) => f.targets.byState.in_progress },
      { testId: 'tally-targets-assigned', label: 'Assigned', value: (f) => f.targets.byState.assigned },
      { testId: 'tally-targets-unassigned', label: 'Unassigned', value: (f) => f.targets.byState.unassigned },
    ],
  },
];

/** Who took part: only the whole operation has it, not a team or a country. */
function participantsGroup(p: Tallies['participants']): FigureGroup {
  return {
    title: 'Participants',
    figures: [
      { testId: 'tally-participants-experts', label: 'Experts', value: () => p.experts },
      { testId: 'tally-participants-countries', label: 'Countries', value: () => p.countries },
    ],
  };
}

/** The headline figures; each value element holds only the number (data-testid="tally-…"). */
export function TallyFigures({
  figures,
  participants,
  release = null,
  compact = false,
}: {
  figures: Figures;
  participants?: Tallies['participants'];
  /** The tallies' victimRelease: says how a withheld or suppressed victim count reads. */
  release?: Tallies['victimRelease'];
  compact?: boolean;
}) {
  const groups = participants ? [participantsGroup(participants), ...FIGURE_GROUPS] : FIGURE_GROUPS;
  return (
    <div className={compact ? 'tally-groups compact' : 'tally-groups'}>
      {groups.map((group) => (
        <section key={group.title} className="tally-group" aria-label={group.title}>
          <h3>{group.title}</h3>
          <dl>
            {group.figures.map((fig) => (
              <div key={fig.testId} className="tally-figure">
                <dt>{compact ? (fig.short ?? fig.label) : fig.label}</dt>
                <dd data-testid={fig.testId}>{figureText(fig.value(figures), { victimRelease: release })}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
