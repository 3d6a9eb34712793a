import { createHash, randomUUID } from 'node:crypto';
import { apiPaths, type ErrorBody, type Finding, type Publication, type Tallies, type Target } from '@actionday/contracts';
import { canonicalJson } from '../src/common/canonical-json';
import { EUROPEAN_SAMPLES } from './support/european-samples';
import { pdfText } from './support/pdf-text';
import { assign, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

/** Close, freeze and publish: what the organizers do at the end of the day, and what the public sees. */
describe('end of day: freeze and publish', () => {
  let t: TestApp;
  let s: Scenario;
  let secrets: string[];

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    const op = s.operation.id;
    // Personal data in every place it can live: target values, identifiers, aliases, notes, evidence.
    const site = await createTarget(t, s, { kind: 'platform', value: 'escort-secret.example', category: 'escort', tags: ['ukraine-related'] });
    const phone = await createTarget(t, s, { kind: 'phone', value: '+380 67 555 1234', category: 'escort', notes: 'tip from NGO hotline' });
    const [a, b] = await assign(t, s, s.teams.nl.id, [site.id, phone.id]);
    for (const target of [a, b]) {
      await expectStatus(t.patch<Target>(apiPaths.target(target.id), { status: 'done', outcome: 'suspicious', version: target.version }, s.officerNl.token), 200);
    }
    const victim = (alias: string, nationality: string, extra: Record<string, unknown> = {}) =>
      expectStatus(
        t.post<Finding>(
          apiPaths.findings(op),
          {
            clientId: randomUUID(),
            type: 'possible_victim',
            targetId: site.id,
            alias,
            nationality,
            identifiers: [{ kind: 'email', value: `${alias.toLowerCase()}@hidden-mail.example` }],
            evidence: [{ url: `https://escort-secret.example/ad/${alias}`, capturedAt: '2026-11-23T10:00:00Z', sha256: 'ab'.repeat(32) }],
            notes: `met ${alias} near the station`,
            ...extra,
          },
          s.officerNl.token,
        ),
        201,
      );
    for (const [alias, nat] of [['Oksana', 'UA'], ['Iryna', 'UA'], ['Mariya', 'UA'], ['Dana', 'RO']] as const) await victim(alias, nat);
    await expectStatus(
      t.post(apiPaths.findings(op), { clientId: randomUUID(), type: 'suspect', alias: 'Boris the Driver', nationality: 'MD', targetId: phone.id }, s.officerNl.token),
      201,
    );
    secrets = [
      'escort-secret',
      '555 1234',
      '+380675551234',
      'tip from NGO hotline',
      'Oksana',
      'Iryna',
      'Mariya',
      'Dana',
      'hidden-mail',
      'near the station',
      'ab'.repeat(32),
      'Boris',
      s.officerNl.email,
      s.teams.nl.name,
    ];
  });
  afterAll(() => t.close());

  const close = () => expectStatus(t.post(apiPaths.transitions(s.operation.id), { to: 'closed' }, s.organizer.token), 200);
  const publish = (body: Record<string, unknown>, token = s.organizer.token) =>
    t.post<Publication & ErrorBody>(apiPaths.publications(s.operation.id), body, token);

  it('refuses to publish before the day is closed', async () => {
    const res = await publish({ title: 'Too early', figures: ['suspects'] });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/close the operation/);
  });

  it('closing stores a snapshot whose SHA-256 anyone can check, and freezes every write with a 409', async () => {
    const readers = [s.coordinator.token, s.observer.token];
    const live = await Promise.all(readers.map((token) => expectStatus(t.get<Tallies>(apiPaths.tallies(s.operation.id), token), 200)));
    for (const l of live) expect(l).toMatchObject({ frozen: false, closedAt: null, snapshotSha256: null });
    await close();

    // Each member checks the figures they were given: the exact snapshot, or the one without
    // victim details, both hashed and recorded at close.
    const frozenViews: Tallies[] = [];
    for (const [i, token] of readers.entries()) {
      const frozen = await expectStatus(t.get<Tallies>(apiPaths.tallies(s.operation.id), token), 200);
      expect(frozen.frozen).toBe(true);
      expect(Date.parse(frozen.closedAt!)).toBeGreaterThan(Date.parse(s.operation.startsAt));
      expect(frozen.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
      const recomputed = createHash('sha256').update(canonicalJson({ ...frozen, snapshotSha256: null })).digest('hex');
      expect(recomputed).toBe(frozen.snapshotSha256);
      // The figures are the ones of the moment of closing; members without victim access get
      // the victim figures of a last release, made at close because enough victims changed.
      const withoutRelease = (x: Tallies) => ({ ...x, possibleVictims: null, victimRelease: null });
      if (i === 0) expect({ ...frozen, frozen: false, closedAt: null, snapshotSha256: null }).toEqual(live[i]);
      else expect(withoutRelease({ ...frozen, frozen: false, closedAt: null, snapshotSha256: null })).toEqual(withoutRelease(live[i]));
      frozenViews.push(frozen);
    }
    expect(frozenViews[1].possibleVictims).toEqual({ total: 4, minors: null, byNationality: { UA: 3 } });
    expect(frozenViews[1].victimRelease).toMatchObject({ releasedAt: frozenViews[1].closedAt, suppressBelow: 3 });

    const op = s.operation.id;
    const refused = [
      await t.post(apiPaths.targets(op), { kind: 'platform', value: 'late.example' }, s.coordinator.token),
      await t.post(apiPaths.findings(op), { clientId: randomUUID(), type: 'suspect' }, s.officerNl.token),
      await t.post(apiPaths.teams(op), { name: 'Late team' }, s.organizer.token),
      await t.post(apiPaths.indicators(op), { code: 'late_indicator', label: 'Late indicator' }, s.coordinator.token),
      await t.post(apiPaths.transitions(op), { to: 'live' }, s.organizer.token),
    ];
    expect(refused.map((r) => r.status)).toEqual([409, 409, 409, 409, 409]);
    const again = await expectStatus(t.get<Tallies>(apiPaths.tallies(op), s.observer.token), 200);
    expect(again).toEqual(frozenViews[1]);
    // The snapshot row itself cannot be changed by SQL: the application's role may not, and the
    // trigger refuses even the owner.
    const db = t.app.get((await import('typeorm')).DataSource);
    await expect(db.query(`UPDATE operation_snapshots SET body = '{}' WHERE operation_id = $1`, [op])).rejects.toThrow(/permission denied/);
    const owner = new (await import('pg')).Client({ connectionString: t.ownerUrl });
    await owner.connect();
    await expect(owner.query(`UPDATE operation_snapshots SET body = '{}' WHERE operation_id = $1`, [op])).rejects.toThrow(/immutable/).finally(() => owner.end());
  });

  it('refuses bad publications with a 4xx naming the problem, and changes nothing', async () => {
    const bad = async (body: Record<string, unknown>, status: number, path?: string) => {
      const res = await publish(body);
      expect(res.status).toBe(status);
      if (path) expect(res.body.details?.map((d) => d.path)).toContain(path);
    };
    await bad({ title: 'X', figures: ['suspects'], suppressBelow: 0 }, 400, 'suppressBelow');
    await bad({ title: 'X', figures: ['victims.secretCount'] }, 400, 'figures.0');
    await bad({ title: 'X', figures: [] }, 400, 'figures');
    await bad({ title: 'X', figures: ['suspects'], exact: ['possibleVictims.total'] }, 400, 'exact');
    await bad({ title: 'X', figures: ['suspects'], slug: 'Not A Slug!' }, 400, 'slug');
    await bad({ figures: ['suspects'] }, 400, 'title');
    expect((await publish({ title: 'X', figures: ['suspects'] }, s.coordinator.token)).status).toBe(403);
    const outsider = await t.user(`outsider.${randomUUID().slice(0, 8)}@test.example`, { canOrganize: true });
    expect((await publish({ title: 'X', figures: ['suspects'] }, outsider.token)).status).toBe(404);
    const list = await expectStatus(t.get<{ items: Publication[] }>(apiPaths.publications(s.operation.id), s.observer.token), 200);
    expect(list.items).toEqual([]);
  });

  it('publishes the chosen figures with small counts suppressed, drafts the text, and keeps the slug unique', async () => {
    const published = await expectStatus(
      publish({
        title: 'Joint action day against online trafficking',
        slug: 'jad-2026-11',
        figures: [
          'participants.experts',
          'participants.countries',
          'examined.platforms',
          'examined.communications',
          'suspects',
          'possibleVictims.total',
          'possibleVictims.byNationality',
          'examined.platforms.byTag',
        ],
      }),
      201,
    );
    const fig = (name: string) => published.figures.find((f) => f.name === name)!;
    expect(fig('possibleVictims.total')).toMatchObject({ value: 4, display: '4' });
    expect(fig('possibleVictims.byNationality').breakdown).toEqual([
      { key: 'UA', value: 3, display: '3' },
      { key: 'other', value: null, display: '<3' },
    ]);
    // One suspect, one platform: both below 3, both suppressed.
    expect(fig('suspects')).toMatchObject({ value: null, display: '<3' });
    expect(fig('examined.platforms')).toMatchObject({ value: null, display: '<3' });
    expect(fig('participants.experts')).toMatchObject({ value: 4, display: '4' });
    expect(published.text).toMatch(/^On 23 November 2026, 4 experts from fewer than 3 countries took part in a joint action day/);
    expect(published.text).toContain('4 possible victims (3 from UA and fewer than 3 from other countries)');
    expect(published.text).toContain('fewer than 3 suspects');

    // The organizer may publish a small count on purpose; the threshold is theirs to raise.
    const exact = await expectStatus(
      publish({ title: 'Joint action day against online trafficking', figures: ['suspects', 'possibleVictims.total'], exact: ['suspects'], suppressBelow: 5, text: 'Our own words.' }),
      201,
    );
    expect(exact.slug).toBe('joint-action-day-against-online-trafficking-2026-11-23');
    expect(exact.figures).toEqual([
      expect.objectContaining({ name: 'suspects', value: 1, display: '1' }),
      expect.objectContaining({ name: 'possibleVictims.total', value: null, display: '<5' }),
    ]);
    expect(exact.text).toBe('Our own words.');
    const third = await expectStatus(publish({ title: 'Joint action day against online trafficking', figures: ['suspects'] }), 201);
    expect(third.slug).toBe('joint-action-day-against-online-trafficking-2026-11-23-2');

    const taken = await publish({ title: 'Another', slug: 'jad-2026-11', figures: ['suspects'] });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toContain('/p/jad-2026-11');

    const list = await expectStatus(t.get<{ items: Publication[] }>(apiPaths.publications(s.operation.id), s.observer.token), 200);
    expect(list.items.map((p) => p.slug)).toEqual(['jad-2026-11', exact.slug, third.slug]);
  });

  it('serves publications without login as JSON, CSV and PDF, and 404 for anything unpublished', async () => {
    const json = await t.get<Publication>(apiPaths.publicPublication('jad-2026-11'));
    expect(json.status).toBe(200);
    expect(json.body.title).toBe('Joint action day against online trafficking');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await t.get(apiPaths.publicPublication('jad-2026-11', 'json'))).body).toEqual(json.body);

    const csv = await t.get<string>(apiPaths.publicPublication('jad-2026-11', 'csv'));
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')).toEqual(
      expect.arrayContaining(['figure,label,key,value', 'possibleVictims.byNationality,Possible victims by nationality,other,<3', 'suspects,Suspects identified,,<3']),
    );

    const pdf = await fetch(t.baseUrl + apiPaths.publicPublication('jad-2026-11', 'pdf'));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(bytes)).toContain('Joint action day against online trafficking');

    for (const path of [
      apiPaths.publicPublication('never-published'),
      apiPaths.publicPublication('jad-2026-11', 'json').replace('.json', '.xml'),
      apiPaths.publicPublication(s.operation.id),
      `${apiPaths.publicPublication('x')}/..`,
    ]) {
      const res = await t.get<ErrorBody>(path);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(s.operation.id);
    }
  });

  it('no alias, identifier, note, evidence value or name of the operation appears in any public output', async () => {
    const list = await expectStatus(t.get<{ items: Publication[] }>(apiPaths.publications(s.operation.id), s.observer.token), 200);
    expect(list.items.length).toBe(3);
    const outputs: string[] = [];
    for (const p of list.items) {
      for (const format of ['json', 'csv'] as const) outputs.push(JSON.stringify((await t.get(apiPaths.publicPublication(p.slug, format))).body));
      const pdf = Buffer.from(await (await fetch(t.baseUrl + apiPaths.publicPublication(p.slug, 'pdf'))).arrayBuffer());
      outputs.push(pdfText(pdf), pdf.toString('latin1'));
    }
    // The checks can see: the published figures and title are there.
    expect(outputs.join('\n')).toContain('Possible victims');
    for (const secret of [...secrets, s.operation.id, s.organizer.email]) {
      for (const out of outputs) expect(out.includes(secret) ? `${secret} in ${out.slice(0, 80)}` : null).toBeNull();
    }
  });

  it('prints a published title in any European script in its public PDF', async () => {
    const title = `${EUROPEAN_SAMPLES.uk}: ${EUROPEAN_SAMPLES.el}`;
    const published = await expectStatus(publish({ title, figures: ['suspects'] }), 201);
    const pdf = Buffer.from(await (await fetch(t.baseUrl + apiPaths.publicPublication(published.slug, 'pdf'))).arrayBuffer());
    expect(pdfText(pdf)).toContain(title);
    expect(pdfText(pdf)).not.toContain('?');
  });
});
