import type { CreateTargetRequest, Target } from '@actionday/contracts';
import { normalizeIdentifier } from '@actionday/identifiers';
import type { IndexedIdentifier } from '../correlation/correlation.service';

/** A target about to be written, its value normalized (see normalizeTarget). */
export interface NewTarget {
  kind: Target['kind'];
  value: string;
  normalized: string;
  normalizationFailed: boolean;
  platform: string | null;
  category: Target['category'];
  country: string | null;
  language: string | null;
  tags: string[];
  priority: number;
  notes: string | null;
}

/** Normalizes one target's value the way every path does (single create, bulk, snowballing). */
export function normalizeTarget(input: CreateTargetRequest, operationCountries: readonly string[]): NewTarget {
  const n = normalizeIdentifier(input.kind, input.value, {
    defaultCountry: input.country ?? operationCountries[0] ?? null,
    platform: input.platform ?? null,
  });
  return {
    kind: input.kind,
    value: input.value,
    normalized: n.normalized,
    normalizationFailed: !n.valid,
    platform: input.platform ?? n.platform,
    category: input.category ?? null,
    country: input.country ?? null,
    language: input.language ?? null,
    tags: [...new Set(input.tags ?? [])],
    priority: input.priority ?? 0,
    notes: input.notes ?? null,
  };
}

/**
 * What a new target brings to the identifier index: its key (kept on the target row) and, for
 * the matches it raises, whose it is: unassigned, so a match names its country, not a team.
 */
export function indexEntry(
  target: { id: string; matchKey: string | null; country: string | null },
  source: { findingId: string; restrictedTeamIds: string[] | null } | null = null,
): IndexedIdentifier[] {
  if (!target.matchKey) return [];
  return [
    {
      key: target.matchKey,
      targetId: target.id,
      findingId: null,
      teamId: null,
      country: target.country,
      relatedFindingId: source?.findingId ?? null,
      restrictedTeamIds: source?.restrictedTeamIds ?? null,
    },
  ];
}
