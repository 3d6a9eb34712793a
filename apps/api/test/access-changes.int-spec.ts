import { randomUUID } from 'node:crypto';
import { apiPaths, REFRESH_COOKIE, type AccessNotice, type Finding, type LiveEvent, type LoginResponse } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { LivePublisher } from '../src/live/live.publisher';
import { expectStatus, scenario, type Scenario } from './support/scenario';
import { type LiveClient, PASSWORD, TestApp } from './support/test-app';

type FindingEvent = Extract<LiveEvent, { type: 'finding.created' }>;

/** Resolves with what the socket was told, or fails after `ms`. */
function noticeOf(client: LiveClient, ms = 1000): Promise<AccessNotice> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no access notice within ${ms} ms`)), ms);
    client.socket.once('access', (n) => {
      clearTimeout(timer);
      resolve(n);
    });
  });
}

function disconnected(client: LiveClient, ms = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!client.socket.connected) return resolve('already');
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    client.socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/**
 * A change of someone's role or team, a removal, a disabled account, a logout and an expired
 * token take effect at once: on the next request, and on sockets already open (PRODUCT.md, who
 * sees what about a possible victim).
 */
describe('access changes reach open connections at once', () => {
  let t: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
  });
  afterAll(() => t.close());

  const victim = (token: string, alias: string) =>
    expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'possible_victim', alias, nationality: 'UA' }, token), 201);
  const findingEvent = (c: LiveClient, id: string) => c.ofType('finding.created').find((e: FindingEvent) => e.data.finding.id === id);
  const waitForFinding = async (c: LiveClient, id: string) => {
    await c.waitFor(() => findingEvent(c, id) !== undefined);
    return findingEvent(c, id)!;
  };
  const member = async (role: string, teamId?: string) => {
    const who = await t.user(`member-${randomUUID()}@test.example`);
    await expectStatus(t.post(apiPaths.members(s.operation.id), { email: who.email, role, teamId }, s.organizer.token), 201);
    return { ...who, token: await t.login(who.email) };
  };

  it('a coordinator demoted to observer stops receiving victims\u2019 details within a second', async () => {
    const coordinator = await member('coordinator');
    const live = await t.live(coordinator.token);
    expect(await live.subscribe(s.operation.id)).toMatchObject({ ok: true });
    const before = await victim(s.officerNl.token, 'Before');
    expect((await waitForFinding(live, before.id)).data.finding).toMatchObject({ redacted: false, details: { alias: 'Before' } });

    const told = noticeOf(live);
    await expectStatus(t.post(apiPaths.members(s.operation.id), { email: coordinator.email, role: 'observer' }, s.organizer.token), 201);
    expect(await told).toMatchObject({ operationId: s.operation.id, reason: 'changed' });
    const after = await victim(s.officerNl.token, 'After');
    const seen = (await waitForFinding(live, after.id)).data.finding;
    expect(seen).toMatchObject({ redacted: true, details: null });
    expect(JSON.stringify(live.events)).not.toContain('After');
    // And the REST view follows from the next request on.
    const list = await expectStatus(t.get<{ items: Finding[] }>(`${apiPaths.findings(s.operation.id)}?type=possible_victim`, coordinator.token), 200);
    expect(list.items.every((f) => f.redacted)).toBe(true);
  });

  it('an officer moved to another team sees the new team\u2019s victims, not the old one\u2019s', async () => {
    const officer = await member('officer', s.teams.nl.id);
    const live = await t.live(officer.token);
    await live.subscribe(s.operation.id);
    const told = noticeOf(live);
    await expectStatus(t.post(apiPaths.members(s.operation.id), { email: officer.email, role: 'officer', teamId: s.teams.ua.id }, s.organizer.token), 201);
    expect(await told).toMatchObject({ reason: 'changed' });
    const nl = await victim(s.officerNl.token, 'Of NL');
    const ua = await victim(s.officerUa.token, 'Of UA');
    expect((await waitForFinding(live, nl.id)).data.finding.redacted).toBe(true);
    expect((await waitForFinding(live, ua.id)).data.finding).toMatchObject({ redacted: false, details: { alias: 'Of UA' } });
  });

  it('a removed member is told, gets no more events, and the operation no longer exists for them', async () => {
    const officer = await member('officer', s.teams.nl.id);
    const live = await t.live(officer.token);
    await live.subscribe(s.operation.id);
    const told = noticeOf(live);
    const removed = await t.request('DELETE', apiPaths.member(s.operation.id, officer.id), { token: s.organizer.token });
    expect(removed.status).toBe(204);
    expect(await told).toMatchObject({ operationId: s.operation.id, reason: 'removed' });
    const count = live.events.length;
    const later = await victim(s.officerNl.token, 'Later');
    // The team's own coordinator view proves the event went out; the removed member got nothing.
    const witness = await t.live(s.coordinator.token);
    await witness.subscribe(s.operation.id, 0);
    await waitForFinding(witness, later.id);
    expect(live.events.length).toBe(count);
    expect((await t.get(apiPaths.operation(s.operation.id), officer.token)).status).toBe(404);
    expect(await live.subscribe(s.operation.id)).toEqual({ ok: false, error: 'not found' });
    // Removing someone who is not a member, or with a malformed id: 404; an officer may not remove anyone.
    expect((await t.request('DELETE', apiPaths.member(s.operation.id, officer.id), { token: s.organizer.token })).status).toBe(404);
    expect((await t.request('DELETE', apiPaths.member(s.operation.id, 'nope'), { token: s.organizer.token })).status).toBe(404);
    expect((await t.request('DELETE', apiPaths.member(s.operation.id, s.officerUa.id), { token: s.officerNl.token })).status).toBe(403);
  });

  it('two re-checks of one socket at once (two changes close together): the later one tells it and decides its rooms', async () => {
    const officer = await member('officer', s.teams.nl.id);
    const live = await t.live(officer.token);
    await live.subscribe(s.operation.id);
    const told = noticeOf(live, 2000);
    // The change behind the API's back, so that only the two re-checks below act on the socket:
    // the second starts while the first is still reading the access.
    await t.app.get(DataSource).query('UPDATE memberships SET team_id = $1 WHERE operation_id = $2 AND user_id = $3', [s.teams.ua.id, s.operation.id, officer.id]);
    const publisher = t.app.get(LivePublisher);
    publisher.accessChanged(s.operation.id, [officer.id]);
    publisher.accessChanged(s.operation.id, [officer.id]);
    expect(await told).toMatchObject({ operationId: s.operation.id, reason: 'changed' });
    const ua = await victim(s.officerUa.token, 'Of UA, after two re-checks');
    const nl = await victim(s.officerNl.token, 'Of NL, after two re-checks');
    expect((await waitForFinding(live, ua.id)).data.finding).toMatchObject({ redacted: false, details: { alias: 'Of UA, after two re-checks' } });
    expect((await waitForFinding(live, nl.id)).data.finding.redacted).toBe(true);
  });

  it('takes a removed member’s socket out at once, even behind a flood of subscribes', async () => {
    const spy = await member('coordinator');
    const live = await t.live(spy.token);
    await live.subscribe(s.operation.id);
    const refused: unknown[] = [];
    // A flood of subscribes the socket sends ahead of the change: they must not delay it.
    for (let i = 0; i < 3000; i++) live.socket.emit('subscribe', { operationId: s.operation.id }, (ack) => !ack.ok && refused.push(ack));
    // The notice must come at once after the removal, whatever the flood ahead of it. The flood
    // keeps this one process (API and clients) busy for a second or more before the removal is
    // even answered, so the time counts from the removal's answer.
    const told = noticeOf(live, 15_000).then((notice) => ({ notice, at: Date.now() }));
    expect((await t.request('DELETE', apiPaths.member(s.operation.id, spy.id), { token: s.organizer.token })).status).toBe(204);
    const removedAt = Date.now();
    const after = await victim(s.officerNl.token, 'AFTER-REMOVAL');
    const witness = await t.live(s.coordinator.token);
    await witness.subscribe(s.operation.id, 0);
    await waitForFinding(witness, after.id);
    await new Promise((r) => setTimeout(r, 500));
    expect(JSON.stringify(live.events)).not.toContain('AFTER-REMOVAL');
    expect(live.events.some((e) => e.type === 'finding.created' && e.data.finding.id === after.id)).toBe(false);
    const { notice, at } = await told;
    expect(notice).toMatchObject({ reason: 'removed' });
    expect(at - removedAt).toBeLessThan(1500);
    // Most of the flood was refused rather than queued.
    expect(refused.length).toBeGreaterThan(2000);
    expect(refused[0]).toEqual({ ok: false, error: 'too many requests; wait for the answers' });
  });

  it('never leaves an operation without an organizer', async () => {
    const other = await scenario(t);
    const demote = await t.post(apiPaths.members(other.operation.id), { email: other.organizer.email, role: 'coordinator' }, other.organizer.token);
    expect(demote.status).toBe(409);
    const remove = await t.request('DELETE', apiPaths.member(other.operation.id, other.organizer.id), { token: other.organizer.token });
    expect(remove.status).toBe(409);
    expect((await t.get(apiPaths.operation(other.operation.id), other.organizer.token)).status).toBe(200);
  });

  it('a logout ends the session\u2019s sockets within a second and its access token at once', async () => {
    const who = await member('officer', s.teams.nl.id);
    const login = await t.post<LoginResponse>(apiPaths.login, { email: who.email, password: PASSWORD });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    expect(cookie.startsWith(`${REFRESH_COOKIE}=`)).toBe(true);
    const token = login.body.accessToken;
    const live = await t.live(token);
    await live.subscribe(s.operation.id);
    // Another session of the same account stays signed in.
    const otherSession = await t.live(who.token);
    await otherSession.subscribe(s.operation.id);

    const told = noticeOf(live);
    const closed = disconnected(live);
    expect((await t.request('POST', apiPaths.logout, { headers: { cookie } })).status).toBe(204);
    expect(await told).toMatchObject({ operationId: null, reason: 'signed_out' });
    expect(await closed).toBe('io server disconnect');
    expect((await t.get(apiPaths.me, token)).status).toBe(401);
    await expect(t.live(token)).rejects.toThrow('unauthorized');
    expect(otherSession.socket.connected).toBe(true);
    expect((await t.get(apiPaths.me, who.token)).status).toBe(200);
  });

  it('requests that arrive together are each answered by their own session and membership', async () => {
    // The checks of one turn of the event loop share a statement: none may take another's answer.
    const live = await member('officer', s.teams.nl.id);
    const removed = await member('officer', s.teams.nl.id);
    await expectStatus(t.request('DELETE', apiPaths.member(s.operation.id, removed.id), { token: s.organizer.token }), 204);
    const signedOut = await member('observer');
    const login = await t.post<LoginResponse>(apiPaths.login, { email: signedOut.email, password: PASSWORD });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await t.request('POST', apiPaths.logout, { headers: { cookie } })).status).toBe(204);
    const callers = [
      { who: 'member', token: live.token, status: 200 },
      { who: 'removed', token: removed.token, status: 404 },
      { who: 'signed out', token: login.body.accessToken, status: 401 },
      { who: 'observer', token: signedOut.token, status: 200 },
    ];
    for (let round = 0; round < 5; round += 1) {
      const answers = await Promise.all([...callers, ...callers].map(async (c) => ({ who: c.who, status: (await t.get(apiPaths.operation(s.operation.id), c.token)).status })));
      expect(answers).toEqual([...callers, ...callers].map((c) => ({ who: c.who, status: c.status })));
    }
    // A finding posted meanwhile is refused to the removed member alone.
    const posted = await Promise.all(
      [live, removed].map((c) => t.post(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'suspect', alias: 'together' }, c.token)),
    );
    expect(posted.map((r) => r.status)).toEqual([201, 404]);
  });

  it('a disabled account loses every session and socket at once, and cannot sign in', async () => {
    const admin = await t.user(`admin-${randomUUID()}@test.example`, { isAdmin: true });
    const who = await member('coordinator');
    const live = await t.live(who.token);
    await live.subscribe(s.operation.id);
    const told = noticeOf(live);
    const closed = disconnected(live);
    expect((await t.patch(apiPaths.user(who.id), { disabled: true }, s.organizer.token)).status).toBe(403);
    expect((await t.patch(apiPaths.user(who.id), { disabled: 'yes' }, admin.token)).status).toBe(400);
    expect((await t.patch(apiPaths.user(randomUUID()), { disabled: true }, admin.token)).status).toBe(404);
    expect((await t.patch(apiPaths.user(who.id), { disabled: true }, admin.token)).status).toBe(200);
    expect(await told).toMatchObject({ operationId: null, reason: 'disabled' });
    await closed;
    expect((await t.get(apiPaths.operation(s.operation.id), who.token)).status).toBe(401);
    expect((await t.post(apiPaths.login, { email: who.email, password: PASSWORD })).status).toBe(401);
    // Enabled again, the account signs in anew.
    expect((await t.patch(apiPaths.user(who.id), { disabled: false }, admin.token)).status).toBe(200);
    expect((await t.post(apiPaths.login, { email: who.email, password: PASSWORD })).status).toBe(200);
  });
});

describe('a socket lives as long as its access token', () => {
  let t: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    // Three-second access tokens (JWT times are whole seconds: one may end after just over two).
    t = await TestApp.start({ accessTokenTtl: 3 });
    s = await scenario(t);
  });
  afterAll(() => t.close());

  it('is told and closed when its token expires, unless it re-authenticated first', async () => {
    const [expiring, renewed] = await Promise.all([t.live(await t.login(s.officerNl.email)), t.live(await t.login(s.officerNl.email))]);
    await Promise.all([expiring.subscribe(s.operation.id), renewed.subscribe(s.operation.id)]);
    const told = noticeOf(expiring, 6000);
    const closed = disconnected(expiring, 6000);
    // A token of a later second, so that it ends later than the first.
    await new Promise((r) => setTimeout(r, 1200));
    const fresh = await t.login(s.officerNl.email);
    const ack = await new Promise((resolve) => renewed.socket.emit('reauth', { token: fresh }, resolve));
    expect(ack).toMatchObject({ ok: true, expiresAt: expect.any(String) });
    expect(await told).toMatchObject({ operationId: null, reason: 'expired' });
    await closed;
    expect(renewed.socket.connected).toBe(true);
    // A token of another account, or garbage, is refused, and the socket keeps its own.
    const someoneElse = await t.login(s.coordinator.email);
    expect(await new Promise((resolve) => renewed.socket.emit('reauth', { token: someoneElse }, resolve))).toEqual({ ok: false, error: 'unauthorized' });
    expect(await new Promise((resolve) => renewed.socket.emit('reauth', { nope: 1 } as never, resolve))).toEqual({ ok: false, error: 'bad request: token' });
  });
});
