import { randomUUID } from 'node:crypto';
import { apiPaths, type EventsResponse, type Finding, type LiveEvent } from '@actionday/contracts';
import { expectStatus, scenario, type Scenario } from './support/scenario';
import { FollowingClient, type LiveClient, TestApp } from './support/test-app';

/** The guarantees of the live stream: every client applies every event once, in order, whatever happens. */
describe('the live stream', () => {
  let t: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
  });
  afterAll(() => t.close());

  const suspect = (n: number) => ({ clientId: randomUUID(), type: 'suspect', alias: `suspect ${n}`, nationality: 'NL' });
  const log = (body: object, token = s.officerNl.token) => expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), body, token), 201);
  const lastSeq = async () =>
    (await expectStatus(t.get<EventsResponse>(`${apiPaths.events(s.operation.id)}?after=0&limit=1`, s.coordinator.token), 200)).lastSeq;
  const seqs = (events: LiveEvent[]) => events.map((e) => e.seq);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const createdAliases = (events: LiveEvent[]) =>
    events.flatMap((e) => (e.type === 'finding.created' ? [String((e.data.finding.details as { alias?: string }).alias)] : []));

  it('shows who is online, by team, and updates when someone leaves', async () => {
    const nl = await t.live(s.officerNl.token);
    const ua = await t.live(s.officerUa.token);
    await nl.subscribe(s.operation.id);
    await ua.subscribe(s.operation.id);
    const online = (c: LiveClient) => c.presence.at(-1)?.online ?? [];
    await waitUntil(() => online(nl).length === 2);
    expect(online(nl)).toEqual(
      expect.arrayContaining([
        { userId: s.officerNl.id, teamId: s.teams.nl.id },
        { userId: s.officerUa.id, teamId: s.teams.ua.id },
      ]),
    );
    ua.socket.disconnect();
    await waitUntil(() => online(nl).length === 1);
    expect(online(nl)).toEqual([{ userId: s.officerNl.id, teamId: s.teams.nl.id }]);
    nl.socket.disconnect();
  });

  it('gives a client that was away while 200 findings were logged exactly those events on reconnect', async () => {
    const before = await lastSeq();
    const away = await t.live(s.observer.token);
    await away.subscribe(s.operation.id);
    away.socket.disconnect();

    for (let i = 0; i < 200; i += 20) await Promise.all(range(i, i + 19).map((n) => log(suspect(n))));
    const after = await lastSeq();

    const back = await t.live(s.observer.token);
    const ack = await back.subscribe(s.operation.id, before);
    expect(ack).toEqual({ ok: true, seq: after });
    await back.waitFor((events) => events.at(-1)?.seq === after, 10_000);
    // Exactly the missed events: none twice, none skipped, in order.
    expect(seqs(back.events)).toEqual(range(before + 1, after));
    expect(new Set(createdAliases(back.events)).size).toBe(200);
    expect(back.ofType('finding.created')).toHaveLength(200);
    back.socket.disconnect();
  });

  it('sends the events of one write in one frame, and concurrent writes in few frames, in seq order without gaps', async () => {
    const watcher = await t.live(s.coordinator.token);
    await watcher.subscribe(s.operation.id);
    const start = await lastSeq();

    await log(suspect(500));
    await watcher.waitFor((events) => events.at(-1)?.seq === start + 2);
    // finding.created and its tally.updated: one frame.
    expect(watcher.frames.at(-1)?.events.map((e) => [e.seq, e.type])).toEqual([
      [start + 1, 'finding.created'],
      [start + 2, 'tally.updated'],
    ]);

    const framesBefore = watcher.frames.length;
    await Promise.all(range(0, 39).map((n) => log(suspect(600 + n))));
    const end = await lastSeq();
    await watcher.waitFor((events) => events.at(-1)?.seq === end);
    const frames = watcher.frames.slice(framesBefore);
    const events = frames.flatMap((f) => f.events);
    // Each frame continues exactly where the previous one ended: the instance sends in seq order.
    expect(events.map((e) => e.seq)).toEqual(range(start + 3, end));
    expect(frames.every((f) => f.operationId === s.operation.id)).toBe(true);
    // Forty findings, each once; concurrent ones share writes, each write ends with its counters.
    expect(events.filter((e) => e.type === 'finding.created')).toHaveLength(40);
    expect(events.filter((e) => e.type === 'tally.updated').length).toBe(end - start - 2 - 40);
    // A write's events never straddle frames: every frame ends with the counters of its last write.
    for (const f of frames) expect(f.events.at(-1)?.type).toBe('tally.updated');
    // Forty findings at once leave in fewer frames than findings.
    expect(frames.length).toBeLessThan(40);
    watcher.socket.disconnect();
  });

  it('fills a gap over HTTP before applying newer events', async () => {
    const client = await FollowingClient.connect(t, s.coordinator.token, s.operation.id);
    await waitUntil(async () => client.lastSeq === (await lastSeq()));
    const start = client.lastSeq;
    // Each finding is two events (finding.created, tally.updated); lose both of the second one.
    client.drop(start + 3, start + 4);
    for (let n = 0; n < 5; n++) await log(suspect(1000 + n));
    const end = await lastSeq();
    await waitUntil(() => client.lastSeq === end);
    expect(seqs(client.events.filter((e) => e.seq > start))).toEqual(range(start + 1, end));
    expect(client.gapsFilled).toBeGreaterThanOrEqual(1);
    client.socket.disconnect();
  });

  it('loses nothing when the API restarts in the middle of a stream', async () => {
    const clients = await Promise.all([
      FollowingClient.connect(t, s.coordinator.token, s.operation.id),
      FollowingClient.connect(t, s.observer.token, s.operation.id),
      FollowingClient.connect(t, s.officerUa.token, s.operation.id),
    ]);
    const start = await lastSeq();
    await Promise.all(clients.map((c) => waitUntil(() => c.lastSeq === start)));

    // A steady producer that, like the web outbox, retries with the same clientId until it lands.
    const total = 60;
    let sent = 0;
    const produce = (async () => {
      for (let n = 0; n < total; n++) {
        const body = suspect(2000 + n);
        for (;;) {
          const res = await t.post(apiPaths.findings(s.operation.id), body, s.officerNl.token).catch(() => null);
          if (res && (res.status === 201 || res.status === 200)) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        sent += 1;
        // A steady pace, so that the restart falls well inside the stream.
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    await waitUntil(() => sent >= 20);
    await t.restart(300);
    // The restart really fell in the middle of the stream.
    expect(sent).toBeLessThan(total);
    await produce;

    const end = await lastSeq();
    expect(end - start).toBe(total * 2);
    for (const c of clients) {
      await waitUntil(() => c.lastSeq === end, 15_000);
      const applied = c.events.filter((e) => e.seq > start);
      expect(seqs(applied)).toEqual(range(start + 1, end));
      const aliases = createdAliases(applied);
      expect(aliases).toHaveLength(total);
      expect(new Set(aliases).size).toBe(total);
      c.socket.disconnect();
    }
  });
});

async function waitUntil(condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}
