import type { Finding, Match, Operation, Target } from '@actionday/contracts';
import { mispEventSchema, stixBundleSchema } from '../../test/support/cti-schemas';
import { stixScoId } from './cti-ids';
import { absoluteUrl, ctiModel, observableOf, type CtiInput } from './cti-model';
import { mispEvent, mispEventJson } from './misp-event';
import { AMBER_STRICT_STATEMENT_ID, PHONE_EXTENSION_ID, stixBundle, stixBundleJson, STIX_TLP_MARKINGS } from './stix-bundle';

const OP = '10000000-0000-4000-8000-000000000001';
const NL = '20000000-0000-4000-8000-000000000001';
const UA = '20000000-0000-4000-8000-000000000002';
const id = (n: number) => `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 8, minute)).toISOString();

const operation = (over: Partial<Operation> = {}): Operation => ({
  id: OP,
  name: 'JAD Ukraine 2026',
  kind: 'joint_action_day',
  status: 'closed',
  startsAt: '2026-11-23T06:00:00.000Z',
  endsAt: '2026-11-23T20:00:00.000Z',
  timezone: 'Europe/Amsterdam',
  countries: ['NL', 'UA'],
  description: null,
  lastSeq: 42,
  closedAt: '2026-11-23T20:05:00.000Z',
  purgedAt: null,
  tlp: 'amber',
  version: 3,
  myRole: 'coordinator',
  myTeamId: null,
  ...over,
});

const finding = (n: number, over: Partial<Finding>): Finding => ({
  id: id(n),
  operationId: OP,
  clientId: id(900 + n),
  type: 'suspect',
  targetId: null,
  teamId: NL,
  authorId: id(800),
  status: 'submitted',
  duplicateOf: null,
  reviewedBy: null,
  reviewedAt: null,
  redacted: false,
  details: {},
  identifiers: [],
  indicators: [],
  evidence: [],
  notes: null,
  version: 1,
  createdAt: at(n),
  updatedAt: at(n + 1),
  ...over,
});

const target = (n: number, over: Partial<Target>): Target => ({
  id: id(n),
  operationId: OP,
  kind: 'platform',
  value: 'ads.example',
  normalized: 'ads.example',
  normalizationFailed: false,
  platform: null,
  category: null,
  country: 'NL',
  language: null,
  tags: [],
  priority: 0,
  notes: null,
  status: 'done',
  outcome: 'suspicious',
  teamId: NL,
  sourceFindingId: null,
  redacted: false,
  version: 2,
  createdAt: at(n),
  updatedAt: at(n + 2),
  ...over,
});

const site = target(1, { category: 'escort', tags: ['ukraine-related'] });
const ad = target(2, { kind: 'url', value: 'http://ads.example/listing/7?utm_source=x', normalized: 'ads.example/listing/7', outcome: 'confirmed' });
const phone = target(3, { kind: 'phone', value: '+31 6 1234 5678', normalized: '+31612345678', teamId: UA });
const handle = target(4, { kind: 'username', value: '@Anna', normalized: 'anna@instagram.com', platform: 'instagram.com' });
const broken = target(5, { kind: 'phone', value: '12', normalized: '12', normalizationFailed: true });
const other = target(6, { kind: 'other', value: 'a flyer at the station', normalized: 'a flyer at the station' });
const hidden = target(7, { kind: 'email', value: null, normalized: null, redacted: true });

const suspect = finding(10, {
  type: 'suspect',
  targetId: site.id,
  teamId: UA,
  status: 'confirmed',
  details: { alias: 'Boss', nationality: 'MD', role: 'controller' },
  identifiers: [
    { kind: 'phone', value: '+31 6 1234 5678', platform: null, normalized: '+31612345678', valid: true },
    { kind: 'messaging', value: 't.me/boss', platform: 'telegram', normalized: 'telegram:boss', valid: true },
    { kind: 'messaging', value: '+380671234567', platform: 'whatsapp', normalized: 'whatsapp:+380671234567', valid: true },
  ],
  indicators: ['third_party_control'],
  evidence: [{ url: 'https://evidence.example/1', capturedAt: '2026-11-23T08:30:00Z', sha256: 'ab'.repeat(32) }],
  notes: 'answers for three ads',
});
const victim = finding(12, {
  type: 'possible_victim',
  details: { alias: 'Lena', nationality: 'UA', ageMin: 15, ageMax: 17, minor: true },
  identifiers: [{ kind: 'email', value: 'Lena@Mail.example', platform: null, normalized: 'lena@mail.example', valid: true }],
  indicators: ['visibly_very_young'],
});
const withheld = finding(14, { type: 'possible_victim', teamId: UA, redacted: true, details: null, targetId: null });
const assessment = finding(16, {
  type: 'site_assessment',
  targetId: site.id,
  details: { siteName: 'Ads', url: 'https://ads.example/', category: 'escort', adCount: 1200, geographicScope: 'national', mirrors: ['https://ads-mirror.example'] },
});
const link = finding(18, { type: 'link', details: { fromFindingId: suspect.id, toFindingId: victim.id, reason: 'same number in her ad' } });
const duplicate = finding(20, { type: 'possible_victim', status: 'duplicate', duplicateOf: victim.id, details: { alias: 'Lena again' } });

const match = (n: number, over: Partial<Match>): Match => ({
  id: id(n),
  operationId: OP,
  kind: 'phone',
  normalized: '+31612345678',
  sides: [
    { teamId: UA, country: 'UA', targetId: null, findingId: suspect.id },
    { teamId: NL, country: 'NL', targetId: phone.id, findingId: null },
  ],
  crossBorder: true,
  redacted: false,
  createdAt: at(11),
  ...over,
});
const seen = match(40, {});
const unseen = match(41, {
  normalized: null,
  redacted: true,
  sides: [
    { teamId: UA, country: 'UA', targetId: null, findingId: null },
    { teamId: NL, country: 'NL', targetId: null, findingId: null },
  ],
});

const input = (over: Partial<CtiInput> = {}): CtiInput => ({
  operation: operation(),
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-23T20:05:00.000Z',
  organizer: { id: id(800), name: 'Organizer NL' },
  teams: [
    { id: NL, name: 'Netherlands', country: 'NL', createdAt: '2026-11-20T09:10:00.000Z', updatedAt: '2026-11-20T09:10:00.000Z' },
    { id: UA, name: 'Ukraine', country: 'UA', createdAt: '2026-11-20T09:11:00.000Z', updatedAt: '2026-11-20T09:11:00.000Z' },
  ],
  findings: [duplicate, link, assessment, withheld, victim, suspect],
  targets: [other, broken, hidden, handle, phone, ad, site],
  matches: [unseen, seen],
  indicatorLabels: new Map([['third_party_control', 'Third-party control (pimp, manager)']]),
  snapshotSha256: 'f'.repeat(64),
  viewer: { role: 'coordinator', teamId: null },
  // The possible victims and the link to one, as the database names them (restricted_team_ids).
  restrictedIds: new Set([victim.id, withheld.id, link.id, duplicate.id]),
  ...over,
});

/** The same export as an observer reads it (the lists withhold the victims' details; the operation says who asks). */
const observerInput = (over: Partial<CtiInput> = {}): CtiInput =>
  input({
    viewer: { role: 'observer', teamId: null },
    operation: operation({ myRole: 'observer', ...over.operation }),
    findings: input().findings.map((f) => (f.type === 'possible_victim' || f.id === link.id ? { ...f, redacted: true, details: null, identifiers: [], notes: null, evidence: [] } : { ...f, notes: null, evidence: [] })),
    ...Object.fromEntries(Object.entries(over).filter(([k]) => k !== 'operation')),
  });

describe('observables', () => {
  it('maps identifiers to what they are in a threat-intelligence system', () => {
    expect(observableOf('phone', '+31 6 1234 5678', '+31612345678', true)).toMatchObject({ kind: 'phone', value: '+31612345678' });
    expect(observableOf('phone', '12', '12', false)).toMatchObject({ kind: 'text', value: '12' });
    expect(observableOf('platform', 'Ads.example', 'ads.example', true)).toMatchObject({ kind: 'domain', value: 'ads.example' });
    expect(observableOf('platform', 'Telegram group X', 'telegram group x', true)).toMatchObject({ kind: 'text' });
    expect(observableOf('username', '@Anna', 'anna@instagram.com', true)).toMatchObject({ kind: 'account', account: { type: 'instagram.com', login: 'anna', userId: null } });
    expect(observableOf('messaging', 'wa', 'whatsapp:+380671234567', true)).toMatchObject({ kind: 'account', account: { type: 'whatsapp', login: null, userId: '+380671234567' } });
    expect(observableOf('url', 'hxxp://ads.example/a', 'ads.example/a', true)).toMatchObject({ kind: 'url', value: 'http://ads.example/a' });
    expect(absoluteUrl(null, 'ads.example/a')).toBe('https://ads.example/a');
  });

  it('holds each observable once, with every record it was met in, and the latest time as modified', () => {
    const model = ctiModel(input());
    const number = model.observables.find((o) => o.key === 'phone:+31612345678');
    expect(number?.sources.map((s) => s.ref.kind)).toEqual(['target', 'finding', 'match']);
    expect(model.targets.map((t) => t.id)).not.toContain(hidden.id);
    expect(model.findings.map((f) => f.id)).toEqual([suspect, victim, withheld, assessment, link, duplicate].map((f) => f.id));
    expect(model.modified).toBe('2026-11-23T20:05:00.000Z');
  });
});

describe('MISP event', () => {
  it('is a valid MISP core format event: types, categories, templates, references, tags', () => {
    const event = mispEvent(input());
    expect(mispEventSchema.parse(event)).toBeTruthy();
    const e = event.Event;
    expect(e.Tag.map((t) => t.name)).toEqual(['tlp:amber', 'actionday:operation-kind="joint_action_day"', 'actionday:state="closed"']);
    expect(e.analysis).toBe('2');
    expect(e.date).toBe('2026-11-23');
    const byValue = (v: string) => e.Attribute.find((a) => a.value === v);
    expect(byValue('+31612345678')).toMatchObject({ type: 'phone-number', category: 'Person' });
    expect(byValue('lena@mail.example')).toMatchObject({ type: 'email', category: 'Social network' });
    expect(byValue('http://ads.example/listing/7')).toMatchObject({ type: 'url', category: 'Network activity' });
    expect(byValue('ads.example')).toMatchObject({ type: 'domain', category: 'Network activity' });
    expect(byValue('12')).toMatchObject({ type: 'text', category: 'Other' });
    expect(byValue('f'.repeat(64))).toMatchObject({ type: 'text', category: 'Internal reference' });
    expect(byValue('ads.example')?.Tag?.map((t) => t.name)).toEqual(expect.arrayContaining(['actionday:platform-category="escort"', 'actionday:target-tag="ukraine-related"']));
    const accounts = e.Object.filter((o) => o.name === 'user-account');
    expect(accounts.map((o) => Object.fromEntries(o.Attribute.map((a) => [a.object_relation, a.value])))).toEqual(
      expect.arrayContaining([
        { username: 'anna', 'account-type': 'instagram.com' },
        { username: 'boss', 'account-type': 'telegram' },
        { 'user-id': '+380671234567', 'account-type': 'whatsapp' },
      ]),
    );
    const persons = e.Object.filter((o) => o.name === 'person');
    expect(persons).toHaveLength(4);
    const boss = persons.find((o) => o.Attribute.some((a) => a.value === 'Boss'))!;
    expect(boss.Attribute.map((a) => a.object_relation)).toEqual(['alias', 'role', 'nationality', 'text']);
    expect(boss.ObjectReference.map((r) => r.relationship_type).sort()).toEqual(['related-to', 'uses', 'uses', 'uses']);
  });

  it('shows a withheld possible victim as a victim and nothing more', () => {
    const person = mispEvent(input()).Event.Object.find((o) => o.uuid && o.comment.startsWith('Possible victim') && o.Attribute.some((a) => a.value.includes('withheld')));
    expect(person?.Attribute.map((a) => [a.object_relation, a.value.split('\n')[0]])).toEqual([
      ['role', 'Victim'],
      ['text', `Possible victim ${withheld.id.slice(0, 8)}`],
    ]);
  });

  it('says an open operation is live instead of naming a snapshot', () => {
    const e = mispEvent(input({ operation: operation({ status: 'live', closedAt: null }), snapshotSha256: null })).Event;
    expect(e.analysis).toBe('1');
    expect(e.Attribute.find((a) => a.category === 'Internal reference')).toMatchObject({ type: 'comment', value: expect.stringContaining('Live operation') });
  });

  it('is the same bytes from the same records, whatever order the lists gave them in', () => {
    const a = mispEventJson(input());
    const b = mispEventJson(input({ findings: [...input().findings].reverse(), targets: [...input().targets].reverse(), matches: [...input().matches].reverse() }));
    expect(b).toBe(a);
  });
});

describe('STIX bundle', () => {
  it('is a valid STIX 2.1 bundle: ids, common properties, refs inside the bundle, one report over everything', () => {
    const bundle = stixBundle(input());
    expect(stixBundleSchema.parse(bundle)).toBeTruthy();
    const types = bundle.objects.map((o) => o.type);
    for (const type of ['marking-definition', 'identity', 'report', 'observed-data', 'relationship', 'note', 'url', 'email-addr', 'domain-name', 'user-account', 'x-actionday-phone-number', 'extension-definition']) {
      expect(types).toContain(type);
    }
    const report = bundle.objects.find((o) => o.type === 'report')!;
    expect(report.external_references).toContainEqual(expect.objectContaining({ source_name: 'actionday-snapshot', hashes: { 'SHA-256': 'f'.repeat(64) } }));
    // Every object the platform made carries the operation's TLP, or AMBER+STRICT where it is a
    // possible victim's (below); its own definitions are TLP:WHITE.
    for (const o of bundle.objects.filter((x) => x.type !== 'marking-definition')) {
      const platform = o.id === PHONE_EXTENSION_ID || (o.created_by_ref === undefined && o.name === 'actionday');
      expect([[STIX_TLP_MARKINGS.white.id], [STIX_TLP_MARKINGS.amber.id], [STIX_TLP_MARKINGS.amber.id, AMBER_STRICT_STATEMENT_ID]]).toContainEqual(o.object_marking_refs);
      expect(JSON.stringify(o.object_marking_refs) === JSON.stringify([STIX_TLP_MARKINGS.white.id])).toBe(platform);
    }
    expect(bundle.objects.find((o) => o.type === 'domain-name')?.id).toBe(stixScoId('domain-name', { value: 'ads.example' }));
  });

  it('relates the two sides of a match: records where the caller sees them, teams where not', () => {
    const bundle = stixBundle(input());
    const rel = bundle.objects.filter((o) => o.type === 'relationship' && Array.isArray(o.labels) && o.labels.includes('actionday:match="cross-border"'));
    expect(rel).toHaveLength(2);
    const endpoints = rel.map((r) => [String(r.source_ref).split('--')[0], String(r.target_ref).split('--')[0]]);
    expect(endpoints).toEqual(expect.arrayContaining([['observed-data', 'observed-data'], ['identity', 'identity']]));
  });

  it('maps TLP 2.0 onto the STIX TLP 1.0 markings: clear is white, amber+strict is amber with a statement', () => {
    const clear = stixBundle(input({ operation: operation({ tlp: 'clear' }), findings: [suspect, assessment], matches: [seen] }));
    expect(clear.objects.filter((o) => o.type === 'marking-definition').map((o) => o.id)).toEqual([STIX_TLP_MARKINGS.white.id]);
    const strict = stixBundle(input({ operation: operation({ tlp: 'amber+strict' }) }));
    expect(stixBundleSchema.parse(strict)).toBeTruthy();
    expect(strict.objects.find((o) => o.type === 'report')?.object_marking_refs).toEqual([STIX_TLP_MARKINGS.amber.id, AMBER_STRICT_STATEMENT_ID]);
  });

  it('names records by how much of them the caller sees, so two members never get one id with two contents', () => {
    const full = stixBundle(input());
    const observer = stixBundle(input({ viewer: { role: 'observer', teamId: null }, operation: operation({ myRole: 'observer' }) }));
    const ids = (b: typeof full) => new Set(b.objects.filter((o) => o.type === 'identity' && o.roles).map((o) => o.id));
    const shared = [...ids(full)].filter((x) => ids(observer).has(x));
    // The organizer, and the victim both see withheld: the others the coordinator saw with notes, the observer without.
    const named = (b: typeof full, x: string) => b.objects.find((o) => o.id === x)?.name;
    expect(shared.map((x) => named(full, x)).sort()).toEqual(['Organizer NL', `Possible victim ${withheld.id.slice(0, 8)}`]);
    for (const x of shared) expect(JSON.stringify(full.objects.find((o) => o.id === x))).toBe(JSON.stringify(observer.objects.find((o) => o.id === x)));
  });

  it('is the same bytes from the same records, whatever order the lists gave them in', () => {
    expect(stixBundleJson(input({ findings: [...input().findings].reverse(), matches: [...input().matches].reverse() }))).toBe(stixBundleJson(input()));
  });
});

describe('MISP uuids and timestamps name the view they were made for', () => {
  type Event = ReturnType<typeof mispEvent>['Event'];
  const uuids = (e: Event) => new Set([e.uuid, ...e.Attribute.map((a) => a.uuid), ...e.Object.flatMap((o) => [o.uuid, ...o.Attribute.map((a) => a.uuid), ...o.ObjectReference.map((r) => r.uuid)])]);
  const personOf = (e: Event, alias: string) => e.Object.find((o) => o.name === 'person' && o.Attribute.some((a) => a.object_relation === 'alias' && a.value === alias))!;

  it("gives the coordinator's and the observer's events no uuid in common: a MISP instance that imported one never takes the other for the same, unchanged", () => {
    const coordinator = mispEvent(input()).Event;
    const observer = mispEvent(observerInput()).Event;
    expect(observer.uuid).not.toBe(coordinator.uuid);
    expect([...uuids(coordinator)].filter((u) => uuids(observer).has(u))).toEqual([]);
    // The suspect: with notes and evidence for one, without for the other; never one uuid for both.
    expect(personOf(observer, 'Boss').uuid).not.toBe(personOf(coordinator, 'Boss').uuid);
  });

  it('names a record by how much of it the member sees (full, without notes, withheld), and each role and team apart', () => {
    const officer = (teamId: string) => input({ viewer: { role: 'officer', teamId }, operation: operation({ myRole: 'officer', myTeamId: teamId }) });
    expect(mispEvent(officer(NL)).Event.uuid).not.toBe(mispEvent(officer(UA)).Event.uuid);
    expect(mispEvent(input({ operation: operation({ myRole: 'organizer' }), viewer: { role: 'organizer', teamId: null } })).Event.uuid).not.toBe(mispEvent(input()).Event.uuid);
    // The same member, once the victim is withheld from them: her object is another one.
    const hidden = input({ findings: input().findings.map((f) => (f.id === victim.id ? { ...f, redacted: true, details: null, identifiers: [] } : f)) });
    const withheldUuid = mispEvent(hidden).Event.Object.find((o) => o.comment.startsWith('Possible victim') && o.Attribute.some((a) => a.value.startsWith(`Possible victim ${victim.id.slice(0, 8)}`)))!.uuid;
    expect(withheldUuid).not.toBe(personOf(mispEvent(input()).Event, 'Lena').uuid);
  });

  it('is still the same bytes for the same member of a closed operation', () => {
    expect(mispEventJson(observerInput())).toBe(mispEventJson(observerInput()));
    expect(mispEventJson(input())).toBe(mispEventJson(input()));
  });
});

describe("a possible victim's records are at least TLP:AMBER+STRICT, whatever the operation's level", () => {
  const tlpOf = (tags: { name: string }[] | undefined) => (tags ?? []).map((t) => t.name).filter((n) => n.startsWith('tlp:'));
  const STRICT = [STIX_TLP_MARKINGS.amber.id, AMBER_STRICT_STATEMENT_ID];
  const names = /Lena|lena@mail\.example|Estimated age|actionday:minor|same number in her ad/;

  it('MISP, operation TLP:CLEAR: every attribute of her, of the link to her and of her identifiers is tagged tlp:amber+strict; the rest is the event\'s', () => {
    const e = mispEvent(input({ operation: operation({ tlp: 'clear' }) })).Event;
    expect(mispEventSchema.parse({ Event: e })).toBeTruthy();
    expect(tlpOf(e.Tag)).toEqual(['tlp:clear']);
    const attributes = [...e.Attribute, ...e.Object.flatMap((o) => o.Attribute)];
    for (const a of attributes.filter((x) => names.test(JSON.stringify(x)))) expect({ value: a.value, tlp: tlpOf(a.Tag) }).toEqual({ value: a.value, tlp: ['tlp:amber+strict'] });
    for (const o of e.Object.filter((x) => x.comment.startsWith('Possible victim') || x.Attribute.some((a) => a.value.includes('same number in her ad')))) {
      for (const a of o.Attribute) expect(tlpOf(a.Tag)).toEqual(['tlp:amber+strict']);
    }
    // The suspect, the site, the number the match was on: the operation's level (the event's tag alone).
    for (const value of ['Boss', 'ads.example', '+31612345678']) expect(tlpOf(attributes.find((a) => a.value === value)!.Tag)).toEqual([]);
  });

  it('STIX, operation TLP:CLEAR: her identity, her observables, the observed-data, the link and the relationships about her carry AMBER and the AMBER+STRICT statement', () => {
    const bundle = stixBundle(input({ operation: operation({ tlp: 'clear' }) }));
    expect(stixBundleSchema.parse(bundle)).toBeTruthy();
    const byId = new Map(bundle.objects.map((o) => [o.id, o]));
    const strict = new Set(bundle.objects.filter((o) => JSON.stringify(o.object_marking_refs) === JSON.stringify(STRICT)).map((o) => o.id));
    for (const o of bundle.objects.filter((x) => names.test(JSON.stringify(x)))) expect({ id: o.id, refs: o.object_marking_refs }).toEqual({ id: o.id, refs: STRICT });
    // Whatever points at something of hers is hers too (a relationship, observed-data of her identifiers).
    for (const o of bundle.objects.filter((x) => x.type === 'relationship' || x.type === 'observed-data')) {
      const refs = [o.source_ref, o.target_ref, ...((o.object_refs as string[] | undefined) ?? [])].filter((r): r is string => typeof r === 'string');
      if (refs.some((r) => strict.has(r))) expect({ id: o.id, refs: o.object_marking_refs }).toEqual({ id: o.id, refs: STRICT });
    }
    expect(byId.get(bundle.objects.find((o) => o.type === 'identity' && o.name === 'Boss')!.id)?.object_marking_refs).toEqual([STIX_TLP_MARKINGS.white.id]);
    expect(bundle.objects.find((o) => o.type === 'report')?.object_marking_refs).toEqual([STIX_TLP_MARKINGS.white.id]);
    expect(bundle.objects.filter((o) => o.type === 'marking-definition').map((o) => o.id).sort()).toEqual([STIX_TLP_MARKINGS.white.id, STIX_TLP_MARKINGS.amber.id, AMBER_STRICT_STATEMENT_ID].sort());
  });

  it('marks a possible victim so even when nothing else says she is restricted, and withheld ones too', () => {
    const e = mispEvent(input({ operation: operation({ tlp: 'green' }), restrictedIds: new Set() })).Event;
    for (const o of e.Object.filter((x) => x.comment.startsWith('Possible victim'))) for (const a of o.Attribute) expect(tlpOf(a.Tag)).toEqual(['tlp:amber+strict']);
    const b = stixBundle(input({ operation: operation({ tlp: 'green' }), restrictedIds: new Set() }));
    for (const o of b.objects.filter((x) => x.type === 'identity' && (x.roles as string[] | undefined)?.includes('possible-victim'))) expect(o.object_marking_refs).toEqual(STRICT);
  });

  it('keeps a stricter operation level: under TLP:RED everything of the operation is RED, nothing is tagged apart', () => {
    const e = mispEvent(input({ operation: operation({ tlp: 'red' }) })).Event;
    expect(tlpOf(e.Tag)).toEqual(['tlp:red']);
    expect([...e.Attribute, ...e.Object.flatMap((o) => o.Attribute)].flatMap((a) => tlpOf(a.Tag))).toEqual([]);
    const b = stixBundle(input({ operation: operation({ tlp: 'red' }) }));
    for (const o of b.objects.filter((x) => x.type !== 'marking-definition' && x.id !== PHONE_EXTENSION_ID && !(x.type === 'identity' && x.identity_class === 'system'))) {
      expect({ id: o.id, refs: o.object_marking_refs }).toEqual({ id: o.id, refs: [STIX_TLP_MARKINGS.red.id] });
    }
    expect(b.objects.map((o) => o.id)).not.toContain(AMBER_STRICT_STATEMENT_ID);
  });
});

describe('MISP comments stay short', () => {
  it("names at most ten of the records an identifier was met in, and how many more", () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      finding(100 + i, { identifiers: [{ kind: 'phone', value: '+31 6 1234 5678', platform: null, normalized: '+31612345678', valid: true }] }),
    );
    const e = mispEvent(input({ findings: [...input().findings, ...many] })).Event;
    const comment = e.Attribute.find((a) => a.value === '+31612345678')!.comment;
    // The target, the suspect, the match, and 25 more suspects: 28.
    const listed = comment.replace(/^Seen in: /, '').split('; ');
    expect(listed).toHaveLength(11);
    expect(listed[10]).toBe('and 18 more');
    expect(comment.length).toBeLessThan(1000);
  });
});

describe('the format schemas (test support) refuse what a receiving system would', () => {
  const issues = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? [] : result.error!.issues.map((i) => i.message).join('\n'));

  it('MISP: a type in a category it has no place in, a dangling reference, a second TLP tag', () => {
    const event = mispEvent(input());
    const wrongCategory = structuredClone(event);
    wrongCategory.Event.Attribute.find((a) => a.type === 'phone-number')!.category = 'Network activity';
    expect(issues(mispEventSchema.safeParse(wrongCategory))).toMatch(/not a category of type phone-number/);
    const unknownType = structuredClone(event);
    unknownType.Event.Attribute[0].type = 'phone';
    expect(mispEventSchema.safeParse(unknownType).success).toBe(false);
    const dangling = structuredClone(event);
    dangling.Event.Object.find((o) => o.ObjectReference.length)!.ObjectReference[0].referenced_uuid = id(999);
    expect(issues(mispEventSchema.safeParse(dangling))).toMatch(/dangling reference/);
    const twoTlp = structuredClone(event);
    twoTlp.Event.Tag.push({ name: 'tlp:red', colour: '#ff2b2b', exportable: true });
    expect(issues(mispEventSchema.safeParse(twoTlp))).toMatch(/exactly one TLP tag/);
    const looser = structuredClone(event);
    looser.Event.Attribute[0].Tag = [{ name: 'tlp:green', colour: '#33ff00', exportable: true }];
    expect(issues(mispEventSchema.safeParse(looser))).toMatch(/tlp:green is not stricter than the event's tlp:amber/);
  });

  it("STIX: the AMBER+STRICT statement without TLP:AMBER", () => {
    const bundle = stixBundle(input());
    const alone = structuredClone(bundle);
    alone.objects.find((o) => o.type === 'identity' && o.name === 'Lena')!.object_marking_refs = [AMBER_STRICT_STATEMENT_ID];
    expect(issues(stixBundleSchema.safeParse(alone))).toMatch(/the AMBER\+STRICT statement without TLP:AMBER/);
  });

  it('STIX: a malformed id, a missing created, a ref outside the bundle, an object the report leaves out', () => {
    const bundle = stixBundle(input());
    const badId = structuredClone(bundle);
    badId.objects.find((o) => o.type === 'note')!.id = 'note--not-a-uuid';
    expect(stixBundleSchema.safeParse(badId).success).toBe(false);
    const noCreated = structuredClone(bundle);
    delete noCreated.objects.find((o) => o.type === 'identity' && o.roles)!.created;
    expect(issues(stixBundleSchema.safeParse(noCreated))).toMatch(/created/);
    const outside = structuredClone(bundle);
    outside.objects.find((o) => o.type === 'relationship')!.target_ref = `identity--${id(999)}`;
    expect(issues(stixBundleSchema.safeParse(outside))).toMatch(/not in the bundle/);
    const left = structuredClone(bundle);
    const report = left.objects.find((o) => o.type === 'report')!;
    report.object_refs = (report.object_refs as string[]).slice(1);
    expect(issues(stixBundleSchema.safeParse(left))).toMatch(/the report leaves out/);
    const tlp = structuredClone(bundle);
    tlp.objects.find((o) => o.type === 'marking-definition')!.created = '2020-01-01T00:00:00.000Z';
    expect(stixBundleSchema.safeParse(tlp).success).toBe(false);
  });
});
