import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { apiPaths, LIMITS, type ErrorBody, type Finding, type Operation, type Tallies } from '@actionday/contracts';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../src/database/data-source';
import { OperationTlp1764576000000 } from '../src/database/migrations/1764576000000-operation-tlp';
import { ExportsService } from '../src/exports/exports.service';
import { mispEventSchema, stixBundleSchema, STIX_TLP_MARKINGS, type MispEventFile } from './support/cti-schemas';
import { adminQuery, withDatabase } from './support/database';
import { type Actor, assign, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

/** Restricted values of the possible victim, each found nowhere else in the files. */
const CANARIES = {
  alias: /CANARY-ALIAS-Mira/,
  notes: /CANARY-VICTIM-NOTES/,
  evidence: /CANARY-EVIDENCE|c0ffeec0ffee/,
  phone: /\+31611112222/,
  email: /canary\.victim@mail\.example/,
  nationality: /\bKZ\b/,
  indicator: /visibly_very_young/,
  age: /Estimated age: 15-17/,
  minor: /Minor: yes|actionday:minor/,
} as const;
const ALIAS = 'CANARY-ALIAS-Mira';
const EMAIL = 'canary.victim@mail.example';

/**
 * The MISP and STIX exports for the investigating countries' systems: valid in both formats,
 * filtered by role exactly like the lists (a possible victim's details only for those the policy
 * table gives them to), the same bytes for a closed operation, named by its snapshot, marked
 * with the operation's TLP, audited, and 404 for anyone outside the operation.
 */
describe('exports: MISP event and STIX 2.1 bundle', () => {
  let t: TestApp;
  let s: Scenario;
  let victim: Finding;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    const op = s.operation.id;
    const site = await createTarget(t, s, { kind: 'platform', value: 'cti-site.example', category: 'escort', tags: ['ukraine-related'] });
    await createTarget(t, s, { kind: 'username', value: '@Recruiter', platform: 'instagram.com' });
    await assign(t, s, s.teams.nl.id, [site.id]);
    victim = await expectStatus(
      t.post<Finding>(
        apiPaths.findings(op),
        {
          clientId: randomUUID(),
          type: 'possible_victim',
          targetId: site.id,
          alias: ALIAS,
          nationality: 'KZ',
          ageMin: 15,
          ageMax: 17,
          minor: true,
          identifiers: [
            { kind: 'phone', value: '+31 6 1111 2222' },
            { kind: 'email', value: EMAIL },
            { kind: 'phone', value: '+31 6 9999 0000' },
          ],
          indicators: ['visibly_very_young'],
          evidence: [{ url: 'https://evidence.example/CANARY-EVIDENCE', capturedAt: '2026-11-23T10:00:00Z', sha256: 'c0ffee'.repeat(10) + 'c0de' }],
          notes: 'CANARY-VICTIM-NOTES',
        },
        s.officerNl.token,
      ),
      201,
    );
    // Another team logs a suspect with one of her numbers (a match), and a link to her.
    const suspect = await expectStatus(
      t.post<Finding>(
        apiPaths.findings(op),
        {
          clientId: randomUUID(),
          type: 'suspect',
          alias: 'Boss',
          nationality: 'MD',
          identifiers: [
            { kind: 'phone', value: '+31 6 9999 0000' },
            { kind: 'username', value: 'recruiter', platform: 'instagram.com' },
            { kind: 'messaging', value: 't.me/bossman' },
          ],
          notes: 'answers for three ads',
        },
        s.officerUa.token,
      ),
      201,
    );
    await expectStatus(t.post(apiPaths.findings(op), { clientId: randomUUID(), type: 'link', fromFindingId: suspect.id, toFindingId: victim.id, reason: 'same number' }, s.officerUa.token), 201);
    await expectStatus(
      t.post(apiPaths.findings(op), { clientId: randomUUID(), type: 'site_assessment', targetId: site.id, siteName: 'CTI site', url: 'https://cti-site.example/', category: 'escort', adCount: 40 }, s.officerNl.token),
      201,
    );
  });
  afterAll(() => t.close());

  const download = async (path: string, who: Actor | null) => {
    const res = await fetch(t.baseUrl + path, { headers: who ? { authorization: `Bearer ${who.token}` } : {} });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const both = (opId: string) => [apiPaths.mispExport(opId), apiPaths.stixExport(opId)];
  type Read = { action: string; actor_id: string; details: string };
  const readsBy = async (operationId: string, actorIds: string[]): Promise<Read[]> =>
    t.app.get(DataSource).query(`SELECT action, actor_id, details FROM audit_log WHERE operation_id = $1 AND entity_type = 'read' AND actor_id = ANY($2) ORDER BY seq`, [operationId, actorIds]);
  /** A member of their own, whose reads nothing else records. */
  const reader = async (operationId: string, organizer: Actor, role: string, teamId?: string) => {
    const actor = await t.user(`reader.${randomUUID().slice(0, 8)}@test.example`);
    await expectStatus(t.post(apiPaths.members(operationId), { email: actor.email, role, teamId }, organizer.token), 201);
    return actor;
  };
  /**
   * Holds the next loading of a MISP or STIX export (ExportsService.ctiInput) until `release`;
   * `entered` resolves once it started. Later loadings pass; `loads` counts them all.
   */
  const holdNextLoad = () => {
    const service = t.app.get(ExportsService);
    const original = service.ctiInput;
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started = new Promise<void>((r) => (entered = r));
    const state = { loads: 0, entered: started, release: () => release(), restore: () => (service.ctiInput = original) };
    service.ctiInput = async (...args) => {
      state.loads += 1;
      if (state.loads === 1) {
        entered();
        await gate;
      }
      return original.apply(service, args);
    };
    return state;
  };
  const ownerQuery = async (sql: string, params: unknown[]) => {
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      return await owner.query(sql, params);
    } finally {
      await owner.end();
    }
  };

  it('serves both as valid documents of their formats, to every member, as downloads never cached', async () => {
    for (const who of [s.organizer, s.coordinator, s.officerNl, s.officerUa, s.observer]) {
      const misp = await download(apiPaths.mispExport(s.operation.id), who);
      expect(misp.res.status).toBe(200);
      expect(misp.res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(misp.res.headers.get('content-disposition')).toMatch(/^attachment; filename="jad-test-misp-\d{4}-\d{2}-\d{2}\.json"$/);
      expect(misp.res.headers.get('cache-control')).toBe('no-store');
      const event = mispEventSchema.parse(JSON.parse(misp.bytes.toString('utf8')));
      expect(event.Event.Tag.map((tag) => tag.name)).toContain('tlp:amber');

      const stix = await download(apiPaths.stixExport(s.operation.id), who);
      expect(stix.res.status).toBe(200);
      expect(stix.res.headers.get('content-disposition')).toMatch(/filename="jad-test-stix-\d{4}-\d{2}-\d{2}\.json"$/);
      const bundle = stixBundleSchema.parse(JSON.parse(stix.bytes.toString('utf8')));
      expect(bundle.objects.find((o) => o.type === 'report')?.object_marking_refs).toEqual([STIX_TLP_MARKINGS.amber.id]);
      // The open operation says it is live, and names no snapshot.
      expect(misp.bytes.toString()).toContain('Live operation (live)');
      expect(stix.bytes.toString()).toContain('Live operation: no snapshot yet.');
    }
  });

  it("gives the organizer, a coordinator and the victim's own team her details", async () => {
    for (const who of [s.organizer, s.coordinator, s.officerNl]) {
      for (const path of both(s.operation.id)) {
        const text = (await download(path, who)).bytes.toString('utf8');
        for (const [name, canary] of Object.entries(CANARIES)) expect({ path, name, found: canary.test(text) }).toEqual({ path, name, found: true });
      }
    }
  });

  it("withholds them from the observer and the officer of another team, in the raw bytes: she is only a possible victim logged by her team", async () => {
    for (const who of [s.observer, s.officerUa]) {
      for (const path of both(s.operation.id)) {
        const text = (await download(path, who)).bytes.toString('utf8');
        for (const [name, canary] of Object.entries(CANARIES)) expect({ path, name, found: canary.test(text) }).toEqual({ path, name, found: false });
        // Nor the target she was logged on, nor the e-mail's local part, nor her age in any form.
        expect(text).not.toMatch(/1111 ?2222|canary\.victim|"ageM(in|ax)"|"minor":true|CANARY/);
        expect(text).toContain(`Possible victim ${victim.id.slice(0, 8)}`);
        expect(text).toContain('Details withheld from this export');
      }
    }
    // The officer of the linking team still sees the match on the number her team holds itself.
    const ua = (await download(apiPaths.mispExport(s.operation.id), s.officerUa)).bytes.toString('utf8');
    expect(ua).toContain('+31699990000');
    const observer = (await download(apiPaths.mispExport(s.operation.id), s.observer)).bytes.toString('utf8');
    expect(observer).toContain('(the identifier is withheld from this export)');
    // Observers get no notes of anyone.
    expect(observer).not.toContain('answers for three ads');
  });

  it('records each download as a read of personal data', async () => {
    const db = t.app.get(DataSource);
    // Readers of their own, so that the reads still being recorded for the downloads above do not count.
    const join = async (role: string, teamId?: string) => {
      const actor = await t.user(`reader.${randomUUID().slice(0, 8)}@test.example`);
      await expectStatus(t.post(apiPaths.members(s.operation.id), { email: actor.email, role, teamId }, s.organizer.token), 201);
      return actor;
    };
    const officer = await join('officer', s.teams.ua.id);
    const observer = await join('observer');
    const reads = async () =>
      (await db.query(`SELECT action, actor_id, details FROM audit_log WHERE operation_id = $1 AND entity_type = 'read' AND actor_id = ANY($2) ORDER BY seq`, [
        s.operation.id,
        [officer.id, observer.id],
      ])) as { action: string; actor_id: string; details: string }[];
    const misp = await download(apiPaths.mispExport(s.operation.id), officer);
    await download(apiPaths.stixExport(s.operation.id), observer);
    let added = await reads();
    for (let i = 0; i < 100 && added.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      added = await reads();
    }
    expect(added.map((r) => [r.action, r.actor_id])).toEqual([
      ['export.misp', officer.id],
      ['export.stix', observer.id],
    ]);
    expect(JSON.parse(added[0].details)).toMatchObject({ file: 'misp.json', role: 'officer', findings: 4, targets: 2, bytes: misp.bytes.length });
    expect(JSON.parse(added[0].details).matches).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(added[1].details)).toMatchObject({ file: 'stix.json', role: 'observer', findings: 4 });
  });

  it('gives a closed operation the same bytes on every download, named by the hash of its close snapshot', async () => {
    const other = await scenario(t);
    await createTarget(t, other, { kind: 'phone', value: '+31 6 5555 0000' });
    await expectStatus(
      t.post(apiPaths.findings(other.operation.id), { clientId: randomUUID(), type: 'suspect', alias: 'Closer', identifiers: [{ kind: 'phone', value: '+31 6 5555 0000' }] }, other.officerNl.token),
      201,
    );
    await expectStatus(t.post(apiPaths.findings(other.operation.id), { clientId: randomUUID(), type: 'possible_victim', alias: 'Frozen' }, other.officerUa.token), 201);
    await expectStatus(t.post(apiPaths.transitions(other.operation.id), { to: 'closed' }, other.organizer.token), 200);
    for (const who of [other.organizer, other.observer]) {
      const { snapshotSha256 } = await expectStatus(t.get<Tallies>(apiPaths.tallies(other.operation.id), who.token), 200);
      expect(snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
      for (const path of both(other.operation.id)) {
        const first = await download(path, who);
        const second = await download(path, who);
        expect(second.bytes.equals(first.bytes)).toBe(true);
        expect(second.res.headers.get('content-disposition')).toBe(first.res.headers.get('content-disposition'));
        expect(first.bytes.toString('utf8')).toContain(snapshotSha256!);
        expect(first.bytes.toString('utf8')).not.toContain('Live operation');
      }
      const bundle = stixBundleSchema.parse(JSON.parse((await download(apiPaths.stixExport(other.operation.id), who)).bytes.toString('utf8')));
      const report = bundle.objects.find((o) => o.type === 'report');
      expect(report?.type === 'report' && report.external_references).toContainEqual(expect.objectContaining({ hashes: { 'SHA-256': snapshotSha256 } }));
      const event = mispEventSchema.parse(JSON.parse((await download(apiPaths.mispExport(other.operation.id), who)).bytes.toString('utf8')));
      expect(event.Event.Attribute).toContainEqual(expect.objectContaining({ category: 'Internal reference', value: snapshotSha256 }));
      expect(event.Event.analysis).toBe('2');
    }
    // Two members' events are two events: a MISP instance that imported the organizer's never
    // takes the observer's (other attributes, same times) for the same one, unchanged.
    const events: MispEventFile['Event'][] = [];
    for (const who of [other.organizer, other.observer]) events.push(mispEventSchema.parse(JSON.parse((await download(apiPaths.mispExport(other.operation.id), who)).bytes.toString('utf8'))).Event);
    expect(events[1].uuid).not.toBe(events[0].uuid);
    const uuids = (e: (typeof events)[number]) => [e.uuid, ...e.Attribute.map((a) => a.uuid), ...e.Object.flatMap((o) => [o.uuid, ...o.Attribute.map((a) => a.uuid)])];
    expect(uuids(events[1]).filter((u) => uuids(events[0]).includes(u))).toEqual([]);
  });

  it('marks both with the TLP level an organizer sets, at creation or while planned or live, never after closing', async () => {
    const other = await scenario(t, { live: false });
    const path = apiPaths.operation(other.operation.id);
    expect(other.operation.tlp).toBe('amber');
    const stale = await t.patch<ErrorBody>(path, { tlp: 'red', version: other.operation.version + 5 }, other.organizer.token);
    expect(stale.status).toBe(409);
    expect((await t.patch(path, { tlp: 'red', version: other.operation.version }, other.coordinator.token)).status).toBe(403);
    expect((await t.patch(path, { tlp: 'purple', version: other.operation.version }, other.organizer.token)).status).toBe(400);
    const red = await expectStatus(t.patch<Operation>(path, { tlp: 'red', version: other.operation.version }, other.organizer.token), 200);
    expect(red).toMatchObject({ tlp: 'red', version: other.operation.version + 1 });
    expect((await expectStatus(t.get<Operation>(path, other.observer.token), 200)).tlp).toBe('red');
    const misp = mispEventSchema.parse(JSON.parse((await download(apiPaths.mispExport(other.operation.id), other.observer)).bytes.toString('utf8')));
    expect(misp.Event.Tag.filter((tag) => tag.name.startsWith('tlp:')).map((tag) => tag.name)).toEqual(['tlp:red']);
    const stix = stixBundleSchema.parse(JSON.parse((await download(apiPaths.stixExport(other.operation.id), other.observer)).bytes.toString('utf8')));
    for (const o of stix.objects) {
      // Everything but the platform's own definitions (public, TLP:WHITE).
      const platforms = o.type === 'extension-definition' || (o.type === 'identity' && o.identity_class === 'system');
      if ('object_marking_refs' in o) expect(o.object_marking_refs).toEqual([platforms ? STIX_TLP_MARKINGS.white.id : STIX_TLP_MARKINGS.red.id]);
    }

    const strict = await expectStatus(t.patch<Operation>(path, { tlp: 'amber+strict', version: red.version }, other.organizer.token), 200);
    await expectStatus(t.post(apiPaths.transitions(other.operation.id), { to: 'live' }, other.organizer.token), 200);
    await expectStatus(t.post(apiPaths.transitions(other.operation.id), { to: 'closed' }, other.organizer.token), 200);
    const closed = await expectStatus(t.get<Operation>(path, other.organizer.token), 200);
    expect(closed.tlp).toBe('amber+strict');
    expect((await t.patch(path, { tlp: 'clear', version: closed.version }, other.organizer.token)).status).toBe(409);
    expect(strict.tlp).toBe('amber+strict');

    // Given at creation.
    const created = await expectStatus(
      t.post<Operation>(
        apiPaths.operations,
        { name: 'Green day', kind: 'hackathon', startsAt: '2026-11-23T06:00:00Z', endsAt: '2026-11-24T20:00:00Z', timezone: 'Europe/Vienna', countries: ['AT'], tlp: 'green' },
        other.organizer.token,
      ),
      201,
    );
    expect(created.tlp).toBe('green');
  });

  it("marks a possible victim's records at least TLP:AMBER+STRICT when the operation is TLP:CLEAR", async () => {
    const other = await scenario(t);
    const { version } = await expectStatus(t.get<Operation>(apiPaths.operation(other.operation.id), other.organizer.token), 200);
    const clear = await expectStatus(t.patch<Operation>(apiPaths.operation(other.operation.id), { tlp: 'clear', version }, other.organizer.token), 200);
    expect(clear.tlp).toBe('clear');
    await expectStatus(
      t.post(
        apiPaths.findings(other.operation.id),
        { clientId: randomUUID(), type: 'possible_victim', alias: 'CLEAR-ALIAS-Ana', ageMin: 14, ageMax: 16, minor: true, identifiers: [{ kind: 'email', value: 'clear.victim@mail.example' }] },
        other.officerNl.token,
      ),
      201,
    );
    await expectStatus(t.post(apiPaths.findings(other.operation.id), { clientId: randomUUID(), type: 'suspect', alias: 'CLEAR-Boss', identifiers: [{ kind: 'email', value: 'boss@mail.example' }] }, other.officerUa.token), 201);
    const strict = [STIX_TLP_MARKINGS.amber.id, expect.stringMatching(/^marking-definition--/)];
    for (const who of [other.coordinator, other.officerNl, other.observer]) {
      const event = mispEventSchema.parse(JSON.parse((await download(apiPaths.mispExport(other.operation.id), who)).bytes.toString('utf8'))).Event;
      expect(event.Tag.filter((tag) => tag.name.startsWith('tlp:')).map((tag) => tag.name)).toEqual(['tlp:clear']);
      const tlpOf = (a: { Tag?: { name: string }[] }) => (a.Tag ?? []).map((tag) => tag.name).filter((n) => n.startsWith('tlp:'));
      const her = event.Object.filter((o) => o.comment.startsWith('Possible victim'));
      expect(her).toHaveLength(1);
      for (const a of her[0].Attribute) expect({ relation: a.object_relation, tlp: tlpOf(a) }).toEqual({ relation: a.object_relation, tlp: ['tlp:amber+strict'] });
      const attributes = [...event.Attribute, ...event.Object.flatMap((o) => o.Attribute)];
      for (const a of attributes.filter((x) => /CLEAR-ALIAS|clear\.victim|Estimated age|actionday:minor/.test(JSON.stringify(x)))) expect(tlpOf(a)).toEqual(['tlp:amber+strict']);
      expect(tlpOf(attributes.find((a) => a.value === 'boss@mail.example')!)).toEqual([]);

      const bundle = stixBundleSchema.parse(JSON.parse((await download(apiPaths.stixExport(other.operation.id), who)).bytes.toString('utf8')));
      const victims = bundle.objects.filter((o) => o.type === 'identity' && o.roles?.includes('possible-victim'));
      expect(victims).toHaveLength(1);
      for (const o of bundle.objects.filter((x) => x.id === victims[0].id || /CLEAR-ALIAS|clear\.victim|Estimated age|actionday:minor/.test(JSON.stringify(x)))) {
        expect({ id: o.id, refs: 'object_marking_refs' in o ? o.object_marking_refs : null }).toEqual({ id: o.id, refs: strict });
      }
      const boss = bundle.objects.find((o) => o.type === 'identity' && o.name === 'CLEAR-Boss');
      expect(boss && 'object_marking_refs' in boss && boss.object_marking_refs).toEqual([STIX_TLP_MARKINGS.white.id]);
      expect(bundle.objects.find((o) => o.type === 'report')?.object_marking_refs).toEqual([STIX_TLP_MARKINGS.white.id]);
    }
  });

  it('refuses an operation with more records than one file may hold (413, naming the limit and the streamed exports) before loading anything', async () => {
    const other = await scenario(t);
    // One more than the limit, loaded by SQL; times in milliseconds, as the API writes them (the
    // lists' cursors hold milliseconds: rows sharing one microsecond time would never page on).
    await ownerQuery(
      `INSERT INTO targets (operation_id, kind, value, normalized, created_at, updated_at)
       SELECT $1, 'platform', 'many-' || g || '.example', 'many-' || g || '.example', x.at, x.at
         FROM generate_series(1, $2::int) AS g, LATERAL (SELECT date_trunc('milliseconds', now()) + g * interval '1 millisecond' AS at) x`,
      [other.operation.id, LIMITS.ctiExportRecords + 1],
    );
    const held = holdNextLoad();
    try {
      held.release();
      for (const who of [other.observer, other.coordinator]) {
        for (const path of both(other.operation.id)) {
          const res = await t.get<ErrorBody>(path, who.token);
          expect(res.status).toBe(413);
          expect(res.body.error).toBe('Payload Too Large');
          expect(res.body.message).toContain(`at most ${LIMITS.ctiExportRecords}`);
          expect(res.body.message).toMatch(/targets\.csv.*findings\.json/);
          expect((await fetch(t.baseUrl + path, { method: 'HEAD', headers: { authorization: `Bearer ${who.token}` } })).status).toBe(413);
        }
      }
      // Nothing was loaded or built, nothing was recorded as read.
      expect(held.loads).toBe(0);
      expect(await readsBy(other.operation.id, [other.observer.id, other.coordinator.id])).toEqual([]);
    } finally {
      held.restore();
    }
    // The streamed exports still serve it.
    expect((await download(apiPaths.targetsExportFile(other.operation.id, 'csv'), other.observer)).res.status).toBe(200);
    // At the limit exactly, the file is made.
    await ownerQuery(`DELETE FROM targets WHERE id = (SELECT id FROM targets WHERE operation_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1)`, [other.operation.id]);
    const misp = await download(apiPaths.mispExport(other.operation.id), other.observer);
    expect(misp.res.status).toBe(200);
    expect(mispEventSchema.parse(JSON.parse(misp.bytes.toString('utf8'))).Event.Attribute.length).toBeGreaterThanOrEqual(LIMITS.ctiExportRecords);
  });

  it('makes one file at a time per operation on an instance: a second request meanwhile gets 429 with Retry-After', async () => {
    const held = holdNextLoad();
    try {
      const first = download(apiPaths.mispExport(s.operation.id), s.coordinator);
      await held.entered;
      for (const path of both(s.operation.id)) {
        const busy = await t.get<ErrorBody>(path, s.observer.token);
        expect(busy.status).toBe(429);
        expect(busy.headers.get('retry-after')).toBe('5');
        expect(busy.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('ask again in 5 seconds') });
      }
      // Another operation is not held up.
      const elsewhere = await scenario(t);
      expect((await download(apiPaths.stixExport(elsewhere.operation.id), elsewhere.observer)).res.status).toBe(200);
      held.release();
      expect((await first).res.status).toBe(200);
      expect((await download(apiPaths.stixExport(s.operation.id), s.observer)).res.status).toBe(200);
    } finally {
      held.release();
      held.restore();
    }
  });

  it('records a HEAD request as no read (nothing is built), and a download the client left before it finished as incomplete', async () => {
    const head = await reader(s.operation.id, s.organizer, 'coordinator');
    const held = holdNextLoad();
    try {
      held.release();
      for (const path of both(s.operation.id)) {
        const res = await fetch(t.baseUrl + path, { method: 'HEAD', headers: { authorization: `Bearer ${head.token}` } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="jad-test-(misp|stix)-\d{4}-\d{2}-\d{2}\.json"$/);
        expect((await res.arrayBuffer()).byteLength).toBe(0);
      }
      expect(held.loads).toBe(0);
    } finally {
      held.restore();
    }

    // The client goes away while the file is being made: it is sent to no one.
    const gone = await reader(s.operation.id, s.organizer, 'coordinator');
    const held2 = holdNextLoad();
    try {
      const url = new URL(t.baseUrl + apiPaths.mispExport(s.operation.id));
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { authorization: `Bearer ${gone.token}` } });
      req.on('error', () => undefined);
      req.end();
      await held2.entered;
      req.destroy();
      await new Promise((r) => setTimeout(r, 300));
      held2.release();
      let reads: Read[] = [];
      for (let i = 0; i < 100 && reads.length < 1; i++) {
        await new Promise((r) => setTimeout(r, 20));
        reads = await readsBy(s.operation.id, [gone.id]);
      }
      expect(reads).toHaveLength(1);
      expect(JSON.parse(reads[0].details)).toMatchObject({ file: 'misp.json', complete: false });
    } finally {
      held2.release();
      held2.restore();
    }
    // A whole download is complete; the HEAD requests left no trace.
    await download(apiPaths.stixExport(s.operation.id), head);
    let reads: Read[] = [];
    for (let i = 0; i < 100 && reads.length < 1; i++) {
      await new Promise((r) => setTimeout(r, 20));
      reads = await readsBy(s.operation.id, [head.id]);
    }
    expect(reads.map((r) => [r.action, JSON.parse(r.details).complete])).toEqual([['export.stix', true]]);
  });

  it('is 404 for anyone outside the operation, 401 without a token', async () => {
    const stranger = await t.user(`stranger.${randomUUID().slice(0, 8)}@test.example`);
    const elsewhere = await scenario(t);
    for (const path of [...both(s.operation.id), `${apiPaths.operation(s.operation.id)}/exports/foo.xml`]) {
      for (const who of [stranger, elsewhere.organizer]) {
        const res = await t.get<ErrorBody>(path, who.token);
        expect(res.status).toBe(404);
        expect(res.body.message).toBe('operation not found');
      }
      expect((await t.get(path)).status).toBe(401);
    }
    expect((await t.get(apiPaths.mispExport('not-a-uuid'), s.organizer.token)).status).toBe(404);
  });

  it('answers a member asking for a file that does not exist with the list of those that do', async () => {
    for (const who of [s.observer, s.organizer]) {
      const res = await t.get<ErrorBody>(`${apiPaths.operation(s.operation.id)}/exports/foo.xml`, who.token);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'unknown export "foo.xml"; the exports are: findings.csv, findings.json, targets.csv, targets.json, report.pdf, misp.json, stix.json',
      });
    }
  });
});

describe('migration 1764576000000-operation-tlp', () => {
  const server = process.env.ACTIONDAY_TEST_SERVER_URL as string;
  const name = `actionday_tlp_${process.pid}_${Date.now().toString(36)}`;
  const url = withDatabase(server, name);

  beforeAll(() => adminQuery(server, `CREATE DATABASE ${name}`));
  afterAll(() => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('gives existing operations amber, refuses a level TLP 2.0 does not have, and undoes cleanly', async () => {
    const open = async (migrations: typeof MIGRATIONS) => {
      const ds = new DataSource({ ...dataSourceOptions(url, 1), migrations });
      await ds.initialize();
      await ds.runMigrations();
      return ds;
    };
    const before = await open(MIGRATIONS.slice(0, MIGRATIONS.indexOf(OperationTlp1764576000000)));
    const [{ id }] = await before.query(
      `INSERT INTO operations (name, kind, starts_at, ends_at, timezone, countries) VALUES ('old', 'mapping', now(), now() + interval '1 day', 'UTC', '{NL}') RETURNING id`,
    );
    await before.destroy();
    const after = await open(MIGRATIONS);
    try {
      expect(await after.query(`SELECT tlp FROM operations WHERE id = $1`, [id])).toEqual([{ tlp: 'amber' }]);
      await expect(after.query(`UPDATE operations SET tlp = 'white' WHERE id = $1`, [id])).rejects.toThrow(/operations_tlp_check/);
      await after.query(`UPDATE operations SET tlp = 'amber+strict' WHERE id = $1`, [id]);
      for (let i = MIGRATIONS.indexOf(OperationTlp1764576000000); i < MIGRATIONS.length; i++) await after.undoLastMigration();
      expect((await after.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'operations' AND column_name = 'tlp'`)).length).toBe(0);
      await after.runMigrations();
      expect(await after.query(`SELECT tlp FROM operations WHERE id = $1`, [id])).toEqual([{ tlp: 'amber' }]);
    } finally {
      await after.destroy();
    }
  });
});
