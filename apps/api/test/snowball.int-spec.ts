import { randomUUID } from 'node:crypto';
import { apiPaths, type Finding, type SnowballResponse } from '@actionday/contracts';
import { assign, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

describe('snowballing: an identifier of a finding becomes a target in one click', () => {
  let t: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
  });
  afterAll(() => t.close());

  const log = (token: string, body: Record<string, unknown>) =>
    expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), ...body }, token), 201);
  const snowball = (token: string, findingId: string, identifierIndex: number) =>
    t.post<SnowballResponse>(apiPaths.snowball(s.operation.id), { findingId, identifierIndex }, token);

  it('creates a linked target with a suggested team, once', async () => {
    const site = await createTarget(t, s, { kind: 'platform', value: 'rotterdam-ads.example', country: 'NL', language: 'nl', tags: ['labour'] });
    await assign(t, s, s.teams.nl.id, [site.id]);
    const finding = await log(s.officerNl.token, {
      type: 'suspect',
      targetId: site.id,
      alias: 'Boss',
      identifiers: [
        { kind: 'phone', value: '06 5555 1234' },
        { kind: 'username', value: '@Boss_NL', platform: 'www.instagram.com' },
      ],
    });
    const first = await snowball(s.officerNl.token, finding.id, 0);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      created: true,
      suggestedTeamId: s.teams.nl.id,
      target: { kind: 'phone', normalized: '+31655551234', sourceFindingId: finding.id, country: 'NL', language: 'nl', tags: ['labour'], status: 'unassigned' },
    });
    const again = await snowball(s.officerNl.token, finding.id, 0);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, target: { id: first.body.target.id } });
    const handle = await expectStatus(snowball(s.coordinator.token, finding.id, 1), 201);
    expect(handle.target.normalized).toBe('boss_nl@instagram.com');
  });

  it('links to the target an identifier already is, spelled differently', async () => {
    const existing = await createTarget(t, s, { kind: 'email', value: 'recruiter.jobs@example.net' });
    const finding = await log(s.officerUa.token, { type: 'site_assessment', siteName: 'Jobs', identifiers: [{ kind: 'email', value: ' Recruiter.Jobs@EXAMPLE.net' }] });
    const res = await snowball(s.officerUa.token, finding.id, 0);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: false, target: { id: existing.id } });
  });

  it('keeps possible victims to those who may see them, and checks its input', async () => {
    const victim = await log(s.officerNl.token, { type: 'possible_victim', alias: 'V', identifiers: [{ kind: 'phone', value: '+31 6 4444 0000' }] });
    expect((await snowball(s.officerUa.token, victim.id, 0)).status).toBe(404);
    expect((await snowball(s.observer.token, victim.id, 0)).status).toBe(403);
    expect((await snowball(s.officerNl.token, victim.id, 5)).status).toBe(400);
    expect((await snowball(s.officerNl.token, randomUUID(), 0)).status).toBe(404);
    expect((await snowball(s.coordinator.token, victim.id, 0)).status).toBe(201);
  });
});
