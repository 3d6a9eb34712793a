import { z } from 'zod';

/**
 * Schemas of what the MISP and STIX exports may contain, strict enough to catch a wrong type, a
 * missing required property or a dangling reference: the MISP core format (draft-dulaunoy-misp-
 * core-format: category-type combinations, object templates of MISP/misp-objects, object
 * relationships) and STIX 2.1 (id syntax, common properties, the objects the exports write, refs
 * that resolve within the bundle, the predefined TLP markings). Test support only: the API
 * writes these formats with plain code.
 */

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a lower-case RFC 4122 UUID');
const unixSeconds = z.string().regex(/^\d{1,12}$/, 'seconds since the epoch, as a string');
const isoWithZone = z.iso.datetime({ offset: true });

// ---------------------------------------------------------------------------------------------
// MISP
// ---------------------------------------------------------------------------------------------

/**
 * For each attribute type the exports may write, the categories MISP allows it in (from the
 * category-type table of the MISP core format and MISP's describeTypes.json). Any other type is
 * refused.
 */
export const MISP_TYPE_CATEGORIES: Record<string, readonly string[]> = {
  'phone-number': ['Financial fraud', 'Other', 'Person'],
  email: ['Attribution', 'Network activity', 'Payload delivery', 'Person', 'Social network'],
  'email-src': ['Network activity', 'Payload delivery', 'Social network'],
  url: ['External analysis', 'Network activity', 'Payload delivery'],
  domain: ['External analysis', 'Network activity', 'Payload delivery'],
  nationality: ['Person'],
  text: [
    'Antivirus detection',
    'Artifacts dropped',
    'Attribution',
    'External analysis',
    'Financial fraud',
    'Internal reference',
    'Network activity',
    'Other',
    'Payload delivery',
    'Payload installation',
    'Payload type',
    'Persistence mechanism',
    'Person',
    'Social network',
    'Support Tool',
  ],
  comment: [
    'Antivirus detection',
    'Artifacts dropped',
    'Attribution',
    'External analysis',
    'Financial fraud',
    'Internal reference',
    'Network activity',
    'Other',
    'Payload delivery',
    'Payload installation',
    'Payload type',
    'Persistence mechanism',
    'Person',
    'Social network',
    'Support Tool',
    'Targeting data',
  ],
};

/** The object templates the exports use, with their relations and the attribute type of each. */
export const MISP_OBJECT_TEMPLATES: Record<string, { uuid: string; metaCategory: string; relations: Record<string, string> }> = {
  person: {
    uuid: 'a15b0477-e9d1-4b9c-9546-abe78a4f4248',
    metaCategory: 'misc',
    relations: { alias: 'text', role: 'text', nationality: 'nationality', text: 'text', 'phone-number': 'phone-number', 'e-mail': 'email-src', handle: 'text' },
  },
  'user-account': {
    uuid: '49606b06-22f0-4ac8-8eee-2f12ad46f3d3',
    metaCategory: 'misc',
    relations: { username: 'text', 'user-id': 'text', 'account-type': 'text', 'display-name': 'text', description: 'text', text: 'text' },
  },
  annotation: { uuid: '5d8dc046-15a1-4ca3-a09f-ed4ede7c4487', metaCategory: 'misc', relations: { text: 'text', type: 'text', ref: 'link', format: 'text' } },
};

/** Relationship types of MISP/misp-objects relationships/definition.json the exports may use. */
export const MISP_RELATIONSHIPS = ['related-to', 'uses', 'mentions', 'duplicate-of', 'suspected-link', 'derived-from', 'same-as'] as const;

export const MISP_TLP_TAG_NAMES = ['tlp:clear', 'tlp:green', 'tlp:amber', 'tlp:amber+strict', 'tlp:red'] as const;

/** The platform's machine tags: `actionday:<predicate>="<value>"`. */
export const ACTIONDAY_TAG = /^actionday:(state|operation-kind|finding-type|review|indicator|platform-category|target-kind|target-status|outcome|target-tag|minor|match)="[^"]+"$/;

export const mispTagSchema = z.strictObject({
  name: z.string().refine((n) => (MISP_TLP_TAG_NAMES as readonly string[]).includes(n) || ACTIONDAY_TAG.test(n), 'a TLP tag or an actionday: machine tag'),
  colour: z.string().regex(/^#[0-9a-f]{6}$/i),
  exportable: z.boolean(),
});

export const mispAttributeSchema = z
  .strictObject({
    uuid,
    type: z.enum(Object.keys(MISP_TYPE_CATEGORIES) as [string, ...string[]]),
    category: z.string(),
    value: z.string().min(1),
    to_ids: z.boolean(),
    distribution: z.enum(['0', '1', '2', '3', '4', '5']),
    sharing_group_id: z.literal('0'),
    timestamp: unixSeconds,
    comment: z.string(),
    deleted: z.boolean(),
    disable_correlation: z.boolean(),
    object_relation: z.string().optional(),
    first_seen: isoWithZone.optional(),
    last_seen: isoWithZone.optional(),
    Tag: z.array(mispTagSchema).min(1).optional(),
  })
  .superRefine((a, ctx) => {
    if (!MISP_TYPE_CATEGORIES[a.type]?.includes(a.category)) ctx.addIssue({ code: 'custom', path: ['category'], message: `${a.category} is not a category of type ${a.type}` });
    if (a.first_seen && a.last_seen && Date.parse(a.first_seen) > Date.parse(a.last_seen)) ctx.addIssue({ code: 'custom', path: ['last_seen'], message: 'before first_seen' });
    if (a.type === 'url' && !URL.canParse(a.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'not a URL' });
    if (a.type === 'phone-number' && !/^\+?[0-9 ()./-]{4,}$/.test(a.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'not a phone number' });
    if ((a.type === 'email' || a.type === 'email-src') && !/^[^\s@]+@[^\s@]+$/.test(a.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'not an e-mail address' });
    // The tlp taxonomy is exclusive: one level per attribute at most.
    if ((a.Tag ?? []).filter((t) => t.name.startsWith('tlp:')).length > 1) ctx.addIssue({ code: 'custom', path: ['Tag'], message: 'more than one TLP tag' });
  });

export const mispObjectReferenceSchema = z.strictObject({
  uuid,
  object_uuid: uuid,
  referenced_uuid: uuid,
  relationship_type: z.enum(MISP_RELATIONSHIPS),
  comment: z.string(),
  timestamp: unixSeconds,
  deleted: z.boolean(),
});

export const mispObjectSchema = z
  .strictObject({
    uuid,
    name: z.enum(Object.keys(MISP_OBJECT_TEMPLATES) as [string, ...string[]]),
    'meta-category': z.string(),
    description: z.string().min(1),
    template_uuid: uuid,
    template_version: z.string().regex(/^\d+$/),
    timestamp: unixSeconds,
    distribution: z.enum(['0', '1', '2', '3', '4', '5']),
    sharing_group_id: z.literal('0'),
    comment: z.string(),
    deleted: z.boolean(),
    first_seen: isoWithZone.optional(),
    last_seen: isoWithZone.optional(),
    Attribute: z.array(mispAttributeSchema).min(1),
    ObjectReference: z.array(mispObjectReferenceSchema),
  })
  .superRefine((o, ctx) => {
    const template = MISP_OBJECT_TEMPLATES[o.name];
    if (!template) return;
    if (o.template_uuid !== template.uuid) ctx.addIssue({ code: 'custom', path: ['template_uuid'], message: `not the ${o.name} template` });
    if (o['meta-category'] !== template.metaCategory) ctx.addIssue({ code: 'custom', path: ['meta-category'], message: `${o.name} is ${template.metaCategory}` });
    o.Attribute.forEach((a, i) => {
      const type = a.object_relation ? template.relations[a.object_relation] : undefined;
      if (!type) ctx.addIssue({ code: 'custom', path: ['Attribute', i, 'object_relation'], message: `${a.object_relation} is no relation of ${o.name}` });
      else if (type !== a.type) ctx.addIssue({ code: 'custom', path: ['Attribute', i, 'type'], message: `${o.name}.${a.object_relation} is a ${type}` });
    });
    if (o.name === 'user-account' && !o.Attribute.some((a) => a.object_relation === 'username' || a.object_relation === 'user-id')) {
      ctx.addIssue({ code: 'custom', path: ['Attribute'], message: 'a user-account needs a username or a user-id (requiredOneOf)' });
    }
    if (o.name === 'annotation' && !o.Attribute.some((a) => a.object_relation === 'text')) ctx.addIssue({ code: 'custom', path: ['Attribute'], message: 'an annotation needs its text (requiredOneOf)' });
    if (o.name === 'person' && !o.Attribute.some((a) => a.object_relation === 'role')) ctx.addIssue({ code: 'custom', path: ['Attribute'], message: 'a person of the exports says its role' });
    o.ObjectReference.forEach((r, i) => {
      if (r.object_uuid !== o.uuid) ctx.addIssue({ code: 'custom', path: ['ObjectReference', i, 'object_uuid'], message: 'not the object it belongs to' });
    });
  });

export const mispEventSchema = z
  .strictObject({
    Event: z.strictObject({
      uuid,
      info: z
        .string()
        .min(1)
        .max(256)
        .refine((s) => !/[\r\n]/.test(s), 'one line'),
      date: z.iso.date(),
      threat_level_id: z.enum(['1', '2', '3', '4']),
      analysis: z.enum(['0', '1', '2']),
      distribution: z.enum(['0', '1', '2', '3', '4']),
      sharing_group_id: z.literal('0'),
      timestamp: unixSeconds,
      published: z.boolean(),
      publish_timestamp: unixSeconds,
      Orgc: z.strictObject({ uuid, name: z.string().min(1) }),
      Tag: z.array(mispTagSchema),
      Attribute: z.array(mispAttributeSchema),
      Object: z.array(mispObjectSchema),
    }),
  })
  .superRefine(({ Event: e }, ctx) => {
    const tlp = e.Tag.filter((t) => t.name.startsWith('tlp:'));
    if (tlp.length !== 1) ctx.addIssue({ code: 'custom', path: ['Event', 'Tag'], message: `exactly one TLP tag, got ${tlp.length}` });
    // An attribute's own TLP may only be stricter than the event's: a looser one would widen what the event allows.
    const level = (name: string) => (MISP_TLP_TAG_NAMES as readonly string[]).indexOf(name);
    const eventLevel = tlp.length === 1 ? level(tlp[0].name) : -1;
    for (const a of [...e.Attribute, ...e.Object.flatMap((o) => o.Attribute)]) {
      for (const t of a.Tag ?? []) {
        if (t.name.startsWith('tlp:') && level(t.name) <= eventLevel) ctx.addIssue({ code: 'custom', path: ['Event'], message: `attribute ${a.uuid}: ${t.name} is not stricter than the event's ${tlp[0].name}` });
      }
    }
    const uuids = [e.uuid, ...e.Attribute.map((a) => a.uuid), ...e.Object.flatMap((o) => [o.uuid, ...o.Attribute.map((a) => a.uuid), ...o.ObjectReference.map((r) => r.uuid)])];
    if (new Set(uuids).size !== uuids.length) ctx.addIssue({ code: 'custom', path: ['Event'], message: 'a uuid is used twice' });
    // MISP refuses a second event attribute with the same type, category and value.
    const triplets = e.Attribute.map((a) => `${a.type}|${a.category}|${a.value}`);
    if (new Set(triplets).size !== triplets.length) ctx.addIssue({ code: 'custom', path: ['Event', 'Attribute'], message: 'the same attribute twice' });
    const referable = new Set([...e.Attribute.map((a) => a.uuid), ...e.Object.map((o) => o.uuid)]);
    e.Object.forEach((o, i) =>
      o.ObjectReference.forEach((r, j) => {
        if (!referable.has(r.referenced_uuid)) ctx.addIssue({ code: 'custom', path: ['Event', 'Object', i, 'ObjectReference', j], message: `dangling reference to ${r.referenced_uuid}` });
      }),
    );
  });
export type MispEventFile = z.infer<typeof mispEventSchema>;

// ---------------------------------------------------------------------------------------------
// STIX 2.1
// ---------------------------------------------------------------------------------------------

/** `<type>--<uuid>` (STIX 2.1 section 2.9), optionally of one type. */
export const stixIdentifier = (type?: string) =>
  z.string().regex(new RegExp(`^${type ? type.replace(/[.+]/g, '\\$&') : '[a-z][a-z0-9-]+[a-z0-9]'}--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`), `a STIX identifier${type ? ` of type ${type}` : ''}`);
/** RFC 3339 in UTC, at least millisecond precision where STIX asks for it. */
const stixTimestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'a STIX timestamp (UTC, Z)');
const stixTimestampMs = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,}Z$/, 'a STIX timestamp with milliseconds');
const markingRefs = z.array(stixIdentifier('marking-definition')).min(1);
const labels = z.array(z.string().min(1)).min(1);
const externalReference = z
  .strictObject({
    source_name: z.string().min(1),
    description: z.string().optional(),
    url: z.url().optional(),
    hashes: z.partialRecord(z.enum(['MD5', 'SHA-1', 'SHA-256', 'SHA-512', 'SHA3-256', 'SHA3-512', 'SSDEEP', 'TLSH']), z.string().regex(/^[0-9a-fA-F]+$/)).optional(),
    external_id: z.string().optional(),
  })
  .refine((r) => r.description !== undefined || r.url !== undefined || r.external_id !== undefined, 'an external reference needs a description, url or external_id');

/** Common properties of SDOs and SROs (section 3.2): created_by_ref, created and modified required here. */
const sdoCommon = {
  spec_version: z.literal('2.1'),
  created_by_ref: stixIdentifier('identity'),
  created: stixTimestampMs,
  modified: stixTimestampMs,
  labels: labels.optional(),
  external_references: z.array(externalReference).min(1).optional(),
  object_marking_refs: markingRefs,
};
const scoCommon = { spec_version: z.literal('2.1'), object_marking_refs: markingRefs };

export const STIX_TLP_MARKINGS: Record<string, { id: string; name: string }> = {
  white: { id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', name: 'TLP:WHITE' },
  green: { id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', name: 'TLP:GREEN' },
  amber: { id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', name: 'TLP:AMBER' },
  red: { id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', name: 'TLP:RED' },
};

const tlpMarking = z
  .strictObject({
    type: z.literal('marking-definition'),
    spec_version: z.literal('2.1'),
    id: stixIdentifier('marking-definition'),
    created: z.literal('2017-01-20T00:00:00.000Z'),
    definition_type: z.literal('tlp'),
    name: z.string(),
    definition: z.strictObject({ tlp: z.enum(['white', 'green', 'amber', 'red']) }),
  })
  .refine((m) => STIX_TLP_MARKINGS[m.definition.tlp].id === m.id && STIX_TLP_MARKINGS[m.definition.tlp].name === m.name, 'only the predefined TLP marking definitions, exactly');
const statementMarking = z.strictObject({
  type: z.literal('marking-definition'),
  spec_version: z.literal('2.1'),
  id: stixIdentifier('marking-definition'),
  created_by_ref: stixIdentifier('identity').optional(),
  created: stixTimestampMs,
  definition_type: z.literal('statement'),
  name: z.string().optional(),
  definition: z.strictObject({ statement: z.string().min(1) }),
});

const identity = z.strictObject({
  type: z.literal('identity'),
  id: stixIdentifier('identity'),
  ...sdoCommon,
  // The organizer's identity is the author of everything else, not of itself; the platform's is its own.
  created_by_ref: stixIdentifier('identity').optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  roles: z.array(z.string().min(1)).min(1).optional(),
  identity_class: z.enum(['individual', 'group', 'system', 'organization', 'class', 'unknown']),
});
const report = z.strictObject({
  type: z.literal('report'),
  id: stixIdentifier('report'),
  ...sdoCommon,
  name: z.string().min(1),
  description: z.string().optional(),
  report_types: z.array(z.string()).min(1),
  published: stixTimestamp,
  object_refs: z.array(stixIdentifier()).min(1),
});
const observedData = z
  .strictObject({
    type: z.literal('observed-data'),
    id: stixIdentifier('observed-data'),
    ...sdoCommon,
    first_observed: stixTimestamp,
    last_observed: stixTimestamp,
    number_observed: z.number().int().min(1).max(999_999_999),
    object_refs: z.array(stixIdentifier()).min(1),
  })
  .refine((o) => Date.parse(o.first_observed) <= Date.parse(o.last_observed), 'last_observed before first_observed');
const note = z.strictObject({
  type: z.literal('note'),
  id: stixIdentifier('note'),
  ...sdoCommon,
  abstract: z.string().optional(),
  content: z.string().min(1),
  object_refs: z.array(stixIdentifier()).min(1),
});
const relationship = z.strictObject({
  type: z.literal('relationship'),
  id: stixIdentifier('relationship'),
  ...sdoCommon,
  relationship_type: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string().optional(),
  source_ref: stixIdentifier(),
  target_ref: stixIdentifier(),
});
const extensionDefinition = z.strictObject({
  type: z.literal('extension-definition'),
  id: stixIdentifier('extension-definition'),
  ...sdoCommon,
  name: z.string().min(1),
  description: z.string().optional(),
  schema: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  extension_types: z.array(z.enum(['new-sdo', 'new-sco', 'new-sro', 'property-extension', 'toplevel-property-extension'])).min(1),
});

const domainName = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;
const url = z.strictObject({ type: z.literal('url'), id: stixIdentifier('url'), ...scoCommon, value: z.string().refine((v) => URL.canParse(v), 'an absolute URL (RFC 3986)') });
const emailAddr = z.strictObject({ type: z.literal('email-addr'), id: stixIdentifier('email-addr'), ...scoCommon, value: z.string().regex(/^[^\s@]+@[^\s@]+$/) });
const domain = z.strictObject({ type: z.literal('domain-name'), id: stixIdentifier('domain-name'), ...scoCommon, value: z.string().regex(domainName) });
const userAccount = z
  .strictObject({
    type: z.literal('user-account'),
    id: stixIdentifier('user-account'),
    ...scoCommon,
    account_type: z.string().min(1).optional(),
    user_id: z.string().min(1).optional(),
    account_login: z.string().min(1).optional(),
  })
  .refine((a) => a.user_id !== undefined || a.account_login !== undefined, 'a user-account needs a user_id or an account_login');
const phoneNumber = z.strictObject({
  type: z.literal('x-actionday-phone-number'),
  id: stixIdentifier('x-actionday-phone-number'),
  ...scoCommon,
  value: z.string().regex(/^\+[1-9]\d{5,14}$/, 'E.164'),
  extensions: z.record(stixIdentifier('extension-definition'), z.strictObject({ extension_type: z.literal('new-sco') })).refine((e) => Object.keys(e).length === 1),
});

const BY_TYPE = {
  identity,
  report,
  'observed-data': observedData,
  note,
  relationship,
  'extension-definition': extensionDefinition,
  url,
  'email-addr': emailAddr,
  'domain-name': domain,
  'user-account': userAccount,
  'x-actionday-phone-number': phoneNumber,
} as const;
export type StixObjectFile = z.infer<(typeof BY_TYPE)[keyof typeof BY_TYPE] | typeof tlpMarking | typeof statementMarking>;

/** One object, checked against the schema of its type (an unknown type is refused), its errors named by its id. */
export const stixObjectSchema = z.unknown().transform((o, ctx): StixObjectFile => {
  const { type, id, definition_type } = (o ?? {}) as { type?: string; id?: string; definition_type?: string };
  const schema: z.ZodType | undefined =
    type === 'marking-definition' ? (definition_type === 'tlp' ? tlpMarking : statementMarking) : BY_TYPE[type as keyof typeof BY_TYPE];
  if (!schema) {
    ctx.addIssue({ code: 'custom', message: `${id ?? '?'}: the exports write no object of type ${type}` });
    return z.NEVER;
  }
  const result = schema.safeParse(o);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: `${id ?? type}: ${issue.path.join('.')}: ${issue.message}` });
    return z.NEVER;
  }
  return result.data as StixObjectFile;
});

const SCO_TYPES = new Set(['url', 'email-addr', 'domain-name', 'user-account', 'x-actionday-phone-number']);
const typeOf = (id: string) => id.slice(0, id.indexOf('--'));

export const stixBundleSchema = z
  .strictObject({
    type: z.literal('bundle'),
    id: stixIdentifier('bundle'),
    objects: z.array(stixObjectSchema).min(1),
  })
  .superRefine((bundle, ctx) => {
    const ids = new Map<string, StixObjectFile>();
    bundle.objects.forEach((o, i) => {
      if (ids.has(o.id)) ctx.addIssue({ code: 'custom', path: ['objects', i, 'id'], message: `${o.id} twice` });
      ids.set(o.id, o);
      if (typeOf(o.id) !== o.type) ctx.addIssue({ code: 'custom', path: ['objects', i, 'id'], message: 'id of another type' });
    });
    const resolve = (i: number, path: string, ref: string, allowed?: (type: string) => boolean) => {
      if (!ids.has(ref)) ctx.addIssue({ code: 'custom', path: ['objects', i, path], message: `${ref} is not in the bundle` });
      else if (allowed && !allowed(typeOf(ref))) ctx.addIssue({ code: 'custom', path: ['objects', i, path], message: `${ref} may not be referred to here` });
    };
    let reports = 0;
    // TLP:AMBER+STRICT is TLP:AMBER with a statement: never the statement alone.
    const strictStatements = new Set(bundle.objects.filter((o) => o.type === 'marking-definition' && o.definition_type === 'statement' && o.name === 'TLP:AMBER+STRICT').map((o) => o.id));
    bundle.objects.forEach((o, i) => {
      if ('object_marking_refs' in o && o.object_marking_refs.some((r) => strictStatements.has(r)) && !o.object_marking_refs.includes(STIX_TLP_MARKINGS.amber.id)) {
        ctx.addIssue({ code: 'custom', path: ['objects', i, 'object_marking_refs'], message: `${o.id}: the AMBER+STRICT statement without TLP:AMBER` });
      }
    });
    bundle.objects.forEach((o, i) => {
      if ('created' in o && 'modified' in o && Date.parse(o.modified) < Date.parse(o.created)) ctx.addIssue({ code: 'custom', path: ['objects', i, 'modified'], message: 'before created' });
      if ('created_by_ref' in o && o.created_by_ref) resolve(i, 'created_by_ref', o.created_by_ref);
      if ('object_marking_refs' in o) for (const ref of o.object_marking_refs) resolve(i, 'object_marking_refs', ref);
      if (o.type === 'report') {
        reports += 1;
        for (const ref of o.object_refs) resolve(i, 'object_refs', ref);
        const referred = new Set(o.object_refs);
        const unreferred = bundle.objects.filter((x) => x.type !== 'marking-definition' && x.id !== o.id && !referred.has(x.id));
        if (unreferred.length) ctx.addIssue({ code: 'custom', path: ['objects', i, 'object_refs'], message: `the report leaves out ${unreferred.map((x) => x.id).join(', ')}` });
      }
      if (o.type === 'observed-data') for (const ref of o.object_refs) resolve(i, 'object_refs', ref, (t) => SCO_TYPES.has(t) || t === 'relationship');
      if (o.type === 'note') for (const ref of o.object_refs) resolve(i, 'object_refs', ref);
      if (o.type === 'relationship') {
        const endpoint = (t: string) => !['relationship', 'marking-definition', 'extension-definition', 'bundle'].includes(t);
        resolve(i, 'source_ref', o.source_ref, endpoint);
        resolve(i, 'target_ref', o.target_ref, endpoint);
        if (o.source_ref === o.target_ref) ctx.addIssue({ code: 'custom', path: ['objects', i], message: 'a relationship of an object with itself' });
      }
      if (o.type === 'x-actionday-phone-number') {
        for (const ext of Object.keys(o.extensions)) {
          const def = ids.get(ext);
          if (!def || def.type !== 'extension-definition' || !def.extension_types.includes('new-sco')) ctx.addIssue({ code: 'custom', path: ['objects', i, 'extensions'], message: `${ext} is no new-sco extension definition in the bundle` });
        }
      }
    });
    if (reports !== 1) ctx.addIssue({ code: 'custom', path: ['objects'], message: `exactly one report, got ${reports}` });
  });
export type StixBundleFile = z.infer<typeof stixBundleSchema>;
