import { randomUUID } from 'node:crypto';
import {
  apiPaths,
  VICTIM_METRICS,
  type Finding,
  type LiveEvent,
  type Match,
  type Member,
  type Page,
  type SnowballResponse,
  type Tallies,
  type Target,
} from '@actionday/contracts';
import { VictimReleasesService } from '../src/tallies/victim-releases.service';
import { assign, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { type LiveClient, TestApp } from './support/test-app';

type Ev<T extends LiveEvent['type']> = Extract<LiveEvent, { type: T }>;

/**
 * The routes beside the lists: what travels next to a redacted record must not tell what the
 * record withholds (issue: tally deltas, snowballed targets, match sides, a redacted finding's
 * pointers, members' contact data).
 */
describe('need to know: nothing beside a redacted record gives it away', () => {
  let t: TestApp;
  let s: Scenario;
  let observer: LiveClient;
  let officerUa: LiveClient;
  let coordinator: LiveClient;

  beforeAll(async () => {
    t = await TestApp.start({ victimFiguresSeconds: 600 });
    s = await scenario(t);
    [observer, officerUa, coordinator] = await Promise.all([s.observer, s.officerUa, s.coordinator].map((a) => t.live(a.token)));
    for (const c of [observer, officerUa, coordinator]) await c.subscribe(s.operation.id);
  });
  afterAll(() => t.close());

  const log = (token: string, body: Record<string, unknown>) =>
    expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), ...body }, token), 201);
  const tallies = (token: string) => expectStatus(t.get<Tallies>(apiPaths.tallies(s.operation.id), token), 200);
  const releases = () => t.app.get(VictimReleasesService);

  it('sends the victim part of a write\u2019s counter change to coordinators only', async () => {
    const victim = await log(s.officerNl.token, { type: 'possible_victim', nationality: 'MD', minor: true, indicators: ['visibly_very_young'] });
    const tallyAfter = (c: LiveClient) => c.events.find((e): e is Ev<'tally.updated'> => e.type === 'tally.updated' && e.seq > findingSeq(c));
    const findingSeq = (c: LiveClient) => c.ofType('finding.created').find((e) => e.data.finding.id === victim.id)?.seq ?? Infinity;
    for (const c of [observer, officerUa, coordinator]) await c.waitFor(() => tallyAfter(c) !== undefined);
    const metrics = (c: LiveClient) => tallyAfter(c)!.data.deltas.map((d) => d.metric);
    expect(metrics(coordinator)).toEqual(expect.arrayContaining(['victims_total', 'victims_nationality', 'victims_minors', 'victim_indicator']));
    for (const c of [observer, officerUa]) {
      expect(metrics(c).filter((m) => VICTIM_METRICS.has(m))).toEqual([]);
      expect(JSON.stringify(tallyAfter(c))).not.toMatch(/MD|visibly_very_young/);
    }
    // The replay serves the same versions.
    const replay = await expectStatus(t.get<{ items: LiveEvent[] }>(`${apiPaths.events(s.operation.id)}?after=0`, s.observer.token), 200);
    expect(JSON.stringify(replay.items.filter((e) => e.type === 'tally.updated'))).not.toMatch(/victim|"MD"/);
  });

  it('releases victim figures at most every interval, each moving in steps of three, with small counts suppressed', async () => {
    const now = Date.now();
    // One victim so far: no figure can move by three.
    expect(await releases().runOnce(new Date(now))).toEqual({ ran: true, released: [] });
    expect((await tallies(s.observer.token)).possibleVictims).toBeNull();
    await log(s.officerUa.token, { type: 'possible_victim', nationality: 'MD' });
    await log(s.officerUa.token, { type: 'possible_victim', nationality: 'UA', indicators: ['visibly_very_young'] });
    expect((await releases().runOnce(new Date(now))).released).toEqual([s.operation.id]);
    const released = await tallies(s.observer.token);
    // Three victims: the total moves; no nationality, the minor or the indicator reaches three.
    expect(released.possibleVictims).toEqual({ total: 3, minors: null, byNationality: {} });
    expect(released.victimRelease).toMatchObject({ releasedAt: new Date(now).toISOString(), suppressBelow: 3, topIndicators: [] });
    expect(released.byTeam.every((r) => r.possibleVictims === null)).toBe(true);
    await observer.waitFor((events) => events.some((e) => e.type === 'tally.released'));
    expect(observer.ofType('tally.released').at(-1)!.data).toEqual({ possibleVictims: released.possibleVictims, victimRelease: released.victimRelease });

    // Three more victims, but within the interval: nothing new until it has passed.
    for (let i = 0; i < 3; i++) await log(s.officerNl.token, { type: 'possible_victim', nationality: 'MD' });
    expect((await releases().runOnce(new Date(now + 60_000))).released).toEqual([]);
    expect((await tallies(s.officerUa.token)).possibleVictims?.total).toBe(3);
    expect((await releases().runOnce(new Date(now + 601_000))).released).toEqual([s.operation.id]);
    expect((await tallies(s.officerUa.token)).possibleVictims).toEqual({ total: 6, minors: null, byNationality: { MD: 5 } });
    // One more victim: the figures stay as they are, whenever the next round comes.
    await log(s.officerNl.token, { type: 'possible_victim', nationality: 'MD', minor: true });
    expect((await releases().runOnce(new Date(now + 1_300_000))).released).toEqual([]);
    // Coordinators see the exact figures, live, all along.
    expect((await tallies(s.coordinator.token)).possibleVictims).toEqual({ total: 7, minors: 2, byNationality: { MD: 6, UA: 1 } });
  });

  it('restricts a target made from a victim\u2019s identifier to the victim\u2019s team, the team it is assigned to and coordinators', async () => {
    const secret = '+31 6 4444 0001';
    const victim = await log(s.officerNl.token, { type: 'possible_victim', identifiers: [{ kind: 'phone', value: secret }] });
    const made = await expectStatus(t.post<SnowballResponse>(apiPaths.snowball(s.operation.id), { findingId: victim.id, identifierIndex: 0 }, s.officerNl.token), 201);
    expect(made.target).toMatchObject({ redacted: false, normalized: '+31644440001', sourceFindingId: victim.id });
    // Another team may not snowball it: for them the finding's identifiers do not exist.
    expect((await t.post(apiPaths.snowball(s.operation.id), { findingId: victim.id, identifierIndex: 0 }, s.officerUa.token)).status).toBe(404);

    const created = (c: LiveClient) => c.ofType('target.created').find((e) => e.data.target.id === made.target.id);
    for (const c of [observer, officerUa, coordinator]) await c.waitFor(() => created(c) !== undefined);
    expect(created(coordinator)!.data.target).toMatchObject({ value: secret, sourceFindingId: victim.id });
    for (const c of [observer, officerUa]) {
      expect(created(c)!.data.target).toMatchObject({ redacted: true, value: null, normalized: null, sourceFindingId: null, kind: 'phone' });
    }
    const listed = async (token: string, q = '') =>
      (await expectStatus(t.get<Page<Target>>(`${apiPaths.targets(s.operation.id)}?limit=500${q}`, token), 200)).items.find((x) => x.id === made.target.id);
    expect((await listed(s.observer.token))?.value).toBeNull();
    expect((await listed(s.officerUa.token))?.redacted).toBe(true);
    expect((await listed(s.officerNl.token))?.value).toBe(secret);
    // A search must not find, by its value, what the list withholds.
    expect(await listed(s.officerUa.token, '&q=4444')).toBeUndefined();
    expect(await listed(s.officerNl.token, '&q=4444')).toBeDefined();
    for (const [format, token] of [['csv', s.observer.token], ['json', s.officerUa.token]] as const) {
      const res = await fetch(t.baseUrl + apiPaths.targetsExportFile(s.operation.id, format), { headers: { authorization: `Bearer ${token}` } });
      expect(await res.text()).not.toMatch(/4444|31644440001/);
    }
    // Assigned to the UA team, it becomes theirs to work on.
    await assign(t, s, s.teams.ua.id, [made.target.id]);
    expect((await listed(s.officerUa.token))?.value).toBe(secret);
    expect((await listed(s.observer.token))?.value).toBeNull();
  });

  it('copies nothing of the victim’s own target into a target made from her identifier, and refuses a duplicate across types', async () => {
    const rare = await createTarget(t, s, { kind: 'platform', value: 'rare-origin.example', country: 'MD', language: 'ro', tags: ['moldova-unique'], priority: 5 });
    await assign(t, s, s.teams.nl.id, [rare.id]);
    const victim = await log(s.officerNl.token, { type: 'possible_victim', targetId: rare.id, identifiers: [{ kind: 'email', value: 'rare.one@mail.example' }] });
    const made = await expectStatus(t.post<SnowballResponse>(apiPaths.snowball(s.operation.id), { findingId: victim.id, identifierIndex: 0 }, s.officerNl.token), 201);
    // Its tags, country, language and priority would match it to the target she was logged on.
    expect(made.target).toMatchObject({ tags: [], country: 'NL', language: null, priority: 0 });
    const suspect = await log(s.officerUa.token, { type: 'suspect', alias: 'Not her' });
    const cross = await t.patch(apiPaths.finding(suspect.id), { status: 'duplicate', duplicateOf: victim.id, version: 1 }, s.coordinator.token);
    expect(cross.status).toBe(400);
    expect(JSON.stringify(cross.body)).toContain('can only duplicate another suspect');
  });

  it('keeps a redacted match and a redacted finding from pointing at the records they withhold', async () => {
    const phone = await createTarget(t, s, { kind: 'phone', value: '+31 6 7777 0001', country: 'NL' });
    const site = await createTarget(t, s, { kind: 'platform', value: 'ads-for-ua.example', country: 'UA' });
    await assign(t, s, s.teams.nl.id, [phone.id]);
    await assign(t, s, s.teams.ua.id, [site.id]);
    const victim = await log(s.officerUa.token, { type: 'possible_victim', targetId: site.id, identifiers: [{ kind: 'phone', value: '+31 6 7777 0001' }] });
    const asObserver = await expectStatus(t.get<Page<Match>>(apiPaths.matches(s.operation.id), s.observer.token), 200);
    const match = asObserver.items.find((m) => m.sides.some((side) => side.teamId === s.teams.ua.id) && m.kind === 'phone')!;
    expect(match).toMatchObject({ redacted: true, normalized: null });
    expect(match.sides.map((side) => [side.targetId, side.findingId])).toEqual([
      [null, null],
      [null, null],
    ]);
    // The NL team holds the number: it sees the match, not the UA victim finding behind it.
    const asNl = await expectStatus(t.get<Page<Match>>(apiPaths.matches(s.operation.id), s.officerNl.token), 200);
    const nlView = asNl.items.find((m) => m.id === match.id)!;
    expect(nlView.normalized).toBe('+31677770001');
    expect(nlView.sides.find((side) => side.teamId === s.teams.ua.id)).toMatchObject({ findingId: null, targetId: null });
    // The redacted finding does not say which target it was logged on.
    const redacted = await expectStatus(t.get<Finding>(apiPaths.finding(victim.id), s.officerNl.token), 200);
    expect(redacted).toMatchObject({ redacted: true, targetId: null, duplicateOf: null });
  });

  it('gives members\u2019 e-mail addresses to coordinators, organizers and the member only', async () => {
    const list = (token: string) => expectStatus(t.get<{ items: Member[] }>(apiPaths.members(s.operation.id), token), 200);
    expect((await list(s.coordinator.token)).items.every((m) => typeof m.email === 'string')).toBe(true);
    for (const who of [s.observer, s.officerUa]) {
      const items = (await list(who.token)).items;
      expect(items.find((m) => m.userId === who.id)?.email).toBe(who.email);
      expect(items.filter((m) => m.userId !== who.id).every((m) => m.email === null)).toBe(true);
    }
  });
});
