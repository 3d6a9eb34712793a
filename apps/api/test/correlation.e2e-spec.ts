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

  it('matches one phone number written in two countries\u2019 formats, live, to both teams', async () => {
    const first = await log(s.officerNl.token, { type: 'suspect', alias: 'Max', identifiers: [{ kind: 'phone', value: '06 12 34 56 78' }] });
    const second = await log(s.officerUa.token, { type: 'suspect', alias: 'Maks', identifiers: [{ kind: 'phone', value: '+31 6 1234 5678' }] });

    for (const client of [nl, ua, coordinator]) {
      const [event] = await waitForMatch(client, second.id);
      expect(event.data.match).toMatchObject({
        kind: 'phone',
        normalized: '+31612345678',
        crossBorder: true,
        redacted: false,
        sides: [
          { teamId: s.teams.ua.id, country: 'UA', findingId: second.id, targetId: null },
          { teamId: s.teams.nl.id, country: 'NL', findingId: first.id, targetId: null },
        ],
      });
    }
    // The match is one event of the log: every client gets the same seq.
    expect(new Set([nl, ua, coordinator].map((c) => matchesFor(c, second.id)[0].seq)).size).toBe(1);
  });

  it('tells members outside both teams that two teams met, not on what', async () => {
    const second = (await t.get<Page<Finding>>(`${apiPaths.findings(s.operation.id)}?teamId=${s.teams.ua.id}`, s.coordinator.token)).body.items[0];
    const [seen] = await waitForMatch(observer, second.id);
    expect(seen.data.match).toMatchObject({ normalized: null, redacted: true, crossBorder: true });

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
    const [event] = await waitForMatch(ua, other.id);
    expect(event.data.match).toMatchObject({ kind: 'email', sides: [{ findingId: other.id }, { findingId: victim.id, teamId: s.teams.nl.id }] });
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
