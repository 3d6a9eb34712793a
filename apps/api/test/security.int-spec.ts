import { randomUUID } from 'node:crypto';
import { apiPaths, REFRESH_COOKIE, type ErrorBody, type LoginResponse, type MeResponse } from '@actionday/contracts';
import { createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { PASSWORD, TestApp } from './support/test-app';

describe('authentication, authorization and bad input', () => {
  let t: TestApp;
  let s: Scenario;
  let outsider: { id: string; token: string; email: string };

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    // An officer of another operation.
    const other = await t.user(`other-organizer-${randomUUID()}@test.example`, { canOrganize: true });
    const op = await expectStatus(
      t.post<{ id: string }>(
        apiPaths.operations,
        { name: 'Other', kind: 'hackathon', startsAt: '2026-11-23T06:00:00Z', endsAt: '2026-11-24T06:00:00Z', timezone: 'UTC', countries: ['DE'] },
        other.token,
      ),
      201,
    );
    outsider = await t.user(`outsider-${randomUUID()}@test.example`);
    await expectStatus(t.post(apiPaths.members(op.id), { email: outsider.email, role: 'officer' }, other.token), 201);
  });
  afterAll(() => t.close());

  it('an officer of another operation gets 404 everywhere in this one', async () => {
    const opId = s.operation.id;
    const target = await createTarget(t, s, { kind: 'url', value: 'https://www.ads.example/a/1?utm_source=x#top' });
    expect(target.normalized).toBe('ads.example/a/1');
    for (const path of [apiPaths.operation(opId), apiPaths.targets(opId), apiPaths.findings(opId), apiPaths.tallies(opId), apiPaths.events(opId), apiPaths.teams(opId)]) {
      expect({ path, status: (await t.get(path, outsider.token)).status }).toEqual({ path, status: 404 });
    }
    expect((await t.patch(apiPaths.target(target.id), { status: 'in_progress', version: 1 }, outsider.token)).status).toBe(404);
    expect((await t.post(apiPaths.findings(opId), { clientId: randomUUID(), type: 'suspect' }, outsider.token)).status).toBe(404);
    const live = await t.live(outsider.token);
    expect(await live.subscribe(opId)).toEqual({ ok: false, error: 'not found' });
    // and the same answer as for an operation that does not exist at all
    expect((await t.get(apiPaths.operation(randomUUID()), outsider.token)).status).toBe(404);
    expect((await t.get(apiPaths.operation('not-a-uuid'), outsider.token)).status).toBe(404);
    expect((await t.patch(apiPaths.target('not-a-uuid'), { status: 'done', outcome: 'confirmed', version: 1 }, outsider.token)).status).toBe(404);
  });

  it('a role too low inside the operation gets 403', async () => {
    const opId = s.operation.id;
    expect((await t.post(apiPaths.targets(opId), { kind: 'platform', value: 'x.example' }, s.officerNl.token)).status).toBe(403);
    expect((await t.post(apiPaths.teams(opId), { name: 'Belgium' }, s.observer.token)).status).toBe(403);
    expect((await t.post(apiPaths.findings(opId), { clientId: randomUUID(), type: 'suspect' }, s.observer.token)).status).toBe(403);
    expect((await t.post(apiPaths.transitions(opId), { to: 'closed' }, s.coordinator.token)).status).toBe(403);
    expect((await t.post(apiPaths.members(opId), { email: s.observer.email, role: 'organizer' }, s.coordinator.token)).status).toBe(403);
  });

  it('requires a valid token and rejects a socket without one', async () => {
    expect((await t.get(apiPaths.me)).status).toBe(401);
    expect((await t.get(apiPaths.me, 'not.a.jwt')).status).toBe(401);
    await expect(t.live('forged')).rejects.toThrow('unauthorized');
  });

  it('answers bad input with a 400 naming the failing fields, and changes nothing', async () => {
    const opId = s.operation.id;
    const res = await t.post<ErrorBody>(apiPaths.targets(opId), { kind: 'fax', value: '', extra: 1 }, s.coordinator.token);
    expect(res.status).toBe(400);
    expect(res.body.details?.map((d) => d.path).sort()).toEqual(expect.arrayContaining(['kind', 'value']));
    const malformed = await t.request<ErrorBody>('POST', apiPaths.targets(opId), {
      token: s.coordinator.token,
      rawBody: '{"kind": "platform",',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/JSON/);
    const huge = await t.post<ErrorBody>(apiPaths.targets(opId), { kind: 'other', value: 'x', notes: 'n'.repeat(1_100_000) }, s.coordinator.token);
    expect(huge.status).toBe(413);
    const finding = await t.post<ErrorBody>(apiPaths.findings(opId), { clientId: randomUUID(), type: 'suspect', indicators: ['no_such_indicator'] }, s.officerNl.token);
    expect(finding.status).toBe(400);
    expect(finding.body.details?.[0]).toMatchObject({ path: 'indicators' });
    const badCursor = await t.get<ErrorBody>(`${apiPaths.targets(opId)}?cursor=garbage`, s.coordinator.token);
    expect(badCursor.status).toBe(400);
    const badLimit = await t.get<ErrorBody>(`${apiPaths.targets(opId)}?limit=100000`, s.coordinator.token);
    expect(badLimit.status).toBe(400);
    const targets = await expectStatus(t.get<{ items: unknown[] }>(`${apiPaths.targets(opId)}?q=x.example`, s.coordinator.token), 200);
    expect(targets.items).toHaveLength(0);
    const socket = await t.live(s.coordinator.token);
    expect(await socket.subscribe('nope' as string)).toMatchObject({ ok: false, error: expect.stringContaining('bad request') });
  });

  it('logs in, rotates the refresh token, detects its reuse and logs out', async () => {
    const login = await t.post<LoginResponse>(apiPaths.login, { email: s.officerNl.email, password: PASSWORD });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${REFRESH_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const first = cookie.split(';')[0];
    const refreshed = await t.request<LoginResponse>('POST', apiPaths.refresh, { headers: { cookie: first } });
    expect(refreshed.status).toBe(200);
    const me = await expectStatus(t.get<MeResponse>(apiPaths.me, refreshed.body.accessToken), 200);
    expect(me.memberships.map((m) => m.role)).toEqual(['officer']);
    const second = (refreshed.headers.get('set-cookie') ?? '').split(';')[0];
    // Presenting the rotated token again revokes the family: the newer one stops working too.
    expect((await t.request('POST', apiPaths.refresh, { headers: { cookie: first } })).status).toBe(401);
    expect((await t.request('POST', apiPaths.refresh, { headers: { cookie: second } })).status).toBe(401);
    const wrong = await t.post<ErrorBody>(apiPaths.login, { email: s.officerNl.email, password: 'wrong password' });
    expect(wrong.status).toBe(401);
    const unknown = await t.post<ErrorBody>(apiPaths.login, { email: 'nobody@test.example', password: 'wrong password' });
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('throttles repeated failed sign-ins with a short, growing wait instead of a lockout', async () => {
    const victim = await t.user(`throttled-${randomUUID()}@test.example`);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.post(apiPaths.login, { email: victim.email, password: 'nope' })).status);
    // Three free failures from one address, then a wait.
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const waiting = await t.post<ErrorBody>(apiPaths.login, { email: victim.email, password: PASSWORD });
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(waiting.body.message).toBe('too many failed sign-ins; try again in 1 second');
    // After the wait the right password gets in: nothing stays locked.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await t.post(apiPaths.login, { email: victim.email, password: PASSWORD })).status).toBe(200);
    expect((await t.post(apiPaths.login, { email: victim.email, password: 'nope' })).status).toBe(401);
  });

  it('only an administrator creates accounts, and only an organizer-capable account creates operations', async () => {
    const admin = await t.user(`admin-${randomUUID()}@test.example`, { isAdmin: true });
    const body = { email: `new-${randomUUID()}@test.example`, displayName: 'New Officer', password: 'a long enough password' };
    expect((await t.post(apiPaths.users, body, s.organizer.token)).status).toBe(403);
    expect((await t.post(apiPaths.users, body, admin.token)).status).toBe(201);
    expect((await t.post(apiPaths.users, body, admin.token)).status).toBe(409);
    const op = { name: 'X', kind: 'mapping', startsAt: '2026-11-23T06:00:00Z', endsAt: '2026-11-24T06:00:00Z', timezone: 'UTC', countries: ['NL'] };
    expect((await t.post(apiPaths.operations, op, s.officerNl.token)).status).toBe(403);
    expect((await t.post(apiPaths.operations, { ...op, timezone: 'Mars/Olympus' }, admin.token)).status).toBe(400);
  });

  it('enforces planning -> live -> closed and freezes a closed operation', async () => {
    const other = await scenario(t, { live: false });
    const opId = other.operation.id;
    expect((await t.post(apiPaths.findings(opId), { clientId: randomUUID(), type: 'suspect' }, other.officerNl.token)).status).toBe(409);
    expect((await t.post(apiPaths.transitions(opId), { to: 'closed' }, other.organizer.token)).status).toBe(409);
    expect((await t.post(apiPaths.transitions(opId), { to: 'live' }, other.organizer.token)).status).toBe(200);
    expect((await t.post(apiPaths.transitions(opId), { to: 'closed' }, other.organizer.token)).status).toBe(200);
    expect((await t.post(apiPaths.targets(opId), { kind: 'platform', value: 'late.example' }, other.coordinator.token)).status).toBe(409);
    expect((await t.post(apiPaths.findings(opId), { clientId: randomUUID(), type: 'suspect' }, other.officerNl.token)).status).toBe(409);
    const frozen = await expectStatus(t.get<{ frozen: boolean }>(apiPaths.tallies(opId), other.observer.token), 200);
    expect(frozen.frozen).toBe(true);
  });
});
