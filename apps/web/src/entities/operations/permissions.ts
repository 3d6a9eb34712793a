import { roleAtLeast, type Operation } from '@actionday/contracts';

/** What the caller's role lets them do in the UI; the API remains the authority. */
export interface OperationPermissions {
  viewBoard: boolean;
  viewQueue: boolean;
  manageTeams: boolean;
  addMembers: boolean;
  transition: boolean;
  manageTargets: boolean;
  reviewFindings: boolean;
  logFindings: boolean;
  /** Make a target from an identifier of a finding (officers and above). */
  snowball: boolean;
  seeMembers: boolean;
  /** The review queue tab: coordinators and organizers, while findings can still be reviewed. */
  viewReview: boolean;
  /** The matches tab: officers (their team's matches, others redacted) and coordinators (all). */
  viewMatches: boolean;
  /** The publish tab: organizers; it explains that publishing needs the day to be closed. */
  publish: boolean;
  /** The audit log export and its verification. */
  audit: boolean;
}

export function operationPermissions(op: Pick<Operation, 'myRole' | 'myTeamId' | 'status'>): OperationPermissions {
  const coordinator = roleAtLeast(op.myRole, 'coordinator');
  const officer = roleAtLeast(op.myRole, 'officer');
  const open = op.status !== 'closed';
  return {
    viewBoard: coordinator,
    viewQueue: officer && op.myTeamId !== null,
    manageTeams: coordinator && open,
    addMembers: op.myRole === 'organizer' && open,
    transition: op.myRole === 'organizer',
    manageTargets: coordinator && open,
    reviewFindings: coordinator && open,
    logFindings: officer && op.myTeamId !== null && open,
    snowball: officer && open,
    seeMembers: coordinator,
    viewReview: coordinator && open,
    viewMatches: officer,
    publish: op.myRole === 'organizer',
    audit: op.myRole === 'organizer',
  };
}

export type OperationTab = 'board' | 'queue' | 'review' | 'matches' | 'findings' | 'tallies' | 'publish' | 'team';

export const TAB_LABELS: Record<OperationTab, string> = {
  board: 'Board',
  queue: 'My queue',
  review: 'Review',
  matches: 'Matches',
  findings: 'Findings',
  tallies: 'Tallies',
  publish: 'Publish',
  team: 'Team & members',
};

export function operationTabs(op: Pick<Operation, 'myRole' | 'myTeamId' | 'status'>): OperationTab[] {
  const can = operationPermissions(op);
  const tabs: OperationTab[] = [];
  if (can.viewBoard) tabs.push('board');
  if (can.viewQueue) tabs.push('queue');
  if (can.viewReview) tabs.push('review');
  if (can.viewMatches) tabs.push('matches');
  tabs.push('findings', 'tallies');
  if (can.publish) tabs.push('publish');
  if (can.seeMembers) tabs.push('team');
  return tabs;
}

/** Board for coordinators and organizers, My queue for officers with a team, else Tallies. */
export function defaultTab(op: Pick<Operation, 'myRole' | 'myTeamId' | 'status'>): OperationTab {
  const can = operationPermissions(op);
  if (can.viewBoard) return 'board';
  if (can.viewQueue) return 'queue';
  return 'tallies';
}
