import { randomUUID } from 'node:crypto';
import { apiPaths, type Finding, type Page, type Tallies, type Target } from '@actionday/contracts';
import { assign, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

describe('an action day over HTTP and socket.io', () => {
  let t: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
  });
  afterAll(() => t.close());

  const tallies = () => expectStatus(t.get<Tallies>(apiPaths.tallies(s.operation.id), s.coordinator.token), 200);

  it('runs the whole path: create, assign, take, log, close, and every subscriber sees it live', async () => {
    const a = await t.live(s.coordinator.token);
    const b = await t.live(s.observer.token);
    const ackA = await a.subscribe(s.operation.id);
    const ackB = await b.subscribe(s.operation.id);
    expect(ackA).toEqual({ ok: true, seq: expect.any(Number) });
    expect(ackB).toEqual(ackA);

    const target = await createTarget(t, s, { kind: 'phone', value: '06 12 34 56 78', country: 'NL', category: 'escort', tags: ['Ukraine-related'] });
    expect(target.normalized).toBe('+31612345678');
    expect(target.tags).toEqual(['ukraine-related']);
    const [assigned] = await assign(t, s, s.teams.nl.id, [target.id]);
    expect(assigned).toMatchObject({ status: 'assigned', teamId: s.teams.nl.id, version: 2 });

    const taken = await expectStatus(t.patch<Target>(apiPaths.target(target.id), { status: 'in_progress', version: 2 }, s.officerNl.token), 200);
    const finding = await expectStatus(
      t.post<Finding>(
        apiPaths.findings(s.operation.id),
        {
          clientId: randomUUID(),
          type: 'possible_victim',
          targetId: target.id,
          alias: 'Lena',
          nationality: 'UA',
          ageMin: 16,
          ageMax: 19,
          minor: true,
          indicators: ['visibly_very_young', 'third_party_control'],
          identifiers: [{ kind: 'phone', value: '+31 6 1234 5678' }],
        },
        s.officerNl.token,
      ),
      201,
    );
    expect(finding).toMatchObject({ type: 'possible_victim', teamId: s.teams.nl.id, status: 'submitted', redacted: false });
    expect(finding.identifiers[0].normalized).toBe('+31612345678');
    await expectStatus(t.patch(apiPaths.target(target.id), { status: 'done', outcome: 'suspicious', version: taken.version }, s.officerNl.token), 200);

    const figures = await tallies();
    expect(figures.examined.communications).toBe(1);
    expect(figures.possibleVictims).toEqual({ total: 1, minors: 1, byNationality: { UA: 1 } });
    expect(figures.targets.byState).toEqual({ unassigned: 0, assigned: 0, in_progress: 0, done: 1 });
    expect(figures.byTeam.find((r) => r.teamId === s.teams.nl.id)?.possibleVictims?.total).toBe(1);
    expect(figures.byCountry.NL.examined.communications).toBe(1);
    expect(figures.byTag['ukraine-related'].possibleVictims?.minors).toBe(1);
    expect(figures.topIndicators.map((i) => i.code).sort()).toEqual(['third_party_control', 'visibly_very_young']);

    // Both clients receive the same events, with consecutive sequence numbers from the ack on.
    const lastSeq = figures.asOfSeq;
    const fromSeq = ackA.ok ? ackA.seq : -1;
    for (const c of [a, b]) {
      await c.waitFor((events) => events.some((e) => e.seq === lastSeq));
      const seqs = c.events.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: lastSeq - fromSeq }, (_, i) => fromSeq + 1 + i));
      expect(c.ofType('finding.created')).toHaveLength(1);
      expect(c.ofType('tally.updated').length).toBeGreaterThanOrEqual(3);
    }
    // The coordinator sees the victim's details; the observer receives the same event redacted.
    expect(a.ofType('finding.created')[0].data.finding).toMatchObject({ redacted: false, details: { alias: 'Lena' } });
    expect(b.ofType('finding.created')[0].data.finding).toMatchObject({ redacted: true, details: null, identifiers: [] });
    expect(JSON.stringify(b.events)).not.toContain('Lena');
  });

  it('a retry with the same clientId returns the same finding and changes no count', async () => {
    const before = await tallies();
    const body = { clientId: randomUUID(), type: 'suspect', alias: 'Boss', nationality: 'AL', role: 'controller' };
    const first = await t.post<Finding>(apiPaths.findings(s.operation.id), body, s.officerUa.token);
    const retry = await t.post<Finding>(apiPaths.findings(s.operation.id), body, s.officerUa.token);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    const after = await tallies();
    expect(after.suspects).toBe(before.suspects + 1);
    expect(after.asOfSeq - before.asOfSeq).toBe(2); // finding.created + tally.updated, once

    const reused = await t.post<{ statusCode: number; details: unknown[] }>(
      apiPaths.findings(s.operation.id),
      { ...body, alias: 'Someone else' },
      s.officerUa.token,
    );
    expect(reused.status).toBe(409);
    expect((await tallies()).suspects).toBe(after.suspects);
  });

  it('a late subscriber with afterSeq receives exactly the events it missed, in order', async () => {
    const { asOfSeq: missedFrom } = await tallies();
    const created: Target[] = [];
    for (const value of ['late-one.example', 'late-two.example', 'late-three.example']) {
      created.push(await createTarget(t, s, { kind: 'platform', value, category: 'classifieds' }));
    }
    const { asOfSeq: now } = await tallies();
    const late = await t.live(s.officerUa.token);
    const ack = await late.subscribe(s.operation.id, missedFrom);
    expect(ack).toEqual({ ok: true, seq: now });
    await late.waitFor((events) => events.length >= now - missedFrom);
    await new Promise((r) => setTimeout(r, 200)); // nothing more may arrive
    expect(late.events.map((e) => e.seq)).toEqual(Array.from({ length: now - missedFrom }, (_, i) => missedFrom + 1 + i));
    expect(late.ofType('target.created').map((e) => e.data.target.id)).toEqual(created.map((c) => c.id));
  });

  it('REST catch-up returns the same events as the socket, filtered for the reader', async () => {
    const forObserver = await expectStatus(t.get<{ items: { seq: number; type: string; data: { finding?: Finding } }[]; lastSeq: number }>(`${apiPaths.events(s.operation.id)}?after=0`, s.observer.token), 200);
    const forCoordinator = await expectStatus(t.get<typeof forObserver>(`${apiPaths.events(s.operation.id)}?after=0`, s.coordinator.token), 200);
    expect(forObserver.items.map((e) => e.seq)).toEqual(forCoordinator.items.map((e) => e.seq));
    expect(forObserver.items.map((e) => e.seq)).toEqual(Array.from({ length: forObserver.lastSeq }, (_, i) => i + 1));
    const victimFor = (list: typeof forObserver) => list.items.find((e) => e.type === 'finding.created' && e.data.finding?.type === 'possible_victim')!;
    expect(victimFor(forObserver).data.finding).toMatchObject({ redacted: true, details: null });
    expect(victimFor(forCoordinator).data.finding).toMatchObject({ redacted: false, details: { alias: 'Lena' } });
    const other = await expectStatus(t.get<typeof forObserver>(`${apiPaths.events(s.operation.id)}?after=0`, s.officerUa.token), 200);
    expect(victimFor(other).data.finding?.redacted).toBe(true);
  });

  it('filters victim details by role when listing findings', async () => {
    const list = (token: string) => expectStatus(t.get<Page<Finding>>(`${apiPaths.findings(s.operation.id)}?type=possible_victim`, token), 200);
    expect((await list(s.coordinator.token)).items[0]).toMatchObject({ redacted: false, details: { alias: 'Lena' } });
    expect((await list(s.officerNl.token)).items[0]).toMatchObject({ redacted: false });
    expect((await list(s.officerUa.token)).items[0]).toMatchObject({ redacted: true, details: null, notes: null, identifiers: [] });
    expect((await list(s.observer.token)).items[0]).toMatchObject({ redacted: true, details: null });
  });

  it('review: a rejected or duplicate finding stops counting; a stale version is a 409', async () => {
    const log = (alias: string) =>
      expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'possible_victim', alias, nationality: 'MD' }, s.officerUa.token), 201);
    const one = await log('Ana');
    const two = await log('Ana again');
    const before = await tallies();
    const dup = await expectStatus(t.patch<Finding>(apiPaths.finding(two.id), { status: 'duplicate', duplicateOf: one.id, version: 1 }, s.coordinator.token), 200);
    expect(dup).toMatchObject({ status: 'duplicate', duplicateOf: one.id, version: 2 });
    const stale = await t.patch(apiPaths.finding(two.id), { status: 'confirmed', version: 1 }, s.coordinator.token);
    expect(stale.status).toBe(409);
    const after = await tallies();
    expect(after.possibleVictims?.total).toBe((before.possibleVictims?.total ?? 0) - 1);
    expect(after.possibleVictims?.byNationality.MD).toBe(1);
    expect((await t.patch(apiPaths.finding(one.id), { status: 'confirmed', version: 1 }, s.officerUa.token)).status).toBe(403);
  });

  it('guards target transitions and versions', async () => {
    const target = await createTarget(t, s, { kind: 'email', value: ' Recruiter@Example.COM ' });
    expect(target.normalized).toBe('recruiter@example.com');
    const dup = await t.post(apiPaths.targets(s.operation.id), { kind: 'email', value: 'recruiter@example.com' }, s.coordinator.token);
    expect(dup.status).toBe(409);
    // unassigned targets cannot be taken; officers of another team cannot touch it
    expect((await t.patch(apiPaths.target(target.id), { status: 'in_progress', version: 1 }, s.coordinator.token)).status).toBe(409);
    await assign(t, s, s.teams.ua.id, [target.id]);
    expect((await t.patch(apiPaths.target(target.id), { status: 'in_progress', version: 2 }, s.officerNl.token)).status).toBe(403);
    expect((await t.patch(apiPaths.target(target.id), { status: 'in_progress', version: 1 }, s.officerUa.token)).status).toBe(409);
    expect((await t.patch(apiPaths.target(target.id), { status: 'done', version: 2 }, s.officerUa.token)).status).toBe(400);
    expect((await t.patch(apiPaths.target(target.id), { status: 'in_progress', version: 2 }, s.observer.token)).status).toBe(403);
    const done = await expectStatus(t.patch<Target>(apiPaths.target(target.id), { status: 'done', outcome: 'no_indicators', version: 2 }, s.officerUa.token), 200);
    const moved = await t.post(apiPaths.assignments(s.operation.id), { teamId: s.teams.nl.id, targetIds: [done.id] }, s.coordinator.token);
    expect(moved.status).toBe(409);
  });
});
