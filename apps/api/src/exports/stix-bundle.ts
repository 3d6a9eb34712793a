import type { Evidence, Finding, Match, Target, Tlp } from '@actionday/contracts';
import { stixId, stixScoId, uuidV5 } from './cti-ids';
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
  targetTags,
  viewerKey,
  type CtiInput,
  type CtiModel,
  type ObservableValue,
} from './cti-model';

/**
 * The operation as a STIX 2.1 bundle:
 * - a `report` that references every other object, created by the operation's organizer (an
 *   `identity` of class individual, the `created_by_ref` of every object the platform made);
 * - cyber-observables (`url`, `email-addr`, `domain-name`, `user-account`, and phone numbers, see
 *   below) with the ids STIX prescribes (UUIDv5 of their id-contributing properties), each in an
 *   `observed-data` per target and per finding that holds it;
 * - an `identity` (individual) per suspect and possible victim, with only what the list gave the
 *   caller; a `note` per site assessment; a `relationship` per link, per match (between the two
 *   sides' records where the caller sees them, else between the two teams, `identity` objects of
 *   class group), per duplicate and per finding logged on a target;
 * - the operation's TLP as a marking on every object (STIX's predefined TLP 1.0 markings: TLP 2.0
 *   clear is TLP:WHITE, amber+strict is TLP:AMBER plus a statement marking that says "strict"),
 *   but at least AMBER+STRICT on whatever describes a possible victim or derives from one: the
 *   need-to-know policy's restricted records, the observables met in them, and every
 *   observed-data, note and relationship that refers to one of those (a RED operation stays RED).
 *
 * Phone numbers: STIX 2.1 has no observable for them. They are `x-actionday-phone-number`
 * objects, a new SCO defined by an extension definition (section 7.3) carried in the bundle:
 * the mechanism STIX 2.1 provides for new objects (its custom objects are deprecated), with a
 * value in E.164 as the id-contributing property, the same way email-addr has its address.
 * `user-account` with an account type of "phone" was the alternative; a number is not an
 * account, and a WhatsApp account that is a number is already a user-account of its own.
 *
 * Ids: SCOs as STIX says; everything else UUIDv5 of the record's platform id (plus, for records
 * whose content depends on who asks, how much of it the caller sees: a victim withheld or not,
 * notes or not), so that two downloads of a closed operation are the same bytes and two members'
 * bundles never give one id and `modified` two contents. Times are the records' own.
 */

export type StixObject = Record<string, unknown> & { type: string; id: string };
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** The TLP 1.0 marking definitions STIX 2.1 (section 7.2.1.4) defines, with their fixed ids. */
export const STIX_TLP_MARKINGS = {
  white: { id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', name: 'TLP:WHITE' },
  green: { id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', name: 'TLP:GREEN' },
  amber: { id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', name: 'TLP:AMBER' },
  red: { id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', name: 'TLP:RED' },
} as const;
type Tlp1 = keyof typeof STIX_TLP_MARKINGS;

/** TLP 2.0 (the operation's) to the TLP 1.0 markings STIX 2.1 predefines. */
export const TLP2_TO_STIX: Record<Tlp, Tlp1> = { clear: 'white', green: 'green', amber: 'amber', 'amber+strict': 'amber', red: 'red' };

/** The markings of a TLP 2.0 level: one predefined TLP marking, and the statement for AMBER+STRICT. */
export const stixMarkings = (tlp: Tlp): string[] => (tlp === 'amber+strict' ? [STIX_TLP_MARKINGS.amber.id, AMBER_STRICT_STATEMENT_ID] : [STIX_TLP_MARKINGS[TLP2_TO_STIX[tlp]].id]);

export const stixTlpMarking = (tlp: Tlp1): StixObject => ({
  type: 'marking-definition',
  spec_version: '2.1',
  id: STIX_TLP_MARKINGS[tlp].id,
  created: '2017-01-20T00:00:00.000Z',
  definition_type: 'tlp',
  name: STIX_TLP_MARKINGS[tlp].name,
  definition: { tlp },
});

/** What the platform itself defines: the same objects, byte for byte, in every bundle. */
const PLATFORM_DEFINED = '2026-01-01T00:00:00.000Z';
export const PLATFORM_IDENTITY_ID = `identity--${uuidV5('stix/identity/actionday-platform')}`;
export const PHONE_NUMBER_SCO = 'x-actionday-phone-number';
export const PHONE_EXTENSION_ID = `extension-definition--${uuidV5('stix/extension-definition/x-actionday-phone-number/1')}`;
export const AMBER_STRICT_STATEMENT_ID = `marking-definition--${uuidV5('stix/marking-definition/tlp-2.0-amber+strict')}`;

const platformIdentity = (): StixObject => ({
  type: 'identity',
  spec_version: '2.1',
  id: PLATFORM_IDENTITY_ID,
  created: PLATFORM_DEFINED,
  modified: PLATFORM_DEFINED,
  name: 'actionday',
  description: 'The action-day coordination platform (online human trafficking hackathons and joint action days) that produced this bundle.',
  identity_class: 'system',
  object_marking_refs: [STIX_TLP_MARKINGS.white.id],
});

const phoneExtension = (): StixObject => ({
  type: 'extension-definition',
  spec_version: '2.1',
  id: PHONE_EXTENSION_ID,
  created_by_ref: PLATFORM_IDENTITY_ID,
  created: PLATFORM_DEFINED,
  modified: PLATFORM_DEFINED,
  name: 'actionday phone number',
  description: 'A telephone number met in an action day (an ad, a profile, a finding), as a cyber-observable: STIX 2.1 has none.',
  schema:
    `A new SCO of type "${PHONE_NUMBER_SCO}" with the common SCO properties and one more: "value" (string, required), the number in E.164 ` +
    '("+" and up to 15 digits, the country code first, e.g. "+31612345678"). "value" is its only id-contributing property: the id is ' +
    'UUIDv5, in the STIX SCO namespace, of {"value": <value>} in canonical JSON, as for email-addr.',
  version: '1.0.0',
  extension_types: ['new-sco'],
  object_marking_refs: [STIX_TLP_MARKINGS.white.id],
});

const amberStrictStatement = (): StixObject => ({
  type: 'marking-definition',
  spec_version: '2.1',
  id: AMBER_STRICT_STATEMENT_ID,
  created_by_ref: PLATFORM_IDENTITY_ID,
  created: PLATFORM_DEFINED,
  definition_type: 'statement',
  name: 'TLP:AMBER+STRICT',
  definition: {
    statement:
      'TLP:AMBER+STRICT (FIRST TLP 2.0): limited disclosure, recipients may share this only with members of their own organization, on a need-to-know basis; not with its clients.',
  },
});

/** The STIX SCO of an observable; null for what has no observable type (text). */
export function stixObservable(o: ObservableValue, markings: string[]): StixObject | null {
  const common = (type: string, props: Record<string, string | undefined>) => {
    const defined = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as Record<string, string>;
    return { type, spec_version: '2.1', id: stixScoId(type, defined), ...defined, object_marking_refs: markings };
  };
  switch (o.kind) {
    case 'phone':
      return { ...common(PHONE_NUMBER_SCO, { value: o.value }), extensions: { [PHONE_EXTENSION_ID]: { extension_type: 'new-sco' } } };
    case 'email':
      return common('email-addr', { value: o.value });
    case 'url':
      return common('url', { value: o.value });
    case 'domain':
      return common('domain-name', { value: o.value });
    case 'account':
      return common('user-account', {
        account_type: o.account?.type ?? undefined,
        user_id: o.account?.userId ?? undefined,
        account_login: o.account?.login ?? undefined,
      });
    case 'text':
      return null;
  }
}

const evidenceReferences = (evidence: readonly Evidence[]) =>
  evidence.map((e) => ({
    source_name: 'evidence',
    description: `Capture of ${e.capturedAt}${e.fileName ? `, file ${e.fileName}` : ''}${e.size !== undefined ? `, ${e.size} bytes` : ''}`,
    ...(e.url ? { url: e.url } : {}),
    hashes: { 'SHA-256': e.sha256 },
  }));

/** The bundle of the operation, as the caller may see it. */
export function stixBundle(input: CtiInput): StixBundle {
  const model = ctiModel(input);
  const op = input.operation;
  const markings = stixMarkings(op.tlp);
  const strictMarkings = stixMarkings(model.recordTlp);
  // The objects marked as restricted, by id: what refers to one of them is restricted too.
  const restrictedObjects = new Set<string>();
  const markingsOf = (id: string, restricted: boolean, ...refs: (string | undefined)[]): string[] => {
    if (!restricted && !refs.some((r) => r !== undefined && restrictedObjects.has(r))) return markings;
    restrictedObjects.add(id);
    return strictMarkings;
  };
  const opKey = `operation/${op.id}`;
  const author = input.organizer ? stixId('identity', `${opKey}/organizer/${input.organizer.id}`) : PLATFORM_IDENTITY_ID;
  const made = (type: string, id: string, created: string, modified: string) => ({
    type,
    spec_version: '2.1',
    id,
    created_by_ref: author,
    created,
    modified: modified < created ? created : modified,
  });

  const objects = new Map<string, StixObject>();
  const put = (o: StixObject) => objects.set(o.id, o);
  put(platformIdentity());
  if (input.organizer) {
    put({
      type: 'identity',
      spec_version: '2.1',
      id: author,
      created: input.createdAt,
      modified: input.createdAt,
      name: input.organizer.name,
      roles: ['organizer'],
      identity_class: 'individual',
      object_marking_refs: markings,
    });
  }
  const teamIdentity = new Map<string, string>();
  for (const t of [...input.teams].sort((a, b) => byCodeUnits(a.id, b.id))) {
    const id = stixId('identity', `team/${t.id}`);
    teamIdentity.set(t.id, id);
    put({
      ...made('identity', id, t.createdAt, t.updatedAt),
      name: t.name,
      description: `Team of the ${OPERATION_KIND_LABELS[op.kind]} "${op.name}"${t.country ? ` (${t.country})` : ''}.`,
      identity_class: 'group',
      object_marking_refs: markings,
    });
  }
  const noTeam = stixId('identity', `${opKey}/no-team`);
  const teamRef = (teamId: string | null): string => {
    const id = teamId ? teamIdentity.get(teamId) : undefined;
    if (id) return id;
    if (!objects.has(noTeam)) {
      put({
        ...made('identity', noTeam, input.createdAt, input.createdAt),
        name: 'No team',
        description: 'A target no team held yet.',
        identity_class: 'group',
        object_marking_refs: markings,
      });
    }
    return noTeam;
  };

  // Cyber-observables, each once.
  const scoOf = new Map<string, string>();
  for (const o of model.observables) {
    const sco = stixObservable(o, []);
    if (!sco) continue;
    sco.object_marking_refs = markingsOf(sco.id, model.restrictedObservables.has(o.key));
    if (o.kind === 'phone' && !objects.has(PHONE_EXTENSION_ID)) put(phoneExtension());
    scoOf.set(o.key, sco.id);
    put(sco);
  }
  const scoRefs = (recordId: string) => [...new Set((model.observablesOf.get(recordId) ?? []).map((v) => scoOf.get(v.key)).filter((id): id is string => !!id))].sort(byCodeUnits);

  // Targets: what was observed on each.
  const targetObserved = new Map<string, string>();
  for (const t of model.targets) {
    const refs = scoRefs(t.id);
    if (!refs.length) continue;
    const id = stixId('observed-data', `target/${t.id}`);
    targetObserved.set(t.id, id);
    put(observedData(made('observed-data', id, t.createdAt, t.updatedAt), t, refs, targetTags(t), markingsOf(id, model.restricted.has(t.id), ...refs)));
  }

  // Findings: what each observed, and the object it is (a person, a note, a link).
  const findingObserved = new Map<string, string>();
  const findingMain = new Map<string, string>();
  const findingKey = (f: Finding) => `finding/${f.id}/${findingView(f, input.viewer)}`;
  for (const f of model.findings) {
    const key = findingKey(f);
    const refs = scoRefs(f.id);
    const restricted = model.restricted.has(f.id);
    if (refs.length) {
      const id = stixId('observed-data', key);
      findingObserved.set(f.id, id);
      put(observedData(made('observed-data', id, f.createdAt, f.updatedAt), f, refs, findingTags(f), markingsOf(id, restricted, ...refs)));
    }
    const extra = {
      labels: findingTags(f),
      ...(f.evidence.length ? { external_references: evidenceReferences(f.evidence) } : {}),
    };
    if (f.type === 'suspect' || f.type === 'possible_victim') {
      const id = stixId('identity', key);
      findingMain.set(f.id, id);
      put({
        ...made('identity', id, f.createdAt, f.updatedAt),
        name: personName(f),
        description: findingDescription(f, model),
        roles: [f.type === 'suspect' ? 'suspect' : 'possible-victim'],
        identity_class: 'individual',
        ...extra,
        object_marking_refs: markingsOf(id, restricted),
      });
    } else if (f.type === 'site_assessment') {
      const id = stixId('note', key);
      findingMain.set(f.id, id);
      const about = findingObserved.get(f.id) ?? (f.targetId ? targetObserved.get(f.targetId) : undefined) ?? teamRef(f.teamId);
      const siteName = f.details?.siteName;
      put({
        ...made('note', id, f.createdAt, f.updatedAt),
        abstract: typeof siteName === 'string' ? `Site assessment: ${siteName}` : 'Site assessment',
        content: findingDescription(f, model),
        object_refs: [about],
        ...extra,
        object_marking_refs: markingsOf(id, restricted, about),
      });
    }
  }
  // Links, once every finding has its object; a link whose ends the caller cannot see is a note.
  for (const f of model.findings.filter((x) => x.type === 'link')) {
    const key = findingKey(f);
    const d = f.details ?? {};
    const from = typeof d.fromFindingId === 'string' ? (findingMain.get(d.fromFindingId) ?? findingObserved.get(d.fromFindingId)) : undefined;
    const to =
      typeof d.toFindingId === 'string'
        ? (findingMain.get(d.toFindingId) ?? findingObserved.get(d.toFindingId))
        : typeof d.toTargetId === 'string'
          ? targetObserved.get(d.toTargetId)
          : undefined;
    const extra = { labels: findingTags(f), ...(f.evidence.length ? { external_references: evidenceReferences(f.evidence) } : {}) };
    const restricted = model.restricted.has(f.id);
    if (from && to && from !== to) {
      const id = stixId('relationship', key);
      put({
        ...made('relationship', id, f.createdAt, f.updatedAt),
        relationship_type: 'related-to',
        description: findingDescription(f, model),
        source_ref: from,
        target_ref: to,
        ...extra,
        object_marking_refs: markingsOf(id, restricted, from, to),
      });
    } else {
      const id = stixId('note', key);
      findingMain.set(f.id, id);
      const about = findingObserved.get(f.id) ?? teamRef(f.teamId);
      put({ ...made('note', id, f.createdAt, f.updatedAt), abstract: 'Link', content: findingDescription(f, model), object_refs: [about], ...extra, object_marking_refs: markingsOf(id, restricted, about) });
    }
  }
  // How findings relate to what they observed, the target they were logged on, their original.
  for (const f of model.findings) {
    const main = findingMain.get(f.id);
    if (!main) continue;
    const key = findingKey(f);
    const relate = (suffix: string, type: string, target: string | undefined, description: string, at: string) => {
      if (!target || target === main) return;
      const id = stixId('relationship', `${key}/${suffix}`);
      put({ ...made('relationship', id, f.createdAt, at), relationship_type: type, description, source_ref: main, target_ref: target, object_marking_refs: markingsOf(id, model.restricted.has(f.id), main, target) });
    };
    if (f.type !== 'site_assessment') relate('observed', 'related-to', findingObserved.get(f.id), `Identifiers logged with this ${FINDING_LABELS[f.type].toLowerCase()}.`, f.updatedAt);
    relate('target', 'related-to', f.targetId ? targetObserved.get(f.targetId) : undefined, 'The target this finding was logged on.', f.updatedAt);
    if (f.duplicateOf) relate('duplicate', 'duplicate-of', findingMain.get(f.duplicateOf), 'Marked a duplicate of this finding in review.', f.updatedAt);
  }

  // Matches: the two sides, as records where the caller sees them, else as teams.
  for (const m of model.matches) {
    const side = (s: Match['sides'][number]) =>
      (s.findingId ? (findingObserved.get(s.findingId) ?? findingMain.get(s.findingId)) : undefined) ?? (s.targetId ? targetObserved.get(s.targetId) : undefined) ?? teamRef(s.teamId);
    const value = model.matchObservable.get(m.id);
    const sco = value ? scoOf.get(value.key) : undefined;
    const source = side(m.sides[0]);
    let target = side(m.sides[1]);
    if (target === source && sco) target = sco;
    const description = `A ${matchLabel(m, model.teamName)}${value ? `: ${value.value}` : ' (the identifier is withheld from this export)'}.`;
    const key = `match/${m.id}/${matchView(m)}`;
    const restricted = model.restricted.has(m.id);
    if (target !== source) {
      const id = stixId('relationship', key);
      put({ ...made('relationship', id, m.createdAt, m.createdAt), relationship_type: 'related-to', description, source_ref: source, target_ref: target, labels: [matchTag(m)], object_marking_refs: markingsOf(id, restricted, source, target) });
    } else {
      const id = stixId('note', key);
      put({ ...made('note', id, m.createdAt, m.createdAt), abstract: 'Cross-team match', content: description, object_refs: [source], labels: [matchTag(m)], object_marking_refs: markingsOf(id, restricted, source) });
    }
  }

  const report = reportObject(model, made, markings, [...objects.keys()]);
  // The definitions of the markings used: the operation's, the restricted records', and
  // TLP:WHITE for the platform's own definitions.
  const used = new Set<string>([STIX_TLP_MARKINGS.white.id, ...markings, ...(restrictedObjects.size ? strictMarkings : [])]);
  const markingObjects = (Object.keys(STIX_TLP_MARKINGS) as Tlp1[])
    .filter((tlp) => used.has(STIX_TLP_MARKINGS[tlp].id))
    .sort((a, b) => byCodeUnits(STIX_TLP_MARKINGS[a].id, STIX_TLP_MARKINGS[b].id))
    .map(stixTlpMarking);
  if (used.has(AMBER_STRICT_STATEMENT_ID)) markingObjects.push(amberStrictStatement());
  const rest = [...objects.values()].sort((a, b) => byCodeUnits(a.id, b.id));
  return {
    type: 'bundle',
    id: `bundle--${uuidV5(`stix/bundle/${opKey}/${viewerKey(input)}/${model.modified}/${op.tlp}`)}`,
    objects: [...markingObjects, report, ...rest],
  };
}

/** The bundle as the file holds it: compact JSON, one line, nothing from the clock. */
export const stixBundleJson = (input: CtiInput): string => `${JSON.stringify(stixBundle(input))}\n`;

function observedData(base: Record<string, unknown>, record: Finding | Target, refs: string[], labels: string[], markings: string[]): StixObject {
  const first = record.createdAt;
  const last = 'kind' in record ? record.updatedAt : record.createdAt;
  return {
    ...(base as StixObject),
    first_observed: first,
    last_observed: last < first ? first : last,
    number_observed: 1,
    object_refs: refs,
    labels,
    object_marking_refs: markings,
  };
}

function reportObject(
  model: CtiModel,
  made: (type: string, id: string, created: string, modified: string) => Record<string, unknown>,
  markings: string[],
  refs: string[],
): StixObject {
  const input = model.input;
  const op = input.operation;
  const closed = op.status === 'closed' && input.snapshotSha256 !== null;
  const state = closed
    ? `Closed at ${op.closedAt}: the figures are frozen in a snapshot whose SHA-256 is ${input.snapshotSha256}; this bundle is final.`
    : `Live (${op.status}): not closed yet, so no snapshot; a later download may differ.`;
  const id = stixId('report', `operation/${op.id}/${viewerKey(input)}`);
  return {
    ...(made('report', id, input.createdAt, model.modified) as StixObject),
    name: op.name,
    description:
      `Findings, targets and cross-team matches of the ${OPERATION_KIND_LABELS[op.kind]} "${op.name}" (${op.startsAt} to ${op.endsAt}; ` +
      `countries ${op.countries.join(', ')}), as a ${op.myRole} of the operation may see them. ${state}`,
    report_types: ['observed-data'],
    published: op.closedAt ?? model.modified,
    object_refs: [...refs].sort(byCodeUnits),
    labels: [machineTag('state', op.status), machineTag('operation-kind', op.kind)],
    external_references: [
      { source_name: 'actionday', description: 'The operation on the platform that produced this bundle.', external_id: op.id },
      closed
        ? { source_name: 'actionday-snapshot', description: `SHA-256 of the close snapshot of the operation's figures (closed at ${op.closedAt}).`, hashes: { 'SHA-256': input.snapshotSha256 } }
        : { source_name: 'actionday-snapshot', description: 'Live operation: no snapshot yet.' },
    ],
    object_marking_refs: markings,
  };
}
