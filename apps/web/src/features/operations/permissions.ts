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
  };
}

export type OperationTab = 'board' | 'queue' | 'findings' | 'tallies' | 'team';

export const TAB_LABELS: Record<OperationTab, string> = {
  board: 'Board',
  queue: 'My queue',
  findings: 'Findings',
  tallies: 'Tallies',
  team: 'Team & members',
};

export function operationTabs(op: Pick<Operation, 'myRole' | 'myTeamId' | 'status'>): OperationTab[] {
  const can = operationPermissions(op);
  const tabs: OperationTab[] = [];
  if (can.viewBoard) tabs.push('board');
  if (can.viewQueue) tabs.push('queue');
  tabs.push('findings', 'tallies');
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
