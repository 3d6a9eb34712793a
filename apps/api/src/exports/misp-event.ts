import type { Finding, Match, Tlp } from '@actionday/contracts';
import { localDate } from '../common/file-stream';
import { mispUuid } from './cti-ids';
import {
  byCodeUnits,
  ctiModel,
  FINDING_LABELS,
  findingDescription,
  findingTags,
  findingView,
  machineTag,
  matchLabel,
  matchTag,
  matchView,
  OPERATION_KIND_LABELS,
  personName,
  sortedUnique,
  viewerKey,
  type CtiInput,
  type CtiModel,
  type Observable,
  type ObservableKind,
} from './cti-model';

/**
 * The operation as one MISP event in the MISP core format (draft-dulaunoy-misp-core-format),
 * laid out like the events of MISP's own feeds: instance-local numbers (`id`, `event_id`,
 * `org_id`) are left out, the receiving instance assigns them on import.
 *
 * - Every identifier the caller may see is one event attribute (phone-number, email, url,
 *   domain; text for what could not be normalized), or one `user-account` object for a handle or
 *   an app account; its comment names every target, finding and match it was met in.
 * - Every finding is one object: `person` for suspects and possible victims (only the fields the
 *   list gave the caller: a withheld victim is its role and "details withheld"), `annotation`
 *   for site assessments and links; every match is an `annotation`. Their references point at
 *   the identifiers and records they concern.
 * - Tags: the operation's TLP (`tlp:amber`, ...) and the platform's `actionday:` machine tags.
 *   Whatever describes a possible victim or derives from one (the need-to-know policy's
 *   restricted records, the identifiers met in them) is at least AMBER+STRICT: each of its
 *   attributes carries `tlp:amber+strict` when the operation's level is less strict (a RED
 *   operation stays RED, the event's tag).
 * - Uuids name the view: the event is the operation as one role and team sees it, and each
 *   record in it is named by how much of it they see (full, without notes, withheld: see
 *   findingView), so that a MISP instance that imported the coordinator's event never takes an
 *   observer's for the same one, unchanged, and the same member's downloads update each other.
 * - A closed operation names the SHA-256 of its close snapshot in an `Internal reference`
 *   attribute; an open one says that it is live.
 */

export interface MispTag {
  name: string;
  colour: string;
  exportable: boolean;
}

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  distribution: string;
  sharing_group_id: string;
  timestamp: string;
  comment: string;
  deleted: boolean;
  disable_correlation: boolean;
  object_relation?: string;
  first_seen?: string;
  last_seen?: string;
  Tag?: MispTag[];
}

export interface MispObjectReference {
  uuid: string;
  object_uuid: string;
  referenced_uuid: string;
  relationship_type: string;
  comment: string;
  timestamp: string;
  deleted: boolean;
}

export interface MispObject {
  uuid: string;
  name: string;
  'meta-category': string;
  description: string;
  template_uuid: string;
  template_version: string;
  timestamp: string;
  distribution: string;
  sharing_group_id: string;
  comment: string;
  deleted: boolean;
  first_seen: string;
  last_seen: string;
  Attribute: MispAttribute[];
  ObjectReference: MispObjectReference[];
}

export interface MispEvent {
  Event: {
    uuid: string;
    info: string;
    date: string;
    threat_level_id: string;
    analysis: string;
    distribution: string;
    sharing_group_id: string;
    timestamp: string;
    published: boolean;
    publish_timestamp: string;
    Orgc: { uuid: string; name: string };
    Tag: MispTag[];
    Attribute: MispAttribute[];
    Object: MispObject[];
  };
}

/** The object templates used, as published in MISP/misp-objects. */
export const MISP_TEMPLATES = {
  person: {
    uuid: 'a15b0477-e9d1-4b9c-9546-abe78a4f4248',
    version: '19',
    metaCategory: 'misc',
    description: 'An object which describes a person or an identity.',
  },
  'user-account': {
    uuid: '49606b06-22f0-4ac8-8eee-2f12ad46f3d3',
    version: '6',
    metaCategory: 'misc',
    description: 'User-account object, defining aspects of user identification, authentication, privileges and other relevant data points.',
  },
  annotation: {
    uuid: '5d8dc046-15a1-4ca3-a09f-ed4ede7c4487',
    version: '2',
    metaCategory: 'misc',
    description: 'An annotation object allowing analysts to add annotations, comments, executive summary to a MISP event, objects or attributes.',
  },
} as const;
type TemplateName = keyof typeof MISP_TEMPLATES;

/** The MISP tlp taxonomy (TLP 2.0) and its colours. */
export const MISP_TLP_TAGS: Record<Tlp, MispTag> = {
  clear: { name: 'tlp:clear', colour: '#ffffff', exportable: true },
  green: { name: 'tlp:green', colour: '#33ff00', exportable: true },
  amber: { name: 'tlp:amber', colour: '#ffc000', exportable: true },
  'amber+strict': { name: 'tlp:amber+strict', colour: '#ffc000', exportable: true },
  red: { name: 'tlp:red', colour: '#ff2b2b', exportable: true },
};

const ACTIONDAY_TAG_COLOUR = '#1f5f8b';
const tagsOf = (names: Iterable<string>): MispTag[] => sortedUnique(names).map((name) => ({ name, colour: ACTIONDAY_TAG_COLOUR, exportable: true }));

/** Type and category of each observable kind: the category is MISP's default for the type. */
const ATTRIBUTE_TYPES: Record<Exclude<ObservableKind, 'account'>, { type: string; category: string }> = {
  phone: { type: 'phone-number', category: 'Person' },
  email: { type: 'email', category: 'Social network' },
  url: { type: 'url', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  text: { type: 'text', category: 'Other' },
};

/** Seconds since the epoch, as MISP writes timestamps. */
export const unixTime = (iso: string): string => String(Math.floor(Date.parse(iso) / 1000));

const latest = (times: string[]): string => times.reduce((a, b) => (b > a ? b : a));
const earliest = (times: string[]): string => times.reduce((a, b) => (b < a ? b : a));

/** How many of the records an observable was met in its comment names; the rest are counted. */
export const SEEN_IN_LISTED = 10;

/** Seen in: the first records an observable was met in, and how many more. */
const seenIn = (o: Observable): string => {
  const listed = o.sources.slice(0, SEEN_IN_LISTED).map((s) => s.label);
  const more = o.sources.length - listed.length;
  return `Seen in: ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
};

/** Marks attributes with a TLP stricter than the event's (first among their tags, as the event has it). */
const markTlp = (attributes: MispAttribute[], tlp: Tlp | null): MispAttribute[] => {
  if (tlp) for (const a of attributes) a.Tag = [MISP_TLP_TAGS[tlp], ...(a.Tag ?? [])];
  return attributes;
};

function attribute(
  key: string,
  type: string,
  category: string,
  value: string,
  at: string,
  extra: { comment?: string; relation?: string; tags?: string[]; seen?: [string, string]; noCorrelation?: boolean } = {},
): MispAttribute {
  return {
    uuid: mispUuid(key),
    type,
    category,
    value,
    to_ids: false,
    distribution: '5',
    sharing_group_id: '0',
    timestamp: unixTime(at),
    comment: extra.comment ?? '',
    deleted: false,
    disable_correlation: extra.noCorrelation ?? type === 'text',
    ...(extra.relation ? { object_relation: extra.relation } : {}),
    ...(extra.seen ? { first_seen: extra.seen[0], last_seen: extra.seen[1] } : {}),
    ...(extra.tags?.length ? { Tag: tagsOf(extra.tags) } : {}),
  };
}

function object(key: string, template: TemplateName, at: { first: string; last: string }, comment: string, attributes: MispAttribute[]): MispObject {
  const t = MISP_TEMPLATES[template];
  return {
    uuid: mispUuid(key),
    name: template,
    'meta-category': t.metaCategory,
    description: t.description,
    template_uuid: t.uuid,
    template_version: t.version,
    timestamp: unixTime(at.last),
    distribution: '5',
    sharing_group_id: '0',
    comment,
    deleted: false,
    first_seen: at.first,
    last_seen: at.last,
    Attribute: attributes,
    ObjectReference: [],
  };
}

/** The MISP event of the operation, as the caller may see it. */
export function mispEvent(input: CtiInput): MispEvent {
  const model = ctiModel(input);
  const op = input.operation;
  // The operation as this role and team see it; every uuid of the event hangs on it.
  const eventKey = `operation/${op.id}/view/${viewerKey(input)}`;
  const observableKey = (key: string) => `${eventKey}/observable/${key}`;
  const findingKey = (f: Finding) => `${eventKey}/finding/${f.id}/${findingView(f, input.viewer)}`;
  const matchKey = (m: Match) => `${eventKey}/match/${m.id}/${matchView(m)}`;
  // A restricted record's TLP where it is stricter than the event's.
  const strict = model.recordTlp !== op.tlp ? model.recordTlp : null;
  const tlpOf = (restricted: boolean) => (restricted ? strict : null);

  const attributes: MispAttribute[] = [];
  const accounts: MispObject[] = [];
  for (const o of model.observables) {
    const seen: [string, string] = [earliest(o.sources.map((s) => s.firstSeen)), latest(o.sources.map((s) => s.lastSeen))];
    const tags = o.sources.flatMap((s) => s.tags);
    if (o.kind === 'account' && o.account) {
      const key = observableKey(o.key);
      const parts: [string, string | null][] = [
        ['username', o.account.login],
        ['user-id', o.account.userId],
        ['account-type', o.account.type],
      ];
      const attrs = parts
        .filter((p): p is [string, string] => p[1] !== null)
        .map(([relation, value], i) => attribute(`${key}/${relation}`, 'text', 'Social network', value, seen[1], { relation, tags: i === 0 ? tags : [], noCorrelation: relation === 'account-type' }));
      accounts.push(object(key, 'user-account', { first: seen[0], last: seen[1] }, seenIn(o), markTlp(attrs, tlpOf(model.restrictedObservables.has(o.key)))));
    } else {
      const { type, category } = ATTRIBUTE_TYPES[o.kind as Exclude<ObservableKind, 'account'>];
      attributes.push(...markTlp([attribute(observableKey(o.key), type, category, o.value, seen[1], { comment: seenIn(o), tags, seen })], tlpOf(model.restrictedObservables.has(o.key))));
    }
  }
  // What a reference may point at: the uuids of the event's attributes and objects.
  const observableUuid = new Map(model.observables.map((o) => [o.key, mispUuid(observableKey(o.key))]));
  const findingUuid = new Map(model.findings.map((f) => [f.id, mispUuid(findingKey(f))]));
  const targetObservable = (targetId: string | null) => (targetId ? model.observablesOf.get(targetId)?.[0] : undefined);

  const records: MispObject[] = [];
  for (const f of model.findings) records.push(findingObject(f, model, findingKey(f), tlpOf(model.restricted.has(f.id))));
  for (const m of model.matches) records.push(matchObject(m, model, matchKey(m), tlpOf(model.restricted.has(m.id))));

  // References, from each record object to what it concerns, each once.
  const refer = (from: MispObject, to: string | undefined, relationship: string, comment: string, at: string) => {
    if (!to || to === from.uuid || from.ObjectReference.some((r) => r.referenced_uuid === to && r.relationship_type === relationship)) return;
    from.ObjectReference.push({
      uuid: mispUuid(`${from.uuid}/reference/${relationship}/${to}`),
      object_uuid: from.uuid,
      referenced_uuid: to,
      relationship_type: relationship,
      comment,
      timestamp: unixTime(at),
      deleted: false,
    });
  };
  model.findings.forEach((f, i) => {
    const from = records[i];
    const uses = f.type === 'suspect' || f.type === 'possible_victim' ? 'uses' : 'mentions';
    for (const value of model.observablesOf.get(f.id) ?? []) refer(from, observableUuid.get(value.key), uses, 'identifier logged with this finding', f.createdAt);
    const target = targetObservable(f.targetId);
    if (target) refer(from, observableUuid.get(target.key), 'related-to', 'the target this finding was logged on', f.createdAt);
    if (f.duplicateOf) refer(from, findingUuid.get(f.duplicateOf), 'duplicate-of', 'marked a duplicate of this finding in review', f.updatedAt);
    if (f.type === 'link' && f.details) {
      const d = f.details;
      for (const end of [d.fromFindingId, d.toFindingId]) {
        if (typeof end === 'string') refer(from, findingUuid.get(end), 'suspected-link', 'a record this link connects', f.createdAt);
      }
      const toTarget = typeof d.toTargetId === 'string' ? targetObservable(d.toTargetId) : undefined;
      if (toTarget) refer(from, observableUuid.get(toTarget.key), 'suspected-link', 'the target this link connects', f.createdAt);
    }
  });
  model.matches.forEach((m, i) => {
    const from = records[model.findings.length + i];
    const value = model.matchObservable.get(m.id);
    if (value) refer(from, observableUuid.get(value.key), 'related-to', 'the identifier both teams hold', m.createdAt);
    for (const side of m.sides) {
      if (side.findingId) refer(from, findingUuid.get(side.findingId), 'related-to', 'a record of this match', m.createdAt);
      const target = targetObservable(side.targetId);
      if (target) refer(from, observableUuid.get(target.key), 'related-to', 'a target of this match', m.createdAt);
    }
  });
  for (const r of records) r.ObjectReference.sort((a, b) => byCodeUnits(a.uuid, b.uuid));

  attributes.push(snapshotAttribute(model, `${eventKey}/snapshot`));
  attributes.sort((a, b) => byCodeUnits(a.type, b.type) || byCodeUnits(a.value, b.value) || byCodeUnits(a.uuid, b.uuid));
  accounts.sort((a, b) => byCodeUnits(a.uuid, b.uuid));

  return {
    Event: {
      uuid: mispUuid(`${eventKey}/event`),
      info: eventInfo(model),
      date: localDate(new Date(op.startsAt), op.timezone),
      // The platform does not grade threats: 4 is "undefined".
      threat_level_id: '4',
      analysis: op.status === 'closed' ? '2' : op.status === 'live' ? '1' : '0',
      // Your organisation only: the TLP tag says how far it may go, the receiving organisation widens it.
      distribution: '0',
      sharing_group_id: '0',
      timestamp: unixTime(model.modified),
      published: false,
      publish_timestamp: '0',
      Orgc: input.organizer
        ? { uuid: mispUuid(`user/${input.organizer.id}`), name: input.organizer.name }
        : { uuid: mispUuid('platform'), name: 'actionday' },
      Tag: [MISP_TLP_TAGS[op.tlp], ...tagsOf([machineTag('state', op.status), machineTag('operation-kind', op.kind)])],
      Attribute: attributes,
      Object: [...records, ...accounts],
    },
  };
}

/** The event as the file holds it: compact JSON, one line, nothing from the clock. */
export const mispEventJson = (input: CtiInput): string => `${JSON.stringify(mispEvent(input))}\n`;

function eventInfo(model: CtiModel): string {
  const op = model.input.operation;
  const day = (iso: string) => localDate(new Date(iso), op.timezone);
  const info = `${op.name}: findings, targets and matches of the ${OPERATION_KIND_LABELS[op.kind]} (${day(op.startsAt)} to ${day(op.endsAt)}, ${op.countries.join(', ')})`;
  return info.replace(/\s+/g, ' ').slice(0, 256);
}

function snapshotAttribute(model: CtiModel, key: string): MispAttribute {
  const sha = model.input.snapshotSha256;
  if (model.input.operation.status === 'closed' && sha) {
    return attribute(key, 'text', 'Internal reference', sha, model.modified, {
      comment: `SHA-256 of the snapshot the operation's figures were frozen in when it closed at ${model.input.operation.closedAt}: this export is final, every download of it is the same file.`,
      noCorrelation: true,
    });
  }
  return attribute(key, 'comment', 'Internal reference', `Live operation (${model.input.operation.status}): not closed yet, so no snapshot; a later download may differ.`, model.modified, {
    noCorrelation: true,
  });
}

function findingObject(f: Finding, model: CtiModel, key: string, tlp: Tlp | null): MispObject {
  const at = { first: f.createdAt, last: f.updatedAt };
  const comment = `${FINDING_LABELS[f.type]} finding by ${model.teamName(f.teamId)}`;
  const description = findingDescription(f, model);
  const tags = findingTags(f);
  if (f.type === 'suspect' || f.type === 'possible_victim') {
    const d = f.details ?? {};
    const attrs = [
      ...(typeof d.alias === 'string' ? [attribute(`${key}/alias`, 'text', 'Person', d.alias, f.updatedAt, { relation: 'alias' })] : []),
      attribute(`${key}/role`, 'text', 'Person', f.type === 'suspect' ? 'Suspect' : 'Victim', f.updatedAt, { relation: 'role' }),
      ...(typeof d.nationality === 'string' ? [attribute(`${key}/nationality`, 'nationality', 'Person', d.nationality, f.updatedAt, { relation: 'nationality' })] : []),
      attribute(`${key}/text`, 'text', 'Person', `${personName(f)}\n${description}`, f.updatedAt, { relation: 'text', tags }),
    ];
    return object(key, 'person', at, comment, markTlp(attrs, tlp));
  }
  const attrs = [
    attribute(`${key}/text`, 'text', 'Other', description, f.updatedAt, { relation: 'text', tags }),
    attribute(`${key}/type`, 'text', 'Other', 'Annotation', f.updatedAt, { relation: 'type' }),
  ];
  return object(key, 'annotation', at, comment, markTlp(attrs, tlp));
}

function matchObject(m: Match, model: CtiModel, key: string, tlp: Tlp | null): MispObject {
  const value = model.matchObservable.get(m.id);
  const text = `A ${matchLabel(m, model.teamName)} at ${m.createdAt}${value ? `: ${value.value}` : ' (the identifier is withheld from this export)'}.`;
  const attrs = [
    attribute(`${key}/text`, 'text', 'Other', text, m.createdAt, { relation: 'text', tags: [matchTag(m)] }),
    attribute(`${key}/type`, 'text', 'Other', 'Annotation', m.createdAt, { relation: 'type' }),
  ];
  return object(key, 'annotation', { first: m.createdAt, last: m.createdAt }, 'Cross-team match', markTlp(attrs, tlp));
}
