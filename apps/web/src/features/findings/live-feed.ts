import { actorName, teamLabel } from '../../shared/feed-text';
import { FINDING_STATUS_LABELS, FINDING_TYPE_LABELS, targetText, withArticle } from '../../shared/labels';
import { liveFeedDescriber, type LiveFeedDescriber } from '../../shared/live-feed';

/** How findings and the indicators added to the catalogue read in the live feed. */
export const findingsLiveFeed: LiveFeedDescriber[] = [
  liveFeedDescriber({
    types: ['finding.created'],
    describe: (e, l) => {
      const f = e.data.finding;
      const teamName = l.teamName(f.teamId);
      const who = teamName ? teamLabel(teamName) : actorName(e, l);
      const target = l.target(f.targetId);
      return `${who} logged ${withArticle(FINDING_TYPE_LABELS[f.type].toLowerCase())}${target ? ` on ${targetText(target)}` : ''}`;
    },
  }),
  liveFeedDescriber({
    types: ['finding.updated'],
    // Only coordinators review findings: an unlisted reviewer is still one.
    describe: (e, l) => {
      const f = e.data.finding;
      const reviewer = l.memberName(e.actorId) ?? 'A coordinator';
      const team = l.teamName(f.teamId);
      const what = `${withArticle(FINDING_TYPE_LABELS[f.type].toLowerCase())}${team ? ` of ${teamLabel(team)}` : ''}`;
      if (f.status === 'duplicate') return `${reviewer} marked ${what} as duplicate`;
      if (f.status === 'submitted') return `${reviewer} reopened ${what}`;
      return `${reviewer} ${FINDING_STATUS_LABELS[f.status].toLowerCase()} ${what}`;
    },
  }),
  liveFeedDescriber({
    types: ['indicator.created'],
    describe: (e, l) => `${actorName(e, l)} added the indicator “${e.data.indicator.label}”`,
  }),
];
