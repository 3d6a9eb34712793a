import type { FindingType, IdentifierKind, Target } from '@actionday/contracts';
import { FINDING_TYPES } from '@actionday/contracts';
import { optionalInt, optionalText } from '../../shared/format';

export interface DraftIdentifier {
  kind: IdentifierKind;
  value: string;
  platform: string;
}

/** The log-finding form as typed (strings for every input), saved per target in sessionStorage. */
export interface FindingDraft {
  clientId: string;
  type: FindingType;
  identifiers: DraftIdentifier[];
  pendingIdentifier: DraftIdentifier;
  indicators: string[];
  notes: string;
  alias: string;
  nationality: string;
  ageMin: string;
  ageMax: string;
  minor: boolean;
  role: string;
  siteName: string;
  url: string;
  category: string;
  adCount: string;
  geographicScope: string;
  advertisedOrigin: string;
  language: string;
  adSpace: string;
  fromFindingId: string;
  toFindingId: string;
  toTargetId: string;
  reason: string;
}

/** Adds an identifier unless it is blank or already listed. */
export function addIdentifier(list: DraftIdentifier[], id: DraftIdentifier): DraftIdentifier[] {
  const value = id.value.trim();
  if (!value) return list;
  const needsPlatform = id.kind === 'username' || id.kind === 'messaging';
  const next = { kind: id.kind, value, platform: needsPlatform ? id.platform.trim() : '' };
  if (list.some((i) => i.kind === next.kind && i.value === next.value && i.platform === next.platform)) return list;
  return [...list, next];
}

export function newDraft(clientId: string, target?: Pick<Target, 'kind' | 'value' | 'category'>): FindingDraft {
  const site = target?.kind === 'platform' || target?.kind === 'url';
  return {
    clientId,
    type: site ? 'site_assessment' : 'possible_victim',
    identifiers: [],
    pendingIdentifier: { kind: 'phone', value: '', platform: '' },
    indicators: [],
    notes: '',
    alias: '',
    nationality: '',
    ageMin: '',
    ageMax: '',
    minor: false,
    role: '',
    siteName: target?.kind === 'platform' ? target.value : '',
    url: target?.kind === 'url' ? target.value : '',
    category: target?.category ?? '',
    adCount: '',
    geographicScope: '',
    advertisedOrigin: '',
    language: '',
    adSpace: '',
    fromFindingId: '',
    toFindingId: '',
    toTargetId: '',
    reason: '',
  };
}

/**
 * The request body for the draft's type, to be checked by createFindingRequestSchema. Only the
 * fields of that type are included (the schema is strict), blanks are left out.
 */
export function draftToRequest(draft: FindingDraft, targetId?: string): Record<string, unknown> {
  // An identifier typed but not added yet counts: nothing the officer typed is dropped.
  const identifiers = addIdentifier(draft.identifiers, draft.pendingIdentifier);
  const body: Record<string, unknown> = {
    clientId: draft.clientId,
    type: draft.type,
    targetId,
    identifiers: identifiers.length
      ? identifiers.map((i) => ({ kind: i.kind, value: i.value, platform: optionalText(i.platform) }))
      : undefined,
    indicators: draft.indicators.length ? draft.indicators : undefined,
    notes: optionalText(draft.notes),
  };
  switch (draft.type) {
    case 'possible_victim':
      Object.assign(body, {
        alias: optionalText(draft.alias),
        nationality: optionalText(draft.nationality),
        ageMin: optionalInt(draft.ageMin),
        ageMax: optionalInt(draft.ageMax),
        minor: draft.minor ? true : undefined,
      });
      break;
    case 'suspect':
      Object.assign(body, {
        alias: optionalText(draft.alias),
        nationality: optionalText(draft.nationality),
        role: optionalText(draft.role),
      });
      break;
    case 'site_assessment':
      Object.assign(body, {
        siteName: optionalText(draft.siteName),
        url: optionalText(draft.url),
        category: optionalText(draft.category),
        adCount: optionalInt(draft.adCount),
        geographicScope: optionalText(draft.geographicScope),
        advertisedOrigin: optionalText(draft.advertisedOrigin),
        language: optionalText(draft.language),
        adSpace: optionalText(draft.adSpace),
      });
      break;
    case 'link':
      Object.assign(body, {
        fromFindingId: optionalText(draft.fromFindingId),
        toFindingId: optionalText(draft.toFindingId),
        toTargetId: optionalText(draft.toTargetId),
        reason: optionalText(draft.reason),
      });
      break;
  }
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

const draftKey = (operationId: string, targetId: string) => `actionday:finding-draft:${operationId}:${targetId}`;

function isDraft(v: unknown): v is FindingDraft {
  if (!v || typeof v !== 'object') return false;
  const d = v as Partial<FindingDraft>;
  return typeof d.clientId === 'string' && FINDING_TYPES.includes(d.type as FindingType) && Array.isArray(d.identifiers);
}

export function loadDraft(operationId: string, targetId: string): FindingDraft | null {
  try {
    const raw = sessionStorage.getItem(draftKey(operationId, targetId));
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    // Merge over an empty draft: a draft saved by an older version of the form may lack fields.
    return isDraft(parsed) ? { ...newDraft(parsed.clientId), ...parsed } : null;
  } catch {
    return null;
  }
}

export function saveDraft(operationId: string, targetId: string, draft: FindingDraft): void {
  try {
    sessionStorage.setItem(draftKey(operationId, targetId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft only lives in memory.
  }
}

export function clearDraft(operationId: string, targetId: string): void {
  try {
    sessionStorage.removeItem(draftKey(operationId, targetId));
  } catch {
    // ignore
  }
}
