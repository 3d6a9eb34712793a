import type {
  CreateFindingRequest,
  CreateOperationRequest,
  CreateTargetRequest,
  Role,
  TargetOutcome,
} from '@actionday/contracts';

/** Omit over each member of a union; a plain Omit would keep only the fields all members share. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface DemoTeam {
  name: string;
  country: string;
  language: string;
}

export interface DemoAccount {
  /** Short, stable: 'organizer', 'officer.nl.1'. */
  key: string;
  email: string;
  displayName: string;
  role: Role;
  teamIndex: number | null;
  country: string | null;
  organization: string;
}

export type DemoTargetStatus = 'unassigned' | 'assigned' | 'in_progress' | 'done';

export type DemoTarget = CreateTargetRequest & {
  teamIndex: number | null;
  status: DemoTargetStatus;
  outcome: TargetOutcome | null;
};

/** A finding as the API's create endpoint takes it, without the ids the API assigns. */
export type DemoFindingBody = DistributiveOmit<CreateFindingRequest, 'clientId' | 'targetId'>;

export interface DemoFinding {
  /** Stable per plan ('finding.1'): the API derives the finding's clientId from it. */
  clientKey: string;
  targetIndex: number;
  accountKey: string;
  body: DemoFindingBody;
}

export interface DemoPlan {
  operation: CreateOperationRequest;
  teams: DemoTeam[];
  accounts: DemoAccount[];
  targets: DemoTarget[];
  findings: DemoFinding[];
}

export interface DemoOptions {
  seed?: number;
  teamCount?: number;
  targetCount?: number;
  officersPerTeam?: number;
  /** The day of the action day; defaults to today (UTC). Pass it to get the same plan every day. */
  date?: Date | string;
}
