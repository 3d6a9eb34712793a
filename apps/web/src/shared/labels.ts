import type {
  FindingStatus,
  FindingType,
  IdentifierKind,
  OperationKind,
  OperationStatus,
  PlatformCategory,
  Role,
  TargetKind,
  TargetOutcome,
  TargetStatus,
  Tlp,
} from '@actionday/contracts';
import { DEFAULT_INDICATORS } from '@actionday/contracts';

/** Human labels for the codes of the contracts; the codes themselves stay the option values. */

/** TLP 2.0, as FIRST writes the levels, with what each lets recipients do. */
export const TLP_LABELS: Record<Tlp, string> = {
  clear: 'TLP:CLEAR — no limit on disclosure',
  green: 'TLP:GREEN — the recipients\' community',
  amber: 'TLP:AMBER — their organisations and clients',
  'amber+strict': 'TLP:AMBER+STRICT — their organisations only',
  red: 'TLP:RED — the recipients only',
};
export const TARGET_KIND_LABELS: Record<TargetKind, string> = {
  platform: 'Platform',
  url: 'URL',
  username: 'Username',
  phone: 'Phone',
  email: 'E-mail',
  messaging: 'Messaging id',
  other: 'Other',
};

export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = {
  unassigned: 'Unassigned',
  assigned: 'Assigned',
  in_progress: 'In progress',
  done: 'Done',
};

export const TARGET_OUTCOME_LABELS: Record<TargetOutcome, string> = {
  no_indicators: 'No indicators',
  suspicious: 'Suspicious',
  confirmed: 'Trafficking confirmed',
  referred: 'Referred',
};

export const CATEGORY_LABELS: Record<PlatformCategory, string> = {
  escort: 'Escort',
  massage: 'Massage',
  classifieds: 'Classifieds',
  advertising_aggregator: 'Advertising aggregator',
  hobby_board: 'Hobby board',
  sugar_dating: 'Sugar dating',
  dating_social: 'Dating / social networking',
  forum: 'Forum',
  marketplace: 'Marketplace',
  job_recruitment: 'Job / recruitment',
  messaging_group: 'Messaging group',
  csam_related: 'CSAM-related',
  other: 'Other',
};

export const FINDING_TYPE_LABELS: Record<FindingType, string> = {
  site_assessment: 'Site assessment',
  suspect: 'Suspect',
  possible_victim: 'Possible victim',
  link: 'Link',
};

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  submitted: 'Submitted',
  confirmed: 'Confirmed',
  rejected: 'Rejected',
  duplicate: 'Duplicate',
};

export const IDENTIFIER_KIND_LABELS: Record<IdentifierKind, string> = {
  phone: 'Phone',
  email: 'E-mail',
  username: 'Username',
  url: 'URL',
  messaging: 'Messaging id',
};

export const ROLE_LABELS: Record<Role, string> = {
  organizer: 'Organizer',
  coordinator: 'Coordinator',
  officer: 'Officer',
  observer: 'Observer',
};

export const OPERATION_KIND_LABELS: Record<OperationKind, string> = {
  hackathon: 'Hackathon',
  joint_action_day: 'Joint action day',
  mapping: 'Mapping exercise',
};

export const OPERATION_STATUS_LABELS: Record<OperationStatus, string> = {
  planning: 'planning',
  live: 'live',
  closed: 'closed',
};

const INDICATOR_LABELS = new Map<string, string>(DEFAULT_INDICATORS.map((i) => [i.code, i.label]));
export function indicatorLabel(code: string): string {
  return INDICATOR_LABELS.get(code) ?? code.replace(/_/g, ' ');
}

/** "a possible victim", "an e-mail": for sentences in the live feed. */
export function withArticle(label: string): string {
  return /^[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`;
}

/**
 * What a target is called on screen. A target made from a possible victim's identifier is shown
 * to its own teams only; everyone else gets it without its value (the server withholds it).
 */
export function targetText(t: { value: string | null; redacted?: boolean }): string {
  return t.value ?? 'restricted target';
}
