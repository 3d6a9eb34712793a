import { createHash, randomUUID } from 'node:crypto';
import { apiPaths, EVENT_TYPES, isApiKey, type CreatedApiKey, type Finding, type Publication, type SnowballResponse, type Team } from '@actionday/contracts';
import { VictimReleasesService } from '../src/tallies/victim-releases.service';
import { deniedCanaries, leaks, registeredRoutes, ROUTES, type Canary, type Captured, type MatrixIds, type Persona } from './support/policy-matrix';
import { createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The need-to-know matrix: as organizer, coordinator, officer of the logging team, officers of
 * two other teams, observer, member of another operation, a demoted and a removed member, and
 * anonymous, every registered route and every socket frame, live and after close, checked for
 * canaries the policy table (libs/contracts/src/policy.ts) does not grant them.
 */
describe('policy matrix: no canary reaches anyone the need-to-know table denies', () => {
  let t: TestApp;
  let s: Scenario;
  let personas: Persona[];
  let canaries: Canary[];
  let ids: MatrixIds;
  /** The tool's key, which was shown once, to the coordinator who made it: in nothing after that. */
  let toolSecret = '';
  const captured: Captured[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    const op = s.operation.id;
    const teamC = await expectStatus(t.post<Team>(apiPaths.teams(op), { name: 'Germany', country: 'DE' }, s.organizer.token), 201);
    const join = async (who: string, role: string, teamId?: string) => {
      const actor = await t.user(`${who}-${randomUUID()}@test.example`);
      await expectStatus(t.post(apiPaths.members(op), { email: actor.email, role, teamId }, s.organizer.token), 201);
      return { ...actor, token: await t.login(actor.email) };
    };
    const officerC = await join('officer-de', 'officer', teamC.id);
    const demoted = await join('demoted', 'coordinator');
    const removed = await join('removed', 'officer', s.teams.nl.id);
    const other = await scenario(t);
    const outsider = other.officerNl;
    // A tool's API key, bound to the third team: an officer of that team, and nothing more.
    const tool = await expectStatus(t.post<CreatedApiKey>(apiPaths.apiKeys(op), { name: 'Matrix detection tool', teamId: teamC.id }, s.coordinator.token), 201);
    toolSecret = tool.secret;

    const persona = (name: string, a: { id: string; email: string; token: string } | null, viewer: Persona['viewer']): Persona => ({
      name,
      token: a?.token ?? null,
      userId: a?.id ?? null,
      email: a?.email ?? null,
      viewer,
    });
    personas = [
      persona('organizer', s.organizer, { role: 'organizer', teamId: null }),
      persona('coordinator', s.coordinator, { role: 'coordinator', teamId: null }),
      persona('officer of the logging team', s.officerNl, { role: 'officer', teamId: s.teams.nl.id }),
      persona('officer of the linking team', s.officerUa, { role: 'officer', teamId: s.teams.ua.id }),
      persona('officer of another team', officerC, { role: 'officer', teamId: teamC.id }),
      { name: 'API key of another team', token: tool.secret, userId: tool.key.userId, email: null, viewer: { role: 'officer', teamId: teamC.id } },
      persona('observer', s.observer, { role: 'observer', teamId: null }),
      persona('member of another operation', outsider, null),
      persona('demoted to observer', demoted, { role: 'observer', teamId: null }),
      persona('removed member', removed, null),
      persona('anonymous', null, null),
    ];

    // Sockets first, subscribed before anything restricted exists; the demoted and the removed
    // member then lose their access with their sockets open.
    for (const p of personas) {
      // An API key has no socket (api-keys.int-spec.ts checks it is refused one).
      if (!p.token || isApiKey(p.token)) continue;
      const live = await t.live(p.token);
      await live.subscribe(op, 0);
      // Each event of a frame is its own capture, so that a canary allowed in one event type
      // is not excused by another event that shares its frame; the frame's own fields too.
      live.socket.on('events', ({ events, ...frame }) => {
        captured.push({ persona: p.name, source: 'socket frame', text: JSON.stringify(frame) });
        for (const e of events) captured.push({ persona: p.name, source: `socket event ${e.type}`, text: JSON.stringify(e) });
      });
      for (const name of ['presence', 'access', 'progress'] as const) {
        live.socket.on(name, (message: unknown) => captured.push({ persona: p.name, source: `socket ${name}`, text: JSON.stringify(message) }));
      }
    }
    await expectStatus(t.post(apiPaths.members(op), { email: demoted.email, role: 'observer' }, s.organizer.token), 201);
    expect((await t.request('DELETE', apiPaths.member(op, removed.id), { token: s.organizer.token })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 300));

    // The restricted records, each field with its own canary.
    await expectStatus(t.post(apiPaths.indicators(op), { code: 'canary_indicator_x', label: 'Canary indicator' }, s.coordinator.token), 201);
    await expectStatus(t.post(apiPaths.indicators(op), { code: 'canary_link_indicator', label: 'Canary link indicator' }, s.coordinator.token), 201);
    const log = (token: string, body: Record<string, unknown>) => expectStatus(t.post<Finding>(apiPaths.findings(op), { clientId: randomUUID(), ...body }, token), 201);
    // An import for real (the matrix walks the import route as a dry run), so that every event
    // type goes by the sockets.
    const imported = await t.request('POST', `${apiPaths.targetsImport(op)}?dryRun=false`, {
      token: s.coordinator.token,
      rawBody: 'kind,value\nplatform,imported-by-the-matrix.example\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(201);
    const site = await createTarget(t, s, { kind: 'platform', value: 'site-of-the-victim.example', country: 'NL' });
    await expectStatus(t.post(apiPaths.assignments(op), { teamId: s.teams.nl.id, targetIds: [site.id] }, s.coordinator.token), 200);
    const victimClientId = randomUUID();
    const victim = await expectStatus(
      t.post<Finding>(
        apiPaths.findings(op),
        {
          clientId: victimClientId,
          type: 'possible_victim',
          targetId: site.id,
          alias: 'CANARY-ALIAS-Lena',
          nationality: 'KZ',
          ageMin: 15,
          ageMax: 17,
          minor: true,
          identifiers: [
            { kind: 'phone', value: '+31 6 1111 2222' },
            { kind: 'email', value: 'canary.victim.mail@mail.example' },
            { kind: 'phone', value: '+31 6 9999 0000' },
          ],
          indicators: ['canary_indicator_x'],
          evidence: [{ url: 'https://evidence.example/CANARY-EVIDENCE', capturedAt: '2026-11-23T10:00:00Z', sha256: 'c0ffee'.repeat(10) + 'c0de' }],
          notes: 'CANARY-VICTIM-NOTES',
        },
        s.officerNl.token,
      ),
      201,
    );
    // Another team logs a suspect with a number the victim has (a match) and links it to her.
    const suspect = await log(s.officerUa.token, {
      type: 'suspect',
      alias: 'Boss',
      identifiers: [{ kind: 'phone', value: '+31 6 9999 0000' }],
      notes: 'CANARY-SUSPECT-NOTES',
      evidence: [{ url: 'https://evidence.example/CANARY-SUSPECT-EVIDENCE', capturedAt: '2026-11-23T10:00:00Z', sha256: 'ab'.repeat(32) }],
    });
    const link = await log(s.officerUa.token, {
      type: 'link',
      fromFindingId: suspect.id,
      toFindingId: victim.id,
      reason: 'CANARY-LINK-REASON',
      indicators: ['canary_link_indicator'],
    });
    // Her e-mail becomes a target, worked by a third team, which logs a finding on it.
    const snow = await expectStatus(t.post<SnowballResponse>(apiPaths.snowball(op), { findingId: victim.id, identifierIndex: 1 }, s.officerNl.token), 201);
    await expectStatus(t.post(apiPaths.assignments(op), { teamId: teamC.id, targetIds: [snow.target.id] }, s.coordinator.token), 200);
    await log(officerC.token, {
      type: 'suspect',
      targetId: snow.target.id,
      identifiers: [{ kind: 'email', value: 'canary.victim.mail@mail.example' }],
      notes: 'CANARY-ON-RESTRICTED-TARGET',
    });
    // Another team's victim is the same person: marked a duplicate of hers.
    const same = await log(s.officerUa.token, { type: 'possible_victim', alias: 'Lena again', nationality: 'UA' });
    await expectStatus(t.patch(apiPaths.finding(same.id), { status: 'duplicate', duplicateOf: victim.id, version: 1 }, s.coordinator.token), 200);
    const plain = await createTarget(t, s, { kind: 'platform', value: 'plain-ads.example' });
    await expectStatus(t.patch(apiPaths.finding(victim.id), { status: 'confirmed', version: 1 }, s.coordinator.token), 200);
    // Two more victims, so that a release of the victim figures happens.
    for (const alias of ['Second', 'Third']) await log(s.officerNl.token, { type: 'possible_victim', alias, nationality: 'UA' });
    await t.app.get(VictimReleasesService).runOnce(new Date(Date.now() + 3_600_000));

    ids = {
      operationId: op,
      otherOperationId: other.operation.id,
      victimId: victim.id,
      victimClientId,
      linkId: link.id,
      suspectId: suspect.id,
      snowTargetId: snow.target.id,
      plainTargetId: plain.id,
      victimTargetId: site.id,
      teamA: s.teams.nl.id,
      removedUserId: removed.id,
      slug: null,
    };
    const A = s.teams.nl.id;
    const B = s.teams.ua.id;
    const C = teamC.id;
    // What an organizer published, with the publication's own suppression, is public.
    const publicationsOnly = (source: string) => /publication/.test(source);
    canaries = [
      { name: 'victim alias', pattern: /CANARY-ALIAS/, dataClass: 'victim_details', teams: [A] },
      { name: 'victim age', pattern: /"ageM(in|ax)":1[57]/, dataClass: 'victim_details', teams: [A] },
      { name: 'victim phone', pattern: /1111 ?2222/, dataClass: 'restricted_identifiers', teams: [A] },
      // Her e-mail, and the target made from it: the third team works on that target.
      { name: 'victim e-mail (and the target snowballed from it)', pattern: /canary\.victim\.mail/, dataClass: 'restricted_identifiers', teams: [A, C] },
      { name: 'a finding on the target made from her e-mail', pattern: /CANARY-ON-RESTRICTED-TARGET/, dataClass: 'victim_details', teams: [A, C] },
      { name: 'victim notes', pattern: /CANARY-VICTIM-NOTES/, dataClass: 'victim_details', teams: [A] },
      { name: 'victim evidence', pattern: /CANARY-EVIDENCE|c0ffeec0ffee/, dataClass: 'victim_details', teams: [A] },
      { name: 'victim nationality', pattern: /\bKZ\b/, dataClass: 'victim_attributes', teams: [A], allowedIn: publicationsOnly },
      { name: 'victim minor flag', pattern: /"minor":true/, dataClass: 'victim_attributes', teams: [A] },
      {
        name: 'victim indicator',
        pattern: /canary_indicator_x/,
        dataClass: 'victim_attributes',
        teams: [A],
        // The catalogue lists every code, used or not.
        allowedIn: (source) => /indicators|indicator\.created/.test(source),
      },
      { name: 'link reason', pattern: /CANARY-LINK-REASON/, dataClass: 'victim_details', teams: [A, B] },
      {
        name: 'link indicator',
        pattern: /canary_link_indicator/,
        dataClass: 'victim_attributes',
        teams: [A, B],
        allowedIn: (source) => /indicators|indicator\.created/.test(source),
      },
      { name: 'suspect notes and evidence', pattern: /CANARY-SUSPECT-(NOTES|EVIDENCE)/, dataClass: 'notes_evidence', teams: [B] },
      { name: 'victim figure of one write', pattern: /"metric":"(victims_[a-z]+|victim_indicator)"/, dataClass: 'victim_figures', teams: [] },
      { name: 'the victim finding behind a match side or a duplicate', pattern: new RegExp(`"(findingId|duplicateOf)":"${victim.id}"`), dataClass: 'restricted_identifiers', teams: [A] },
      { name: 'the victim finding at the end of a link', pattern: new RegExp(`"(toFindingId|fromFindingId)":"${victim.id}"`), dataClass: 'restricted_identifiers', teams: [A, B] },
      { name: 'the victim finding a target was made from', pattern: new RegExp(`"sourceFindingId":"${victim.id}"`), dataClass: 'restricted_identifiers', teams: [A, C] },
      { name: 'the target the victim was logged on', pattern: new RegExp(`"targetId":"${site.id}"`), dataClass: 'restricted_identifiers', teams: [A] },
      {
        name: 'the victim found by a search on its target',
        pattern: new RegExp(`"id":"${victim.id}"`),
        dataClass: 'restricted_identifiers',
        teams: [A],
        // Her redacted finding is listed for everyone; only a search by target must not find it.
        allowedIn: (source) => !source.includes('targetId='),
      },
      ...personas
        .filter((p) => p.email && p.viewer)
        .map((p) => ({ name: `e-mail of the ${p.name}`, pattern: new RegExp(escape(p.email!)), dataClass: 'member_contact' as const, teams: [], ownerUserId: p.userId! })),
    ];
  });
  afterAll(() => t.close());

  const walk = async (phase: string) => {
    for (const p of personas) {
      for (const route of ROUTES) {
        for (const c of await route.probe(t, p, ids)) captured.push({ ...c, source: `${phase}: ${c.source}` });
      }
    }
  };

  it('walks every route the application registers', () => {
    const walked = ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect(registeredRoutes(t.app).sort()).toEqual(walked);
  });

  it('lets no canary through, live and after close, on any route, in any socket frame', async () => {
    await walk('live');
    // Closed, published: the frozen figures, the report of the snapshot and the public pages.
    await expectStatus(t.post(apiPaths.transitions(ids.operationId), { to: 'closed' }, s.organizer.token), 200);
    const publication = await expectStatus(
      t.post<Publication>(
        apiPaths.publications(ids.operationId),
        { title: 'Matrix day', figures: ['possibleVictims.total', 'possibleVictims.byNationality', 'possibleVictims.minors', 'suspects'] },
        s.organizer.token,
      ),
      201,
    );
    ids.slug = publication.slug;
    await walk('closed');
    await new Promise((r) => setTimeout(r, 300));

    const found = leaks(captured, personas, canaries);
    expect(found).toEqual([]);
    // Nor the secret of an API key, nor its SHA-256, to anyone, organizers included: the key list
    // (walked by every persona) shows its prefix only.
    const secretHash = createHash('sha256').update(toolSecret).digest();
    const secretForms = [toolSecret, secretHash.toString('hex'), secretHash.toString('base64')];
    expect(captured.filter((c) => secretForms.some((f) => c.text.includes(f))).map((c) => `${c.persona} in ${c.source}`)).toEqual([]);
    expect(captured.some((c) => c.source.includes('GET /api/v1/operations/') && c.source.includes('/api-keys -> 200') && c.text.includes(toolSecret.slice(0, 12)))).toBe(true);

    // The matrix is not empty: every canary is really there, for those who may see it.
    const organizerText = captured.filter((c) => c.persona === 'organizer').map((c) => c.text).join('\n');
    for (const c of canaries) expect({ canary: c.name, seenByOrganizer: c.pattern.test(organizerText) }).toEqual({ canary: c.name, seenByOrganizer: true });
    const ownTeamText = captured.filter((c) => c.persona === 'officer of the logging team').map((c) => c.text).join('\n');
    expect(ownTeamText).toMatch(/CANARY-ALIAS/);
    expect(ownTeamText).toMatch(/canary\.victim\.mail/);
    // Each persona was walked through every route and got frames on its socket where it had one.
    for (const p of personas) {
      expect(captured.filter((c) => c.persona === p.name).length).toBeGreaterThan(ROUTES.length);
      if (p.name !== 'organizer' && p.name !== 'coordinator') expect(deniedCanaries(p, canaries).length).toBeGreaterThan(0);
    }
    // Every event type the platform sends went by at least once, so every one was read for canaries.
    const sent = new Set(captured.filter((c) => c.source.startsWith('socket event ')).map((c) => c.source.slice('socket event '.length)));
    expect(EVENT_TYPES.filter((type) => !sent.has(type))).toEqual([]);
    const frames = (name: string) => captured.filter((c) => c.persona === name && c.source.startsWith('socket event')).length;
    expect(frames('observer')).toBeGreaterThan(10);
    expect(frames('officer of another team')).toBeGreaterThan(10);
    // The API key is its team's officer while the operation is live (it sees the target its team
    // works, made from the victim's e-mail), is refused a person's routes and a coordinator's,
    // and no longer works once the operation is closed.
    const byKey = captured.filter((c) => c.persona === 'API key of another team');
    expect(byKey.filter((c) => c.source.startsWith('live:')).map((c) => c.text).join('\n')).toMatch(/canary\.victim\.mail/);
    const answered = (phase: string, route: string) => byKey.filter((c) => c.source.startsWith(`${phase}: ${route} -> `)).map((c) => c.source.slice(c.source.lastIndexOf(' ') + 1));
    for (const route of [`GET ${apiPaths.me}`, `GET ${apiPaths.operations}`, `GET ${apiPaths.apiKeys(ids.operationId)}`, `POST ${apiPaths.apiKeys(ids.operationId)}`]) {
      expect({ route, live: answered('live', route), closed: answered('closed', route) }).toEqual({ route, live: ['403'], closed: ['401'] });
    }
    // 10 personas x every route, twice: about 15 s alone, twice that on a busy CI machine.
  }, 120_000);
});
