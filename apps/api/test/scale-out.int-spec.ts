import { randomUUID } from 'node:crypto';
import { apiPaths, type Finding } from '@actionday/contracts';
import { canReachRedis } from './support/redis';
import { expectStatus, scenario, type Scenario } from './support/scenario';
import { PASSWORD, TestApp } from './support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two API instances behind a load balancer share the stream through the socket.io Redis adapter.
 * Needs a Redis server (TEST_REDIS_URL, default the local one); CI has one.
 */
describe('two API instances with the Redis adapter', () => {
  let a: TestApp;
  let b: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    if (!(await canReachRedis(REDIS_URL))) throw new Error(`no Redis at ${REDIS_URL}: set TEST_REDIS_URL or start one`);
    a = await TestApp.start({ redisUrl: REDIS_URL });
    b = await a.replica();
    s = await scenario(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('delivers a write on one instance, with its restricted details, to clients of the other', async () => {
    const onB = await b.live(s.coordinator.token);
    const observerOnB = await b.live(s.observer.token);
    await onB.subscribe(s.operation.id);
    await observerOnB.subscribe(s.operation.id);
    const victim = await expectStatus(
      a.post<Finding>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'possible_victim', alias: 'Mila', nationality: 'UA' }, s.officerNl.token),
      201,
    );
    const created = (c: typeof onB) => c.ofType('finding.created').find((e) => e.data.finding.id === victim.id);
    await onB.waitFor(() => created(onB) !== undefined);
    await observerOnB.waitFor(() => created(observerOnB) !== undefined);
    expect(created(onB)?.data.finding).toMatchObject({ redacted: false, details: { alias: 'Mila' } });
    expect(created(observerOnB)?.data.finding).toMatchObject({ redacted: true, details: null });
    expect(created(onB)?.seq).toBe(created(observerOnB)?.seq);
  });

  it('counts who is online across both instances', async () => {
    const nlOnA = await a.live(s.officerNl.token);
    const uaOnB = await b.live(s.officerUa.token);
    await nlOnA.subscribe(s.operation.id);
    await uaOnB.subscribe(s.operation.id);
    const deadline = Date.now() + 5000;
    const online = () => new Set((nlOnA.presence.at(-1)?.online ?? []).map((o) => o.userId));
    while (!(online().has(s.officerUa.id) && online().has(s.officerNl.id))) {
      if (Date.now() > deadline) throw new Error(`presence never showed both: ${JSON.stringify(nlOnA.presence.at(-1))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  });

  it('moves a demoted member’s socket on the other instance, and closes a logged-out session there', async () => {
    const who = await a.user(`moved-${randomUUID()}@test.example`);
    await expectStatus(a.post(apiPaths.members(s.operation.id), { email: who.email, role: 'coordinator' }, s.organizer.token), 201);
    const login = await a.post<{ accessToken: string }>(apiPaths.login, { email: who.email, password: PASSWORD });
    const onB = await b.live(login.body.accessToken);
    await onB.subscribe(s.operation.id);
    const notice = new Promise((resolve) => onB.socket.once('access', resolve));
    // The change is made through instance A; the socket lives on instance B.
    await expectStatus(a.post(apiPaths.members(s.operation.id), { email: who.email, role: 'observer' }, s.organizer.token), 201);
    expect(await notice).toMatchObject({ operationId: s.operation.id, reason: 'changed' });
    const victim = await expectStatus(
      a.post<Finding>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'possible_victim', alias: 'After the change' }, s.officerNl.token),
      201,
    );
    await onB.waitFor(() => onB.ofType('finding.created').some((e) => e.data.finding.id === victim.id));
    expect(onB.ofType('finding.created').find((e) => e.data.finding.id === victim.id)?.data.finding).toMatchObject({ redacted: true, details: null });

    const closed = new Promise((resolve) => onB.socket.once('disconnect', resolve));
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await a.request('POST', apiPaths.logout, { headers: { cookie } })).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
  });
});
