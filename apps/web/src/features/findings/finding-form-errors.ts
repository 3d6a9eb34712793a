import type { FormErrors } from '../../shared/form-errors';
import { addIdentifier, splitCountries, splitUrls, type FindingDraft } from './finding-draft';

/** Every field of the finding form that can carry an error (request paths). */
export const FINDING_FORM_FIELDS = [
  'type',
  'targetId',
  'identifiers',
  'indicators',
  'evidence',
  'notes',
  'alias',
  'nationality',
  'ageMin',
  'ageMax',
  'minor',
  'role',
  'siteName',
  'url',
  'category',
  'adCount',
  'recentActivity',
  'services',
  'priceRange',
  'geographicScope',
  'advertisedOrigin',
  'advertisedOrigins',
  'language',
  'adSpace',
  'companyAffiliation',
  'lingo',
  'mirrors',
  'fromFindingId',
  'toFindingId',
  'toTargetId',
  'reason',
] as const;

/** The list fields whose items get errors of their own ("evidence.2.capturedAt" -> item 2). */
const LIST_FIELDS = ['identifiers', 'evidence', 'advertisedOrigins', 'mirrors'] as const;
type ListField = (typeof LIST_FIELDS)[number];

function listLengths(draft: FindingDraft): Record<ListField, number> {
  return {
    // The identifier typed but not added yet is sent as the last one.
    identifiers: addIdentifier(draft.identifiers, draft.pendingIdentifier).length,
    evidence: draft.evidence.length,
    advertisedOrigins: splitCountries(draft.advertisedOrigins).length,
    mirrors: splitUrls(draft.mirrors).length,
  };
}

/**
 * The known fields for form-errors.ts, item paths first ("identifiers.0" before "identifiers"),
 * so that an error lands next to the item it concerns.
 */
export function findingKnownFields(draft: FindingDraft): string[] {
  const lengths = listLengths(draft);
  const items = LIST_FIELDS.flatMap((f) => Array.from({ length: lengths[f] }, (_, i) => `${f}.${i}`));
  return [...items, ...FINDING_FORM_FIELDS];
}

/** The errors of the items of a list field, by index. */
export function itemErrors(errors: FormErrors, field: ListField): Record<number, string> {
  const out: Record<number, string> = {};
  const prefix = `${field}.`;
  for (const [key, message] of Object.entries(errors.fields)) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(key.slice(prefix.length));
    if (Number.isInteger(index)) out[index] = message;
  }
  return out;
}

/**
 * The error to show next to a list typed as text (countries, mirror URLs): the list's own, else
 * the first item's, naming the item ("“XX”: must be an ISO 3166-1 alpha-2 country code").
 */
export function listTextError(errors: FormErrors, field: 'advertisedOrigins' | 'mirrors', draft: FindingDraft): string | undefined {
  if (errors.fields[field]) return errors.fields[field];
  const items = field === 'mirrors' ? splitUrls(draft.mirrors) : splitCountries(draft.advertisedOrigins);
  const byIndex = itemErrors(errors, field);
  const first = Object.keys(byIndex)
    .map(Number)
    .sort((a, b) => a - b)[0];
  if (first === undefined) return undefined;
  return items[first] !== undefined ? `“${items[first]}”: ${byIndex[first]}` : byIndex[first];
}
