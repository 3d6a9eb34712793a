import { randomUUID } from 'node:crypto';
import { apiPaths, type Finding, type LiveEvent, type Match, type Page } from '@actionday/contracts';
import { createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { type LiveClient, TestApp } from './support/test-app';

type MatchEvent = Extract<LiveEvent, { type: 'correlation.match' }>;

describe('correlation: the same identifier found twice raises a match', () => {
  let t: TestApp;
  let s: Scenario;
  let nl: LiveClient;
  let ua: LiveClient;
  let coordinator: LiveClient;
  let observer: LiveClient;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    [nl, ua, coordinator, observer] = await Promise.all([s.officerNl, s.officerUa, s.coordinator, s.observer].map((a) => t.live(a.token)));
    for (const c of [nl, ua, coordinator, observer]) await c.subscribe(s.operation.id);
  });
  afterAll(() => t.close());

  const log = (token: string, body: Record<string, unknown>) =>
    expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), ...body }, token), 201);
  const matchesFor = (c: LiveClient, findingId: string) =>
    c.ofType('correlation.match').filter((e: MatchEvent) => e.data.match.sides.some((side) => side.findingId === findingId));
  const waitForMatch = (c: LiveClient, findingId: string) => c.waitFor(() => matchesFor(c, findingId).length > 0).then(() => matchesFor(c, findingId));
  /** The same match as another client got it, by its seq (the teams' version names no records). */
  const sameMatch = async (c: LiveClient, seq: number) => {
    await c.waitFor((events) => events.some((e) => e.seq === seq));
    return c.ofType('correlation.match').find((e) => e.seq === seq)!;
  };

  it('matches one phone number written in two countries\u2019 formats, live, to both teams', async () => {
    const first = await log(s.officerNl.token, { type: 'suspect', alias: 'Max', identifiers: [{ kind: 'phone', value: '06 12 34 56 78' }] });
    const second = await log(s.officerUa.token, { type: 'suspect', alias: 'Maks', identifiers: [{ kind: 'phone', value: '+31 6 1234 5678' }] });

    const [full] = await waitForMatch(coordinator, second.id);
    expect(full.data.match).toMatchObject({
      kind: 'phone',
      normalized: '+31612345678',
      crossBorder: true,
      redacted: false,
      sides: [
        { teamId: s.teams.ua.id, country: 'UA', findingId: second.id, targetId: null },
        { teamId: s.teams.nl.id, country: 'NL', findingId: first.id, targetId: null },
      ],
    });
    // Both teams get the identifier and the teams that met, live, in the same event of the log;
    // each reads its own side's records from the list, never the other team's.
    for (const client of [nl, ua]) {
      const event = await sameMatch(client, full.seq);
      expect(event.data.match).toMatchObject({
        normalized: '+31612345678',
        redacted: false,
        sides: [
          { teamId: s.teams.ua.id, country: 'UA', findingId: null, targetId: null },
          { teamId: s.teams.nl.id, country: 'NL', findingId: null, targetId: null },
        ],
      });
    }
    const listed = async (token: string) => (await expectStatus(t.get<Page<Match>>(apiPaths.matches(s.operation.id), token), 200)).items.find((m) => m.id === full.data.match.id)!;
    expect((await listed(s.officerNl.token)).sides.map((side) => side.findingId)).toEqual([null, first.id]);
    expect((await listed(s.officerUa.token)).sides.map((side) => side.findingId)).toEqual([second.id, null]);
  });

  it('tells members outside both teams that two teams met, not on what', async () => {
    const second = (await t.get<Page<Finding>>(`${apiPaths.findings(s.operation.id)}?teamId=${s.teams.ua.id}`, s.coordinator.token)).body.items[0];
    const [full] = await waitForMatch(coordinator, second.id);
    await observer.waitFor((events) => events.some((e) => e.seq === full.seq));
    const seen = observer.ofType('correlation.match').find((e) => e.seq === full.seq)!;
    // Which records met would name the identifier: a redacted match names only the teams.
    expect(seen.data.match).toMatchObject({ normalized: null, redacted: true, crossBorder: true });
    expect(seen.data.match.sides.map((side) => [side.teamId, side.targetId, side.findingId])).toEqual([
      [s.teams.ua.id, null, null],
      [s.teams.nl.id, null, null],
    ]);

    const asObserver = await expectStatus(t.get<Page<Match>>(apiPaths.matches(s.operation.id), s.observer.token), 200);
    const asNl = await expectStatus(t.get<Page<Match>>(apiPaths.matches(s.operation.id), s.officerNl.token), 200);
    expect(asObserver.items[0]).toMatchObject({ normalized: null, redacted: true });
    expect(asNl.items[0]).toMatchObject({ normalized: '+31612345678', redacted: false });
    const replay = await expectStatus(t.get<{ items: LiveEvent[] }>(`${apiPaths.events(s.operation.id)}?after=0`, s.observer.token), 200);
    const replayed = replay.items.find((e): e is MatchEvent => e.type === 'correlation.match');
    expect(replayed?.data.match.normalized).toBeNull();
  });

  it('matches a messaging account with a target holding the same number, and a platform with its URL', async () => {
    const target = await createTarget(t, s, { kind: 'phone', value: '+380 67 123 4567', country: 'UA' });
    const finding = await log(s.officerNl.token, {
      type: 'site_assessment',
      siteName: 'Escort ads',
      identifiers: [
        { kind: 'messaging', value: 'wa.me/380671234567' },
        { kind: 'url', value: 'https://WWW.Escort-Ads.example/' },
      ],
    });
    const [phone] = await waitForMatch(coordinator, finding.id);
    expect(phone.data.match).toMatchObject({
      kind: 'phone',
      normalized: '+380671234567',
      sides: [{ findingId: finding.id, teamId: s.teams.nl.id }, { targetId: target.id, teamId: null, country: 'UA' }],
      crossBorder: true,
    });

    const platform = await createTarget(t, s, { kind: 'platform', value: 'escort-ads.example', country: 'NL' });
    await coordinator.waitFor((events) => events.some((e) => e.type === 'correlation.match' && e.data.match.sides[0].targetId === platform.id));
    const byPlatform = coordinator.ofType('correlation.match').find((e) => e.data.match.sides[0].targetId === platform.id)!;
    expect(byPlatform.data.match).toMatchObject({ kind: 'url', sides: [{ targetId: platform.id }, { findingId: finding.id }], crossBorder: false });
  });

  it('matches imported targets with what the operation holds, never with each other', async () => {
    const finding = await log(s.officerUa.token, { type: 'suspect', alias: 'Ira', identifiers: [{ kind: 'phone', value: '+48 512 345 678' }] });
    const before = coordinator.ofType('correlation.match').length;
    // Two rows of one file with the same key (a number, and a messaging account on it), and one
    // row meeting the finding.
    const csv = 'kind,value,country\nphone,+36 20 123 4567,HU\nmessaging,whatsapp:+36201234567,HU\nphone,+48 512 345 678,PL\n';
    const imported = await t.request<{ created: number }>('POST', `${apiPaths.targetsImport(s.operation.id)}?dryRun=false`, {
      token: s.coordinator.token,
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(201);
    expect(imported.body.created).toBe(3);
    await coordinator.waitFor((events) => events.some((e) => e.type === 'targets.imported'));
    const raised = coordinator.ofType('correlation.match').slice(before);
    expect(raised).toHaveLength(1);
    expect(raised[0].data.match).toMatchObject({ kind: 'phone', normalized: '+48512345678', crossBorder: true });
    expect(raised[0].data.match.sides[1]).toMatchObject({ findingId: finding.id, teamId: s.teams.ua.id });

    // A finding on the imported number afterwards meets both imported rows' key: one match, the earliest target.
    const later = await log(s.officerNl.token, { type: 'suspect', alias: 'Laszlo', identifiers: [{ kind: 'phone', value: '+36 20 123 4567' }] });
    const [match] = await waitForMatch(coordinator, later.id);
    expect(match.data.match).toMatchObject({ normalized: '+36201234567', sides: [{ findingId: later.id }, { teamId: null, country: 'HU' }] });
  });

  it('does not call a finding a match with its own target', async () => {
    const target = await createTarget(t, s, { kind: 'email', value: 'Recruiter@Jobs.example', country: 'NL' });
    const before = coordinator.ofType('correlation.match').length;
    const finding = await log(s.coordinator.token, { type: 'suspect', targetId: target.id, identifiers: [{ kind: 'email', value: 'recruiter@jobs.example' }] });
    // A later, unrelated event proves the stream moved on without a match for this finding.
    const marker = await log(s.coordinator.token, { type: 'suspect', alias: 'marker' });
    await coordinator.waitFor((events) => events.some((e) => e.type === 'finding.created' && e.data.finding.id === marker.id));
    expect(matchesFor(coordinator, finding.id)).toEqual([]);
    expect(coordinator.ofType('correlation.match')).toHaveLength(before);
  });

  it('raises the match when two teams log the same number at the same moment', async () => {
    const number = '+49 151 2345 6789';
    for (let round = 0; round < 5; round++) {
      const value = number.replace(/9$/, String(round));
      const [a, b] = await Promise.all([
        log(s.officerNl.token, { type: 'suspect', identifiers: [{ kind: 'phone', value }] }),
        log(s.officerUa.token, { type: 'suspect', identifiers: [{ kind: 'phone', value }] }),
      ]);
      // Exactly one of the two writes saw the other: never none, never both.
      const list = await expectStatus(t.get<Page<Match>>(apiPaths.matches(s.operation.id), s.coordinator.token), 200);
      const between = list.items.filter((m) => m.sides.every((side) => side.findingId === a.id || side.findingId === b.id));
      expect(between).toHaveLength(1);
    }
  });

  it('keeps a possible victim\u2019s details hidden from the other team while telling it about the match', async () => {
    const victim = await log(s.officerNl.token, {
      type: 'possible_victim',
      alias: 'Lena',
      nationality: 'UA',
      identifiers: [{ kind: 'email', value: 'lena.k@mail.example' }],
    });
    const other = await log(s.officerUa.token, { type: 'suspect', identifiers: [{ kind: 'email', value: 'Lena.K@mail.example' }] });
    const [full] = await waitForMatch(coordinator, other.id);
    const event = await sameMatch(ua, full.seq);
    // The other team learns that the NL team holds the identifier it logged, not which record:
    // the victim finding stays out of its view.
    expect(event.data.match).toMatchObject({ kind: 'email', normalized: 'lena.k@mail.example', sides: [{ teamId: s.teams.ua.id }, { findingId: null, targetId: null, teamId: s.teams.nl.id }] });
    const uaView = await expectStatus(t.get<Page<Finding>>(`${apiPaths.findings(s.operation.id)}?type=possible_victim`, s.officerUa.token), 200);
    const seen = uaView.items.find((f) => f.id === victim.id)!;
    expect(seen).toMatchObject({ redacted: true, details: null, identifiers: [], notes: null });
  });

  it('lets officers filter to their team, and refuses a list to strangers', async () => {
    const mine = await expectStatus(t.get<Page<Match>>(`${apiPaths.matches(s.operation.id)}?teamId=${s.teams.nl.id}&crossBorder=true`, s.officerNl.token), 200);
    expect(mine.items.length).toBeGreaterThan(0);
    for (const m of mine.items) {
      expect(m.crossBorder).toBe(true);
      expect(m.sides.some((side) => side.teamId === s.teams.nl.id)).toBe(true);
    }
    const stranger = await t.user(`stranger.${randomUUID().slice(0, 8)}@test.example`);
    expect((await t.get(apiPaths.matches(s.operation.id), stranger.token)).status).toBe(404);
    expect((await t.get(`${apiPaths.matches(s.operation.id)}?crossBorder=maybe`, s.coordinator.token)).status).toBe(400);
  });
});
