import type { Target, TargetPatch, Viewer } from '@actionday/contracts';
import type { TargetTallyState } from '@actionday/tallies';
import { maySeeRestricted } from '../policy/scopes';
import type { TargetEntity } from './target.entity';

export const toTargetDto = (t: TargetEntity): Target => ({
  id: t.id,
  operationId: t.operationId,
  kind: t.kind,
  value: t.value,
  normalized: t.normalized,
  normalizationFailed: t.normalizationFailed,
  platform: t.platform,
  category: t.category,
  country: t.country,
  language: t.language,
  tags: t.tags,
  priority: t.priority,
  notes: t.notes,
  status: t.status,
  outcome: t.outcome,
  teamId: t.teamId,
  sourceFindingId: t.sourceFindingId ?? null,
  redacted: false,
  version: t.version,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

/** The teams a restricted target belongs to: those of the finding it came from, and the team it is assigned to. */
export const targetTeams = (t: Pick<TargetEntity, 'restrictedTeamIds' | 'teamId'>): (string | null)[] => [...(t.restrictedTeamIds ?? []), t.teamId];

/**
 * A target as `viewer` may see it. One snowballed from a restricted finding carries that
 * finding's identifier: for everyone outside its teams it keeps its kind, category, country,
 * tags, state and team, and loses its value, platform, notes and the finding it came from.
 */
export function targetForViewer(t: Target, restrictedTeamIds: readonly string[] | null, viewer: Viewer): Target {
  if (restrictedTeamIds === null || maySeeRestricted(viewer, [...restrictedTeamIds, t.teamId])) return t;
  return { ...t, redacted: true, value: null, normalized: null, platform: null, notes: null, sourceFindingId: null };
}

export const toTargetPatch = (t: TargetEntity): TargetPatch => ({
  id: t.id,
  status: t.status,
  outcome: t.outcome,
  teamId: t.teamId,
  version: t.version,
  updatedAt: t.updatedAt.toISOString(),
});

export const targetTallyState = (t: TargetEntity): TargetTallyState => ({
  kind: t.kind,
  status: t.status,
  outcome: t.outcome,
  teamId: t.teamId,
  teamCountry: t.teamCountry,
  category: t.category,
  tags: t.tags,
});
