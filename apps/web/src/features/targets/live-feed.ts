import type { TargetPatch } from '@actionday/contracts';
import { actorName, plural, teamLabel } from '../../shared/feed-text';
import { TARGET_KIND_LABELS, TARGET_OUTCOME_LABELS, targetText } from '../../shared/labels';
import { liveFeedDescriber, type FeedLookups, type LiveFeedDescriber } from '../../shared/live-feed';

/**
 * One patch says what happened to the target ("took", "reopened", "released" depend on its cached
 * state before the event); many, from a bulk action on the board, are summed up.
 */
function describeTargetPatches(patches: TargetPatch[], actor: string, l: FeedLookups): string {
  const team = (id: string | null) => {
    const name = l.teamName(id);
    return name ?? 'a team';
  };
  if (patches.length === 1) {
    const p = patches[0];
    const before = l.target(p.id);
    const value = before ? targetText(before) : 'a target';
    const who = p.teamId && l.teamName(p.teamId) ? teamLabel(team(p.teamId)) : actor;
    switch (p.status) {
      case 'in_progress':
        return before?.status === 'done' ? `${who} reopened ${value}` : `${who} took ${value}`;
      case 'done':
        return `${who} closed ${value}${p.outcome ? ` — ${TARGET_OUTCOME_LABELS[p.outcome].toLowerCase()}` : ''}`;
      case 'assigned':
        if (before && before.status === 'in_progress' && before.teamId === p.teamId) return `${who} released ${value}`;
        return `${value} assigned to ${team(p.teamId)}`;
      case 'unassigned':
        return `${value} unassigned`;
    }
  }
  const assigned = patches.filter((p) => p.status === 'assigned');
  const unassigned = patches.filter((p) => p.status === 'unassigned');
  if (assigned.length === patches.length) {
    const teams = new Set(assigned.map((p) => p.teamId));
    if (teams.size === 1) return `${plural(patches.length, 'target')} assigned to ${team(assigned[0].teamId)}`;
    return `${plural(patches.length, 'target')} assigned to ${teams.size} teams`;
  }
  if (unassigned.length === patches.length) return `${plural(patches.length, 'target')} unassigned`;
  return `${plural(patches.length, 'target')} updated`;
}

/** How targets read in the live feed: created, moved on the board, imported. */
export const targetsLiveFeed: LiveFeedDescriber[] = [
  liveFeedDescriber({
    types: ['target.created'],
    describe: ({ data: { target: t } }) =>
      t.redacted ? `New ${TARGET_KIND_LABELS[t.kind].toLowerCase()} target (restricted)` : `New target: ${TARGET_KIND_LABELS[t.kind].toLowerCase()} ${t.value}`,
  }),
  liveFeedDescriber({
    types: ['target.updated'],
    describe: (e, l) => (e.data.targets.length ? describeTargetPatches(e.data.targets, actorName(e, l), l) : null),
  }),
  liveFeedDescriber({
    types: ['targets.imported'],
    describe: (e) => `${plural(e.data.count, 'target')} imported`,
  }),
];
