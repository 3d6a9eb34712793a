import { teamLabel } from '../../shared/feed-text';
import { ROLE_LABELS } from '../../shared/labels';
import { liveFeedDescriber, type LiveFeedDescriber } from '../../shared/live-feed';

/**
 * How the operation, its teams and its members read in the live feed. One event type says both
 * "created" and "updated": whether it was known before the event tells them apart.
 */
export const operationsLiveFeed: LiveFeedDescriber[] = [
  liveFeedDescriber({
    types: ['team.updated'],
    describe: (e, l) => {
      const t = e.data.team;
      return `${teamLabel(t.name)} ${l.teamExists(t.id) ? 'updated' : 'created'}`;
    },
  }),
  liveFeedDescriber({
    types: ['member.updated'],
    describe: (e, l) => {
      const m = e.data.member;
      const team = l.teamName(m.teamId);
      const where = team ? ` in ${teamLabel(team)}` : '';
      const role = ROLE_LABELS[m.role].toLowerCase();
      return l.memberExists(m.userId) ? `${m.displayName} is now ${role}${where}` : `${m.displayName} joined as ${role}${where}`;
    },
  }),
  liveFeedDescriber({
    types: ['member.removed'],
    describe: (e, l) => `${l.memberName(e.data.userId) ?? 'A member'} left the operation`,
  }),
  liveFeedDescriber({
    types: ['operation.updated'],
    describe: (e) => {
      const op = e.data.operation;
      if (op.status === 'live') return 'The operation is live';
      if (op.status === 'closed') return 'The operation is closed — tallies frozen';
      return 'Operation details updated';
    },
  }),
];
