import type { Target, TargetPatch } from '@actionday/contracts';
import type { TargetTallyState } from '@actionday/tallies';
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
  version: t.version,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

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
