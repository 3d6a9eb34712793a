import { FINDING_COMMON_FIELDS, type CreateFindingRequest, type Finding, type Identifier } from '@actionday/contracts';
import { matchKey, normalizeIdentifier } from '@actionday/identifiers';
import { ValidationFailed } from '../common/zod-pipe';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import type { IndexedIdentifier } from '../correlation/correlation.service';
import type { FindingEntity } from './finding.entity';
import type { WriteLookups, WriteRefs } from './findings.repository';

/*
 * The rows of new findings, from what they name and what the write's lookups found: pure, so
 * that the one and the thousand findings of a write are built alike.
 */

/** One finding to create, and who asks for it. */
export interface FindingRequest {
  user: AuthUser;
  access: OperationAccess;
  input: CreateFindingRequest;
}

const COMMON = new Set<string>(FINDING_COMMON_FIELDS);

/** The row of one finding, or the 400 naming what it refers to that is not there. */
export function buildFindingRow(lookups: WriteLookups, { user, access, input }: FindingRequest, bodyHash: string): Omit<FindingEntity, 'id'> {
  const unknown = [...new Set(input.indicators ?? [])].filter((c) => !lookups.knownIndicators.has(c));
  if (unknown.length > 0) throw new ValidationFailed([{ path: 'indicators', message: `unknown indicator code(s): ${unknown.join(', ')}` }]);
  const target = input.targetId ? requireIn(lookups.targets, input.targetId, 'targetId') : null;
  // What a link connects, by the teams each end is restricted to (a restricted target also
  // belongs to the team it is assigned to).
  const linked: (string | null)[][] = [];
  if (input.type === 'link') {
    const ends = [requireIn(lookups.findings, input.fromFindingId, 'fromFindingId')];
    if (input.toFindingId) ends.push(requireIn(lookups.findings, input.toFindingId, 'toFindingId'));
    for (const end of ends) if (end.restrictedTeamIds) linked.push(end.restrictedTeamIds);
    if (input.toTargetId) {
      const to = requireIn(lookups.targets, input.toTargetId, 'toTargetId');
      if (to.restrictedTeamIds) linked.push([...to.restrictedTeamIds, to.teamId]);
    }
  }
  // The finding counts for the team that did the work: the author's team, else the target's.
  const teamId = access.teamId ?? target?.teamId ?? null;
  // Logged on a target made from a victim's identifier, a finding is about that victim's
  // identifier too (its identifiers usually repeat it): it belongs to the target's teams.
  if (target?.restrictedTeamIds) linked.push([...target.restrictedTeamIds, target.teamId]);
  const restrictedTeamIds = restrictionOf(input.type, teamId, linked);
  const team = teamId ? (lookups.teams.get(teamId) ?? null) : null;
  const defaultCountry = target?.country ?? team?.country ?? (input.identifiers?.length ? lookups.defaultCountry : null);
  const identifiers: Identifier[] = (input.identifiers ?? []).map((i) => {
    const n = normalizeIdentifier(i.kind, i.value, { defaultCountry, platform: i.platform ?? null });
    return { kind: i.kind, value: i.value, platform: i.platform ?? n.platform, normalized: n.normalized, valid: n.valid };
  });
  const details = Object.fromEntries(Object.entries(input).filter(([k]) => !COMMON.has(k)));
  const now = new Date();
  return {
    operationId: access.operationId,
    clientId: input.clientId,
    bodyHash,
    type: input.type,
    targetId: target?.id ?? null,
    teamId,
    teamCountry: team?.country ?? null,
    tags: target?.tags ?? [],
    category: target?.category ?? null,
    authorId: user.id,
    status: 'submitted',
    duplicateOf: null,
    details,
    identifiers,
    indicators: [...new Set(input.indicators ?? [])],
    evidence: input.evidence ?? [],
    notes: input.notes ?? null,
    nationality: input.type === 'possible_victim' || input.type === 'suspect' ? (input.nationality ?? null) : null,
    minor: input.type === 'possible_victim' ? input.minor === true : false,
    restrictedTeamIds,
    reviewedBy: null,
    reviewedAt: null,
    version: 1,
    // Set here, not by the column default, so the events and answers carry them.
    createdAt: now,
    updatedAt: now,
  };
}

/** What these findings name, for the write's lookups. */
export function refsOf(inputs: readonly CreateFindingRequest[]): WriteRefs {
  const targetIds = new Set<string>();
  const findingIds = new Set<string>();
  const codes = new Set<string>();
  for (const input of inputs) {
    if (input.targetId) targetIds.add(input.targetId);
    for (const c of input.indicators ?? []) codes.add(c);
    if (input.type === 'link') {
      findingIds.add(input.fromFindingId);
      if (input.toFindingId) findingIds.add(input.toFindingId);
      if (input.toTargetId) targetIds.add(input.toTargetId);
    }
  }
  return { clientIds: inputs.map((i) => i.clientId), targetIds: [...targetIds], findingIds: [...findingIds], codes: [...codes] };
}

function requireIn<T>(found: Map<string, T>, id: string, path: string): T {
  const row = found.get(id);
  if (!row) throw new ValidationFailed([{ path, message: 'no such item in this operation' }]);
  return row;
}

/** A finding's identifiers as the correlation indexes them. */
export function indexEntries(finding: FindingEntity, actorId: string): IndexedIdentifier[] {
  return finding.identifiers.flatMap((i) => {
    const key = matchKey(i.kind, i.normalized);
    return key
      ? [
          {
            key,
            targetId: null,
            findingId: finding.id,
            teamId: finding.teamId,
            country: finding.teamCountry,
            relatedTargetId: finding.targetId,
            restrictedTeamIds: finding.restrictedTeamIds,
            actorId,
          },
        ]
      : [];
  });
}

/**
 * The teams a new finding is restricted to, or null. A possible victim belongs to its team; a
 * link to a restricted finding or target, or a finding on a restricted target, inherits their
 * restriction and adds its own team, so that what it says reaches no one who could not see what
 * it is about.
 */
function restrictionOf(type: Finding['type'], teamId: string | null, linked: readonly (readonly (string | null)[])[]): string[] | null {
  const own = teamId ? [teamId] : [];
  if (type === 'possible_victim') return own;
  if (linked.length === 0) return null;
  return [...new Set([...own, ...linked.flat()])].filter((t): t is string => t !== null).sort();
}
