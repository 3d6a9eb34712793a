import { randomUUID } from 'node:crypto';
import { apiPaths, type ErrorBody, type Finding, type Indicator, type LiveEvent, type Page, type Tallies } from '@actionday/contracts';
import { createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { type LiveClient, TestApp } from './support/test-app';

const SHA = 'ab'.repeat(32);

describe('findings: every type, the indicator catalogue, evidence and review', () => {
  let t: TestApp;
  let s: Scenario;
  let coordinatorLive: LiveClient;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    coordinatorLive = await t.live(s.coordinator.token);
    await coordinatorLive.subscribe(s.operation.id);
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>, token = s.officerNl.token) =>
    t.post<Finding & ErrorBody>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), ...body }, token);
  const log = (body: Record<string, unknown>, token = s.officerNl.token) => expectStatus(post(body, token), 201);
  const tallies = () => expectStatus(t.get<Tallies>(apiPaths.tallies(s.operation.id), s.coordinator.token), 200);
  const countFindings = async () =>
    (await expectStatus(t.get<Page<Finding>>(`${apiPaths.findings(s.operation.id)}?limit=500`, s.coordinator.token), 200)).items.length;

  it('stores a full OSCE site assessment with identifiers, indicators and evidence', async () => {
    const target = await createTarget(t, s, { kind: 'platform', value: 'https://escort-guide.example', country: 'NL', category: 'escort' });
    const body = {
      type: 'site_assessment',
      targetId: target.id,
      siteName: 'Escort Guide',
      url: 'https://escort-guide.example/listings',
      category: 'escort',
      adCount: 1250,
      recentActivity: 'high',
      services: 'escort, massage',
      priceRange: 'EUR 50-150',
      geographicScope: 'international',
      advertisedOrigin: 'foreign',
      advertisedOrigins: ['UA', 'MD', 'RO'],
      language: 'en',
      adSpace: 'rented',
      companyAffiliation: 'Guide Media Ltd',
      lingo: 'new girl, just arrived',
      mirrors: ['https://escort-guide2.example', 'https://eg-mirror.example'],
      identifiers: [{ kind: 'email', value: 'Ads@Escort-Guide.example' }],
      indicators: ['lingo_new_arrival', 'multi_country_ads'],
      evidence: [{ url: 'https://escort-guide.example/listings', fileName: 'capture.png', size: 48213, capturedAt: '2026-11-23T09:14:00Z', sha256: SHA.toUpperCase() }],
      notes: 'Rotating ads, same phone in many of them.',
    };
    const finding = await log(body);
    const { type: _type, identifiers: _i, indicators, evidence, notes, targetId: _t, ...fields } = body;
    expect(finding).toMatchObject({ type: 'site_assessment', targetId: target.id, teamId: s.teams.nl.id, status: 'submitted', version: 1, notes });
    expect(finding.details).toEqual(fields);
    expect(finding.indicators).toEqual(indicators);
    // The hash is kept in one spelling so that two captures of one file compare equal.
    expect(finding.evidence).toEqual([{ ...evidence[0], sha256: SHA }]);
    expect(finding.identifiers).toEqual([{ kind: 'email', value: 'Ads@Escort-Guide.example', platform: null, normalized: 'ads@escort-guide.example', valid: true }]);
  });

  it('stores suspects, possible victims and links to findings and to targets', async () => {
    const suspect = await log({ type: 'suspect', alias: 'Boss', nationality: 'AL', role: 'controller', identifiers: [{ kind: 'username', value: '@boss_al', platform: 'instagram.com' }] });
    expect(suspect.details).toEqual({ alias: 'Boss', nationality: 'AL', role: 'controller' });
    expect(suspect.identifiers[0].normalized).toBe('boss_al@instagram.com');
    const victim = await log({ type: 'possible_victim', alias: 'Ira', nationality: 'UA', ageMin: 15, ageMax: 17, minor: true, indicators: ['visibly_very_young'] });
    expect(victim.details).toEqual({ alias: 'Ira', nationality: 'UA', ageMin: 15, ageMax: 17, minor: true });
    const link = await log({ type: 'link', fromFindingId: suspect.id, toFindingId: victim.id, reason: 'Same phone in both ads' });
    expect(link.details).toEqual({ fromFindingId: suspect.id, toFindingId: victim.id, reason: 'Same phone in both ads' });
    const target = await createTarget(t, s, { kind: 'url', value: 'https://ads.example/ad/77', country: 'NL' });
    const toTarget = await log({ type: 'link', fromFindingId: suspect.id, toTargetId: target.id, reason: 'Mirror of the same ad' });
    expect(toTarget.details).toMatchObject({ toTargetId: target.id });
  });

  it('reads one finding as the member may see it', async () => {
    const victim = await log({ type: 'possible_victim', alias: 'Oksana', nationality: 'UA', notes: 'seen in two ads' });
    expect(await expectStatus(t.get<Finding>(apiPaths.finding(victim.id), s.officerNl.token), 200)).toMatchObject({ redacted: false, notes: 'seen in two ads' });
    expect(await expectStatus(t.get<Finding>(apiPaths.finding(victim.id), s.observer.token), 200)).toMatchObject({ redacted: true, details: null, notes: null });
    const stranger = await t.user(`stranger.${randomUUID().slice(0, 8)}@test.example`);
    expect((await t.get(apiPaths.finding(victim.id), stranger.token)).status).toBe(404);
    expect((await t.get(apiPaths.finding(randomUUID()), s.coordinator.token)).status).toBe(404);
  });

  it('keeps a per-operation indicator catalogue that coordinators extend', async () => {
    const list = await expectStatus(t.get<{ items: Indicator[] }>(apiPaths.indicators(s.operation.id), s.observer.token), 200);
    expect(list.items.map((i) => i.code)).toEqual(expect.arrayContaining(['rented_for_days', 'virginity_auction', 'third_party_control']));
    expect(list.items.every((i) => i.builtin)).toBe(true);

    expect((await post({ type: 'suspect', indicators: ['fake_model_casting'] })).status).toBe(400);
    const added = await expectStatus(
      t.post<Indicator>(apiPaths.indicators(s.operation.id), { code: 'fake_model_casting', label: 'Fake "model" casting' }, s.coordinator.token),
      201,
    );
    expect(added).toEqual({ code: 'fake_model_casting', label: 'Fake "model" casting', builtin: false });
    await coordinatorLive.waitFor((events) => events.some((e) => e.type === 'indicator.created' && e.data.indicator.code === 'fake_model_casting'));
    const used = await log({ type: 'suspect', indicators: ['fake_model_casting', 'false_job_offer'] });
    expect(used.indicators).toEqual(['fake_model_casting', 'false_job_offer']);

    const again = await t.post<ErrorBody>(apiPaths.indicators(s.operation.id), { code: 'fake_model_casting', label: 'Again' }, s.coordinator.token);
    expect(again.status).toBe(409);
    const badCode = await t.post<ErrorBody>(apiPaths.indicators(s.operation.id), { code: 'Not A Code!', label: 'x' }, s.coordinator.token);
    expect(badCode.status).toBe(400);
    expect(badCode.body.details?.[0]).toMatchObject({ path: 'code' });
    expect((await t.post(apiPaths.indicators(s.operation.id), { code: 'officer_code', label: 'x' }, s.officerNl.token)).status).toBe(403);

    // The catalogue belongs to this operation only.
    const other = await scenario(t);
    const elsewhere = await t.post<ErrorBody>(apiPaths.findings(other.operation.id), { clientId: randomUUID(), type: 'suspect', indicators: ['fake_model_casting'] }, other.officerNl.token);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.message + JSON.stringify(elsewhere.body.details)).toContain('fake_model_casting');
  });

  it('answers bad finding input with a clear 4xx and stores nothing', async () => {
    const before = await countFindings();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ type: 'suspect', indicators: ['no_such_code'] }, 400, 'indicators'],
      [{ type: 'suspect', identifiers: [{ kind: 'fax', value: '123' }] }, 400, 'identifiers.0.kind'],
      [{ type: 'suspect', notes: 'x'.repeat(10_001) }, 400, 'notes'],
      [{ type: 'suspect', identifiers: Array.from({ length: 101 }, (_, i) => ({ kind: 'phone', value: `+3161234${String(i).padStart(4, '0')}` })) }, 400, 'identifiers'],
      [{ type: 'suspect', evidence: [{ capturedAt: '2026-11-23T09:00:00Z', sha256: 'not-a-hash' }] }, 400, 'evidence.0.sha256'],
      [{ type: 'possible_victim', ageMin: 20, ageMax: 18 }, 400, 'ageMax'],
      [{ type: 'link', fromFindingId: randomUUID(), reason: 'x' }, 400, 'toFindingId'],
      [{ type: 'teleport' }, 400, 'type'],
    ];
    for (const [body, status, path] of cases) {
      const res = await post(body);
      expect({ body: Object.keys(body), status: res.status }).toEqual({ body: Object.keys(body), status });
      expect(res.body.details?.map((d) => d.path)).toContain(path);
    }
    // A link into another operation is refused as if the finding did not exist.
    const other = await scenario(t);
    const foreign = await expectStatus(
      t.post<Finding>(apiPaths.findings(other.operation.id), { clientId: randomUUID(), type: 'suspect', alias: 'elsewhere' }, other.officerNl.token),
      201,
    );
    const mine = await log({ type: 'suspect', alias: 'here' });
    const link = await post({ type: 'link', fromFindingId: mine.id, toFindingId: foreign.id, reason: 'x' });
    expect(link.status).toBe(400);
    expect(link.body.details).toEqual([{ path: 'toFindingId', message: 'no such item in this operation' }]);
    // A review of a finding of another operation: 404, never a hint that it exists.
    expect((await t.patch(apiPaths.finding(foreign.id), { status: 'confirmed', version: 1 }, s.coordinator.token)).status).toBe(404);
    expect(await countFindings()).toBe(before + 1);
  });

  it('treats a clientId as the identity of a finding: same body 200, other body 409', async () => {
    const clientId = randomUUID();
    const body = { clientId, type: 'suspect', alias: 'Retry' };
    const first = await expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), body, s.officerNl.token), 201);
    const retry = await expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), body, s.officerNl.token), 200);
    expect(retry.id).toBe(first.id);
    const changed = await t.post<ErrorBody>(apiPaths.findings(s.operation.id), { ...body, alias: 'Other' }, s.officerNl.token);
    expect(changed.status).toBe(409);
    expect(changed.body.message).toMatch(/clientId/);
  });

  it('reviews live: tallies follow confirm, reject and duplicate; a stale review names who changed it', async () => {
    const observer = await t.live(s.observer.token);
    await observer.subscribe(s.operation.id);
    const start = (await tallies()).suspects;
    const a = await log({ type: 'suspect', alias: 'Vlad' });
    const b = await log({ type: 'suspect', alias: 'Vlad (again)' }, s.officerUa.token);
    const c = await log({ type: 'suspect', alias: 'Not a suspect' });
    expect((await tallies()).suspects).toBe(start + 3);

    await expectStatus(t.patch(apiPaths.finding(a.id), { status: 'confirmed', version: 1 }, s.coordinator.token), 200);
    const dup = await expectStatus(t.patch<Finding>(apiPaths.finding(b.id), { status: 'duplicate', duplicateOf: a.id, version: 1 }, s.coordinator.token), 200);
    expect(dup).toMatchObject({ status: 'duplicate', duplicateOf: a.id, reviewedBy: s.coordinator.id, version: 2 });
    await expectStatus(t.patch(apiPaths.finding(c.id), { status: 'rejected', version: 1 }, s.organizer.token), 200);
    expect((await tallies()).suspects).toBe(start + 1);

    // Every watcher sees the reviews and the counts move, without asking.
    const suspectsDelta = (events: LiveEvent[]) =>
      events
        .filter((e): e is Extract<LiveEvent, { type: 'tally.updated' }> => e.type === 'tally.updated')
        .flatMap((e) => e.data.deltas)
        .filter((d) => d.dim === 'all' && d.metric === 'suspects')
        .reduce((sum, d) => sum + d.delta, 0);
    await observer.waitFor((events) => events.filter((e) => e.type === 'finding.updated').length === 3);
    expect(suspectsDelta(observer.events)).toBe(1);

    const stale = await t.patch<ErrorBody>(apiPaths.finding(c.id), { status: 'confirmed', version: 1 }, s.coordinator.token);
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/changed by organizer.* meanwhile \(now rejected, version 2\); reload/);

    const self = await t.patch<ErrorBody>(apiPaths.finding(a.id), { status: 'duplicate', duplicateOf: a.id, version: 2 }, s.coordinator.token);
    expect(self.status).toBe(400);
    const cycle = await t.patch<ErrorBody>(apiPaths.finding(a.id), { status: 'duplicate', duplicateOf: b.id, version: 2 }, s.coordinator.token);
    expect(cycle.status).toBe(400);
    expect((await t.patch(apiPaths.finding(a.id), { status: 'rejected', version: 2 }, s.officerNl.token)).status).toBe(403);
  });
});
