import type { FindingType, IdentifierKind, Target } from '@actionday/contracts';
import { FINDING_TYPES } from '@actionday/contracts';
import { optionalInt, optionalText } from '../../shared/format';

export interface DraftIdentifier {
  kind: IdentifierKind;
  value: string;
  platform: string;
}

/**
 * One evidence reference: the metadata of a capture the officer keeps locally. The file itself is
 * never uploaded, only its SHA-256 (computed in the browser), name, size and capture time.
 */
export interface DraftEvidence {
  /** Local key for React lists; not sent. */
  key: string;
  fileName: string;
  size: number | null;
  sha256: string;
  /** ISO 8601 (the file's lastModified unless the officer changed it). */
  capturedAt: string;
  /** Where the capture was taken from, optional. */
  url: string;
}

/** A link goes to another finding or to a target: exactly one of the two. */
export type LinkTo = 'finding' | 'target';

/** The log-finding form as typed (strings for every input), saved per target in sessionStorage. */
export interface FindingDraft {
  clientId: string;
  type: FindingType;
  identifiers: DraftIdentifier[];
  pendingIdentifier: DraftIdentifier;
  indicators: string[];
  evidence: DraftEvidence[];
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
  recentActivity: string;
  services: string;
  priceRange: string;
  geographicScope: string;
  advertisedOrigin: string;
  /** Country codes as typed, separated by commas, semicolons, spaces or new lines. */
  advertisedOrigins: string;
  language: string;
  adSpace: string;
  companyAffiliation: string;
  lingo: string;
  /** Mirror URLs as typed, one per line (commas and spaces separate too). */
  mirrors: string;
  fromFindingId: string;
  linkTo: LinkTo;
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

/** "UA, ro;MD\nPL" -> ["UA", "RO", "MD", "PL"]; items are kept as typed apart from case and blanks. */
export function splitCountries(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}

/** One URL per line; commas and whitespace separate too (a URL holds neither unencoded). */
export function splitUrls(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function newDraft(clientId: string, target?: Pick<Target, 'kind' | 'value' | 'category'> | null): FindingDraft {
  const site = target?.kind === 'platform' || target?.kind === 'url';
  return {
    clientId,
    type: site ? 'site_assessment' : 'possible_victim',
    identifiers: [],
    pendingIdentifier: { kind: 'phone', value: '', platform: '' },
    indicators: [],
    evidence: [],
    notes: '',
    alias: '',
    nationality: '',
    ageMin: '',
    ageMax: '',
    minor: false,
    role: '',
    siteName: target?.kind === 'platform' ? (target.value ?? '') : '',
    url: target?.kind === 'url' ? (target.value ?? '') : '',
    category: target?.category ?? '',
    adCount: '',
    recentActivity: '',
    services: '',
    priceRange: '',
    geographicScope: '',
    advertisedOrigin: '',
    advertisedOrigins: '',
    language: '',
    adSpace: '',
    companyAffiliation: '',
    lingo: '',
    mirrors: '',
    fromFindingId: '',
    linkTo: 'finding',
    toFindingId: '',
    toTargetId: '',
    reason: '',
  };
}

/**
 * True when the draft holds nothing the officer typed: it equals a new draft for the same target
 * (the target's own value and category are prefilled, and the type alone is not input).
 */
export function isDraftEmpty(draft: FindingDraft, target?: Pick<Target, 'kind' | 'value' | 'category'> | null): boolean {
  const blank = { ...newDraft(draft.clientId, target), type: draft.type, linkTo: draft.linkTo };
  const pending = { ...draft.pendingIdentifier, kind: blank.pendingIdentifier.kind };
  return JSON.stringify({ ...draft, pendingIdentifier: pending }) === JSON.stringify(blank);
}

const list = <T>(items: T[]): T[] | undefined => (items.length ? items : undefined);

/**
 * The request body for the draft's type, to be checked by createFindingRequestSchema. Only the
 * fields of that type are included (the schema is strict), blanks are left out.
 */
export function draftToRequest(draft: FindingDraft, targetId?: string | null): Record<string, unknown> {
  // An identifier typed but not added yet counts: nothing the officer typed is dropped.
  const identifiers = addIdentifier(draft.identifiers, draft.pendingIdentifier);
  const body: Record<string, unknown> = {
    clientId: draft.clientId,
    type: draft.type,
    targetId: targetId ?? undefined,
    identifiers: list(identifiers.map((i) => ({ kind: i.kind, value: i.value, platform: optionalText(i.platform) }))),
    indicators: list(draft.indicators),
    evidence: list(
      draft.evidence.map((e) => ({
        url: optionalText(e.url),
        fileName: optionalText(e.fileName),
        size: e.size ?? undefined,
        capturedAt: e.capturedAt,
        sha256: e.sha256,
      })),
    ),
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
        recentActivity: optionalText(draft.recentActivity),
        services: optionalText(draft.services),
        priceRange: optionalText(draft.priceRange),
        geographicScope: optionalText(draft.geographicScope),
        advertisedOrigin: optionalText(draft.advertisedOrigin),
        advertisedOrigins: list(splitCountries(draft.advertisedOrigins)),
        language: optionalText(draft.language),
        adSpace: optionalText(draft.adSpace),
        companyAffiliation: optionalText(draft.companyAffiliation),
        lingo: optionalText(draft.lingo),
        mirrors: list(splitUrls(draft.mirrors)),
      });
      break;
    case 'link':
      Object.assign(body, {
        fromFindingId: optionalText(draft.fromFindingId),
        toFindingId: draft.linkTo === 'finding' ? optionalText(draft.toFindingId) : undefined,
        toTargetId: draft.linkTo === 'target' ? optionalText(draft.toTargetId) : undefined,
        reason: optionalText(draft.reason),
      });
      break;
  }
  const clean = (o: Record<string, unknown>) => {
    for (const key of Object.keys(o)) if (o[key] === undefined) delete o[key];
    return o;
  };
  if (Array.isArray(body.identifiers)) body.identifiers.forEach((i: Record<string, unknown>) => clean(i));
  if (Array.isArray(body.evidence)) body.evidence.forEach((e: Record<string, unknown>) => clean(e));
  return clean(body);
}

// ---------- Storage ----------
//
// Drafts live in sessionStorage, deliberately not localStorage. A draft holds personal data
// (aliases, nationalities, phone numbers of possible victims) and police workstations are often
// shared: sessionStorage belongs to one tab, survives a reload or a lost connection in that tab,
// and is gone when the tab or browser closes, so nothing is left on the machine for the next
// user. Sign-out also removes every "actionday:" key (features/auth/api/logout.ts).

/** The subset of the Web Storage API used here; tests pass an in-memory one. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** sessionStorage when the browser gives access to it (it may throw when disabled). */
export function sessionStore(): KeyValueStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** Drafts are kept per operation and per target; a finding without target has its own slot. */
export const NO_TARGET = 'no-target';
export const draftKey = (operationId: string, targetId: string | null | undefined) =>
  `actionday:finding-draft:${operationId}:${targetId || NO_TARGET}`;

function isDraft(v: unknown): v is FindingDraft {
  if (!v || typeof v !== 'object') return false;
  const d = v as Partial<FindingDraft>;
  return typeof d.clientId === 'string' && FINDING_TYPES.includes(d.type as FindingType) && Array.isArray(d.identifiers);
}

/**
 * Reads a draft back, merged over an empty one: a draft saved by an older version of the form may
 * lack fields (or hold mirrors and origins as arrays).
 */
export function parseDraft(raw: string | null): FindingDraft | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!isDraft(parsed)) return null;
    const merged: FindingDraft = { ...newDraft(parsed.clientId), ...parsed };
    const legacy = parsed as unknown as Record<string, unknown>;
    if (Array.isArray(legacy.advertisedOrigins)) merged.advertisedOrigins = legacy.advertisedOrigins.join(', ');
    if (Array.isArray(legacy.mirrors)) merged.mirrors = legacy.mirrors.join('\n');
    if (!Array.isArray(merged.evidence)) merged.evidence = [];
    if (!Array.isArray(merged.indicators)) merged.indicators = [];
    if (merged.linkTo !== 'target') merged.linkTo = 'finding';
    return merged;
  } catch {
    return null;
  }
}

export function loadDraft(
  operationId: string,
  targetId: string | null | undefined,
  storage: KeyValueStorage | null = sessionStore(),
): FindingDraft | null {
  try {
    return parseDraft(storage?.getItem(draftKey(operationId, targetId)) ?? null);
  } catch {
    return null;
  }
}

/** Saves the draft; an empty one is removed instead (nothing to keep, nothing personal left). */
export function saveDraft(
  operationId: string,
  targetId: string | null | undefined,
  draft: FindingDraft,
  target?: Pick<Target, 'kind' | 'value' | 'category'> | null,
  storage: KeyValueStorage | null = sessionStore(),
): boolean {
  try {
    if (isDraftEmpty(draft, target)) storage?.removeItem(draftKey(operationId, targetId));
    else storage?.setItem(draftKey(operationId, targetId), JSON.stringify(draft));
    return storage !== null;
  } catch {
    // Storage full or disabled: the draft only lives in memory.
    return false;
  }
}

export function clearDraft(operationId: string, targetId: string | null | undefined, storage: KeyValueStorage | null = sessionStore()): void {
  try {
    storage?.removeItem(draftKey(operationId, targetId));
  } catch {
    // ignore
  }
}
