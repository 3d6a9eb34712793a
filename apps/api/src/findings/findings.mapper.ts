import type { Finding } from '@actionday/contracts';
import type { FindingTallyState } from '@actionday/tallies';
import type { FindingEntity } from './finding.entity';

export const toFindingDto = (f: FindingEntity): Finding => ({
  id: f.id,
  operationId: f.operationId,
  clientId: f.clientId,
  type: f.type,
  targetId: f.targetId,
  teamId: f.teamId,
  authorId: f.authorId,
  status: f.status,
  duplicateOf: f.duplicateOf,
  reviewedBy: f.reviewedBy,
  reviewedAt: f.reviewedAt?.toISOString() ?? null,
  redacted: false,
  details: f.details,
  identifiers: f.identifiers,
  indicators: f.indicators,
  evidence: f.evidence,
  notes: f.notes,
  version: f.version,
  createdAt: f.createdAt.toISOString(),
  updatedAt: f.updatedAt.toISOString(),
});

/** Only possible victims carry details that some members may not see. */
export const hasRestrictedDetails = (f: Pick<Finding, 'type'>) => f.type === 'possible_victim';

/** What a member who may not see a possible victim's details receives instead. */
export const redactFinding = (f: Finding): Finding => ({
  ...f,
  redacted: true,
  details: null,
  identifiers: [],
  indicators: [],
  evidence: [],
  notes: null,
});

export const findingTallyState = (f: FindingEntity): FindingTallyState => ({
  type: f.type,
  status: f.status,
  teamId: f.teamId,
  teamCountry: f.teamCountry,
  category: f.category,
  tags: f.tags,
  nationality: f.nationality,
  minor: f.minor,
  indicators: f.indicators,
  createdAt: f.createdAt,
});
