import {
  FINDING_STATUSES,
  FINDING_TYPES,
  mayRead,
  OPERATION_KINDS,
  OPERATION_STATUSES,
  PLATFORM_CATEGORIES,
  TARGET_KINDS,
  TARGET_OUTCOMES,
  TARGET_STATUSES,
  type Evidence,
  type Finding,
  type IdentifierKind,
  type Match,
  type Operation,
  type Target,
  type TargetKind,
  type Tlp,
  type Viewer,
} from '@actionday/contracts';
import { normalizeUrl } from '@actionday/identifiers';

/**
 * What the MISP and STIX exports are made of: the operation's findings, targets and matches
 * exactly as the lists give them to the caller (a possible victim's details already withheld by
 * the lists' SQL where the caller may not see them), and the mapping both formats share: which
 * observable an identifier is, the platform's machine tags, the text that describes a record.
 * Pure functions, no I/O; everything sorted, nothing read from the clock.
 */
export interface CtiInput {
  /** The operation as the caller reads it (with the TLP level and the caller's role). */
  operation: Operation;
  /** When the operation row was made and last changed. */
  createdAt: string;
  updatedAt: string;
  /** The account that created the operation, by the name members see. */
  organizer: { id: string; name: string } | null;
  teams: readonly CtiTeam[];
  findings: readonly Finding[];
  targets: readonly Target[];
  matches: readonly Match[];
  /** The operation's indicator catalogue: code -> label. */
  indicatorLabels: ReadonlyMap<string, string>;
  /** The SHA-256 of the snapshot the caller's figures were frozen in at close; null while open. */
  snapshotSha256: string | null;
  /** The caller as the need-to-know policy sees them. */
  viewer: Viewer;
  /**
   * The findings and targets the need-to-know policy restricts (restricted_team_ids: a possible
   * victim, a link to one, a target snowballed from one, ...), by id. Asked only of the records
   * in the lists: it marks them (TLP), it never adds anything to the export.
   */
  restrictedIds: ReadonlySet<string>;
}

export interface CtiTeam {
  id: string;
  name: string;
  country: string | null;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// The platform's machine-tag taxonomy (MISP tags, STIX labels)
// ---------------------------------------------------------------------------------------------

export const TAXONOMY_NAMESPACE = 'actionday';

/**
 * `actionday:<predicate>="<value>"`. Values are the platform's own codes, unchanged, so a tag
 * reads back to what it came from; `null` means any code of the operation's catalogue or tags.
 */
export const TAXONOMY_PREDICATES = {
  state: OPERATION_STATUSES,
  'operation-kind': OPERATION_KINDS,
  'finding-type': FINDING_TYPES,
  review: FINDING_STATUSES,
  indicator: null,
  'platform-category': PLATFORM_CATEGORIES,
  'target-kind': TARGET_KINDS,
  'target-status': TARGET_STATUSES,
  outcome: TARGET_OUTCOMES,
  'target-tag': null,
  minor: ['true'],
  match: ['cross-border', 'same-country'],
} as const satisfies Record<string, readonly string[] | null>;
export type TaxonomyPredicate = keyof typeof TAXONOMY_PREDICATES;

export const machineTag = (predicate: TaxonomyPredicate, value: string): string => `${TAXONOMY_NAMESPACE}:${predicate}="${value}"`;

export const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort(byCodeUnits);

/** Code-unit order: the same on every machine, whatever its locale. */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Oldest first, then by id: the order records are laid out in, in both formats. */
export const byTimeThenId = <T extends { createdAt: string; id: string }>(a: T, b: T): number =>
  byCodeUnits(a.createdAt, b.createdAt) || byCodeUnits(a.id, b.id);

export function findingTags(f: Finding): string[] {
  const tags = [machineTag('finding-type', f.type), machineTag('review', f.status)];
  for (const code of f.indicators) tags.push(machineTag('indicator', code));
  const d = f.details ?? {};
  if (typeof d.category === 'string') tags.push(machineTag('platform-category', d.category));
  if (d.minor === true) tags.push(machineTag('minor', 'true'));
  return sortedUnique(tags);
}

export function targetTags(t: Target): string[] {
  const tags = [machineTag('target-kind', t.kind), machineTag('target-status', t.status)];
  if (t.category) tags.push(machineTag('platform-category', t.category));
  if (t.outcome) tags.push(machineTag('outcome', t.outcome));
  for (const tag of t.tags) tags.push(machineTag('target-tag', tag));
  return sortedUnique(tags);
}

export const matchTag = (m: Match): string => machineTag('match', m.crossBorder ? 'cross-border' : 'same-country');

// ---------------------------------------------------------------------------------------------
// Observables: what an identifier is in a threat-intelligence system
// ---------------------------------------------------------------------------------------------

/**
 * - phone: an E.164 number; email: an address; url: an absolute URL; domain: a host name;
 * - account: a handle on a platform or an app account (`username@platform`, `telegram:anna`);
 * - text: what has no observable type (an `other` target, a value that could not be normalized).
 */
export type ObservableKind = 'phone' | 'email' | 'url' | 'domain' | 'account' | 'text';

export interface Account {
  /** The platform (registrable domain) or app the account lives on. */
  type: string | null;
  /** The handle someone types or sees (`anna`). */
  login: string | null;
  /** A number the account is (`+31612345678` for a WhatsApp account). */
  userId: string | null;
}

export interface ObservableValue {
  /** `kind:value`: one observable per key in an export. */
  key: string;
  kind: ObservableKind;
  value: string;
  account: Account | null;
}

/** Where an observable was met: a target, a finding, a match. */
export interface ObservableSource {
  ref: { kind: 'target' | 'finding' | 'match'; id: string };
  /** One line for the reader: "target platform (team Netherlands, done, outcome suspicious)". */
  label: string;
  tags: string[];
  firstSeen: string;
  lastSeen: string;
}

export interface Observable extends ObservableValue {
  sources: ObservableSource[];
}

const E164 = /^\+[1-9]\d{5,14}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

const observable = (kind: ObservableKind, value: string, account: Account | null = null): ObservableValue => ({ key: `${kind}:${value}`, kind, value, account });

/**
 * A normalized URL (`host/path?query`, see libs/identifiers) as an absolute URL again: the scheme
 * the value was given with (a defanged `hxxp` read as http), https when it had none.
 */
export function absoluteUrl(raw: string | null, normalized: string): string {
  const scheme = raw ? SCHEME.exec(raw.trim())?.[1].toLowerCase().replace(/^hxxp/, 'http') : undefined;
  return `${scheme ?? 'https'}://${normalized}`;
}

/** `anna@instagram.com` -> login anna on instagram.com; a handle without a platform has no type. */
function usernameAccount(normalized: string): Account {
  const at = normalized.lastIndexOf('@');
  return at > 0 ? { type: normalized.slice(at + 1), login: normalized.slice(0, at), userId: null } : { type: null, login: normalized, userId: null };
}

/** `telegram:anna` -> login anna on telegram; `whatsapp:+31612345678` -> the account that number is. */
function messagingAccount(normalized: string): Account {
  const colon = normalized.indexOf(':');
  const type = colon > 0 ? normalized.slice(0, colon) : null;
  const id = colon > 0 ? normalized.slice(colon + 1) : normalized;
  return E164.test(id) ? { type, login: null, userId: id } : { type, login: id, userId: null };
}

/**
 * The observable an identifier or a target value is, from its normalized form (what matches are
 * made on). Values that could not be normalized stay text: a system importing them must not
 * read a broken number as a number.
 */
export function observableOf(kind: IdentifierKind | TargetKind, raw: string, normalized: string | null, valid: boolean): ObservableValue | null {
  const value = normalized ?? raw;
  if (value.trim() === '') return null;
  if (!valid) return observable('text', raw.trim());
  switch (kind) {
    case 'phone':
      return E164.test(value) ? observable('phone', value) : observable('text', raw.trim());
    case 'email':
      return observable('email', value);
    case 'url':
      return observable('url', absoluteUrl(raw, value));
    case 'platform':
      return DOMAIN.test(value) ? observable('domain', value) : observable('text', value);
    case 'username':
      return observable('account', value, usernameAccount(value));
    case 'messaging':
      return observable('account', value, messagingAccount(value));
    case 'other':
      return observable('text', value);
  }
}

/**
 * The observable a match was made on, from its kind and normalized value (null when the caller
 * may not learn it). A `url` match on a bare host is the platform's domain.
 */
export function observableOfMatch(m: Match): ObservableValue | null {
  if (m.normalized === null) return null;
  switch (m.kind) {
    case 'url':
      return DOMAIN.test(m.normalized) ? observable('domain', m.normalized) : observable('url', absoluteUrl(null, m.normalized));
    case 'phone':
      return observableOf('phone', m.normalized, m.normalized, true);
    default:
      return observableOf(m.kind, m.normalized, m.normalized, true);
  }
}

/** The observables of one finding: its identifiers, and a site assessment's URL and mirrors. */
export function findingObservables(f: Finding): ObservableValue[] {
  const found = f.identifiers.map((i) => observableOf(i.kind, i.value, i.normalized, i.valid));
  if (f.type === 'site_assessment' && f.details) {
    const urls = [f.details.url, ...(Array.isArray(f.details.mirrors) ? f.details.mirrors : [])].filter((u): u is string => typeof u === 'string');
    for (const url of urls) {
      const n = normalizeUrl(url);
      found.push(observableOf('url', url, n.normalized, n.valid));
    }
  }
  return dedupeValues(found);
}

export function targetObservable(t: Target): ObservableValue | null {
  return t.value === null ? null : observableOf(t.kind, t.value, t.normalized, !t.normalizationFailed);
}

const dedupeValues = (values: (ObservableValue | null)[]): ObservableValue[] => {
  const byKey = new Map<string, ObservableValue>();
  for (const v of values) if (v && !byKey.has(v.key)) byKey.set(v.key, v);
  return [...byKey.values()].sort((a, b) => byCodeUnits(a.key, b.key));
};

// ---------------------------------------------------------------------------------------------
// TLP: the operation's level, and at least AMBER+STRICT for whatever describes a possible victim
// ---------------------------------------------------------------------------------------------

/** TLP 2.0, least strict first. */
export const TLP_ORDER: readonly Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** What a restricted record is marked with: AMBER+STRICT, or the operation's level when that is stricter (RED). */
export const restrictedTlp = (operationTlp: Tlp): Tlp => (TLP_ORDER.indexOf(operationTlp) >= TLP_ORDER.indexOf('amber+strict') ? operationTlp : 'amber+strict');

/** Who the export was made for, as both formats name their view in ids: role and team. */
export const viewerKey = (input: Pick<CtiInput, 'operation'>): string => `${input.operation.myRole}/${input.operation.myTeamId ?? '-'}`;

// ---------------------------------------------------------------------------------------------
// The export as both formats read it
// ---------------------------------------------------------------------------------------------

export interface CtiModel {
  input: CtiInput;
  findings: Finding[];
  targets: Target[];
  matches: Match[];
  /** Every observable of the export once, by key. */
  observables: Observable[];
  /** The observables of each finding and target (by record id), each once, sorted. */
  observablesOf: ReadonlyMap<string, ObservableValue[]>;
  /** The observable of each match the caller may learn the identifier of. */
  matchObservable: ReadonlyMap<string, ObservableValue>;
  teamName: (teamId: string | null) => string;
  /** The latest time of anything in the export: the closing once closed. */
  modified: string;
  /**
   * The findings, targets and matches of the export that describe a possible victim or derive
   * from one (by id), and the observables met in any of them (by key): marked `recordTlp`.
   * A match counts when a side's record the caller sees is restricted: one whose records the
   * caller may not see must not tell that they are.
   */
  restricted: ReadonlySet<string>;
  restrictedObservables: ReadonlySet<string>;
  /** The TLP of restricted records: at least AMBER+STRICT. */
  recordTlp: Tlp;
}

export function ctiModel(input: CtiInput): CtiModel {
  const findings = [...input.findings].sort(byTimeThenId);
  const targets = [...input.targets].filter((t) => t.value !== null).sort(byTimeThenId);
  const matches = [...input.matches].sort(byTimeThenId);
  const names = new Map(input.teams.map((t) => [t.id, t.name]));
  const teamName = (teamId: string | null) => (teamId === null ? 'no team' : `team ${names.get(teamId) ?? teamId}`);

  const all = new Map<string, Observable>();
  const add = (value: ObservableValue, source: ObservableSource) => {
    const o = all.get(value.key) ?? { ...value, sources: [] };
    o.sources.push(source);
    all.set(value.key, o);
  };
  const observablesOf = new Map<string, ObservableValue[]>();
  for (const t of targets) {
    const value = targetObservable(t);
    if (!value) continue;
    observablesOf.set(t.id, [value]);
    const state = [teamName(t.teamId), t.status, t.outcome ? `outcome ${t.outcome}` : null].filter(Boolean).join(', ');
    add(value, { ref: { kind: 'target', id: t.id }, label: `target ${t.kind} (${state})`, tags: targetTags(t), firstSeen: t.createdAt, lastSeen: t.updatedAt });
  }
  for (const f of findings) {
    const values = findingObservables(f);
    observablesOf.set(f.id, values);
    for (const value of values) {
      add(value, {
        ref: { kind: 'finding', id: f.id },
        label: `${FINDING_LABELS[f.type].toLowerCase()} finding by ${teamName(f.teamId)} (${f.status})`,
        tags: [machineTag('finding-type', f.type)],
        firstSeen: f.createdAt,
        lastSeen: f.createdAt,
      });
    }
  }
  const matchObservable = new Map<string, ObservableValue>();
  for (const m of matches) {
    const value = observableOfMatch(m);
    if (!value) continue;
    matchObservable.set(m.id, value);
    add(value, { ref: { kind: 'match', id: m.id }, label: matchLabel(m, teamName), tags: [matchTag(m)], firstSeen: m.createdAt, lastSeen: m.createdAt });
  }
  const observables = [...all.values()].sort((a, b) => byCodeUnits(a.key, b.key));
  for (const o of observables) o.sources.sort((a, b) => byCodeUnits(a.firstSeen, b.firstSeen) || byCodeUnits(a.ref.id, b.ref.id));

  // A possible victim always, whatever the database said; a withheld record is one the policy restricts.
  const restricted = new Set<string>();
  for (const f of findings) if (f.type === 'possible_victim' || f.redacted || input.restrictedIds.has(f.id)) restricted.add(f.id);
  for (const t of targets) if (t.redacted || input.restrictedIds.has(t.id)) restricted.add(t.id);
  const restrictedRecord = (id: string | null) => id !== null && (restricted.has(id) || input.restrictedIds.has(id));
  for (const m of matches) if (m.sides.some((s) => restrictedRecord(s.findingId) || restrictedRecord(s.targetId))) restricted.add(m.id);
  const restrictedObservables = new Set(observables.filter((o) => o.sources.some((s) => restricted.has(s.ref.id))).map((o) => o.key));

  const times = [input.createdAt, input.updatedAt, input.operation.closedAt ?? '', ...findings.map((f) => f.updatedAt), ...targets.map((t) => t.updatedAt), ...matches.map((m) => m.createdAt)];
  const modified = times.reduce((latest, at) => (at > latest ? at : latest), input.createdAt);
  return { input, findings, targets, matches, observables, observablesOf, matchObservable, teamName, modified, restricted, restrictedObservables, recordTlp: restrictedTlp(input.operation.tlp) };
}

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

export const FINDING_LABELS: Record<Finding['type'], string> = {
  site_assessment: 'Site assessment',
  suspect: 'Suspect',
  possible_victim: 'Possible victim',
  link: 'Link',
};

export const OPERATION_KIND_LABELS: Record<Operation['kind'], string> = {
  hackathon: 'hackathon',
  joint_action_day: 'joint action day',
  mapping: 'mapping exercise',
};

export function matchLabel(m: Match, teamName: (teamId: string | null) => string): string {
  const [a, b] = m.sides;
  const side = (s: Match['sides'][number]) => `${teamName(s.teamId)}${s.country ? ` (${s.country})` : ''}`;
  return `match on a ${m.kind === 'url' ? 'site' : m.kind} between ${side(a)} and ${side(b)}${m.crossBorder ? ', cross-border' : ''}`;
}

/** A person's name in both formats: the alias, or what the record is when it has none (or it is withheld). */
export function personName(f: Finding): string {
  const alias = f.details?.alias;
  return typeof alias === 'string' && alias !== '' ? alias : `${FINDING_LABELS[f.type]} ${f.id.slice(0, 8)}`;
}

const SITE_FIELDS: [string, string][] = [
  ['siteName', 'Name'],
  ['url', 'URL'],
  ['category', 'Category'],
  ['adCount', 'Advertisements'],
  ['recentActivity', 'Recent activity'],
  ['services', 'Services'],
  ['priceRange', 'Prices'],
  ['geographicScope', 'Geographic scope'],
  ['advertisedOrigin', 'Origin of the advertised people'],
  ['advertisedOrigins', 'Countries of origin'],
  ['language', 'Language'],
  ['adSpace', 'Advertising space'],
  ['companyAffiliation', 'Company affiliation'],
  ['lingo', 'Particular lingo'],
  ['mirrors', 'Connected sites (mirrors)'],
];

const PERSON_FIELDS: [string, string][] = [
  ['alias', 'Alias'],
  ['nationality', 'Nationality'],
  ['role', 'Role'],
];

const text = (v: unknown): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : null;
  return String(v);
};

const evidenceLine = (e: Evidence): string =>
  [`captured ${e.capturedAt}`, e.url ? `at ${e.url}` : null, e.fileName ? `file ${e.fileName}` : null, `SHA-256 ${e.sha256}`].filter(Boolean).join(', ');

/**
 * What a finding says, as lines of text: who logged it and when, its review, then whatever of it
 * the list gave the caller (a withheld one says so, and nothing more).
 */
export function findingDescription(f: Finding, model: Pick<CtiModel, 'teamName'> & { input: Pick<CtiInput, 'indicatorLabels'> }): string {
  const lines = [`${FINDING_LABELS[f.type]} logged by ${model.teamName(f.teamId)} at ${f.createdAt}; review: ${f.status}.`];
  if (f.redacted) {
    lines.push('Details withheld from this export: the caller may not see them (need to know).');
    return lines.join('\n');
  }
  const d = f.details ?? {};
  if (f.type === 'site_assessment') {
    for (const [key, label] of SITE_FIELDS) {
      const value = text(d[key]);
      if (value !== null) lines.push(`${label}: ${value}`);
    }
  } else if (f.type === 'suspect' || f.type === 'possible_victim') {
    for (const [key, label] of PERSON_FIELDS) {
      const value = text(d[key]);
      if (value !== null) lines.push(`${label}: ${value}`);
    }
    if (d.ageMin !== undefined || d.ageMax !== undefined) lines.push(`Estimated age: ${text(d.ageMin) ?? '?'}-${text(d.ageMax) ?? '?'}`);
    if (d.minor === true) lines.push('Minor: yes');
  } else if (f.type === 'link') {
    const reason = text(d.reason);
    if (reason !== null) lines.push(`Reason: ${reason}`);
  }
  if (f.indicators.length) lines.push(`Indicators: ${f.indicators.map((c) => `${model.input.indicatorLabels.get(c) ?? c} (${c})`).join('; ')}`);
  for (const e of f.evidence) lines.push(`Evidence: ${evidenceLine(e)}`);
  if (f.notes) lines.push(`Notes: ${f.notes}`);
  return lines.join('\n');
}

/**
 * How much of a finding the caller sees, by the need-to-know table: everything, everything but
 * its notes and evidence, or only that it exists. STIX ids name it, so that two members' bundles
 * never hold one id (and one `modified`) with two different contents.
 */
export function findingView(f: Finding, viewer: Viewer): 'full' | 'without-notes' | 'withheld' {
  if (f.redacted) return 'withheld';
  return mayRead(viewer, 'notes_evidence', [f.teamId]) ? 'full' : 'without-notes';
}

/** The same for a match: whether its identifier shows, and which of its sides' records. */
export function matchView(m: Match): string {
  return `${m.normalized === null ? 'withheld' : 'identifier'}-${m.sides.map((s) => (s.findingId ?? s.targetId ? 'r' : '-')).join('')}`;
}
