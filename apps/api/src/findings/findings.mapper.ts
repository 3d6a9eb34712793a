import { mayRead, type Finding, type Viewer } from '@actionday/contracts';
import type { FindingTallyState } from '@actionday/tallies';
import { maySeeRestricted } from '../policy/scopes';
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

/**
 * What a member who may not see a restricted finding receives instead: that it exists, its type,
 * team, author, status and times; nothing that describes the victim or points to another record
 * (its target, the finding it duplicates).
 */
export const redactFinding = (f: Finding): Finding => ({
  ...f,
  redacted: true,
  targetId: null,
  duplicateOf: null,
  details: null,
  identifiers: [],
  indicators: [],
  evidence: [],
  notes: null,
});

/** Free notes and evidence withheld (observers). */
const withoutNotes = (f: Finding): Finding => ({ ...f, notes: null, evidence: [] });

/**
 * One finding as `viewer` may see it, by the need-to-know table: the REST lists, the exports and
 * every event version go through here (the lists' SQL withholds the same columns itself).
 */
export function findingForViewer(f: Finding, restrictedTeamIds: readonly string[] | null, viewer: Viewer, originalRestriction: readonly string[] | null = null): Finding {
  if (restrictedTeamIds !== null && !maySeeRestricted(viewer, restrictedTeamIds)) return redactFinding(f);
  // The finding it duplicates is named only to those who may see that one too.
  const shown = f.duplicateOf && originalRestriction !== null && !maySeeRestricted(viewer, originalRestriction) ? { ...f, duplicateOf: null } : f;
  return mayRead(viewer, 'notes_evidence', [f.teamId]) ? shown : withoutNotes(shown);
}

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
  restricted: f.restrictedTeamIds !== null,
});
