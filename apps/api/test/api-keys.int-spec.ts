import { createHash, randomUUID } from 'node:crypto';
import { apiPaths, type ApiKey, type AuditVerification, type CreatedApiKey, type ErrorBody, type Finding, type Page } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { expectStatus, scenario, type Scenario } from './support/scenario';
import { PASSWORD, TestApp } from './support/test-app';

interface AuditRow {
  seq: number;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: Record<string, unknown> | null;
}

/**
 * Operation-scoped API keys: a coordinator makes one for a team, the tool acts as that team's
 * officer in that operation only, the secret is shown once and kept as its SHA-256, a revoked or
 * expired key answers 401, and every request made with a key is in the operation's audit chain.
 */
describe('API keys for automated tools', () => {
  let t: TestApp;
  let s: Scenario;
  let other: Scenario;
  let db: DataSource;
  let created: CreatedApiKey;

  const op = () => s.operation.id;
  const makeKey = (body: Record<string, unknown>, token = s.coordinator.token) => t.post<CreatedApiKey & ErrorBody>(apiPaths.apiKeys(op()), body, token);
  const list = (token = s.coordinator.token) => t.get<{ items: ApiKey[] } & ErrorBody>(apiPaths.apiKeys(op()), token);
  const revoke = (keyId: string, token = s.coordinator.token) => t.request<ErrorBody>('DELETE', apiPaths.apiKey(op(), keyId), { token });
  const finding = (operationId: string, body: Record<string, unknown>, token: string) =>
    t.post<Finding & ErrorBody>(apiPaths.findings(operationId), { clientId: randomUUID(), ...body }, token);
  const audit = async (operationId = op()): Promise<AuditRow[]> =>
    (
      await db.query(`SELECT seq, actor_id, action, entity_type, entity_id, details FROM audit_log WHERE operation_id = $1 ORDER BY seq`, [operationId])
    ).map((r: AuditRow & { seq: string; details: string | null }) => ({ ...r, seq: Number(r.seq), details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>) }));
  /** The api_key.use entries of a key, once `count` of them are there (they are appended after each answer). */
  const uses = async (keyId: string, count: number): Promise<AuditRow[]> => {
    let rows: AuditRow[] = [];
    for (let i = 0; i < 200; i++) {
      rows = (await audit()).filter((r) => r.action === 'api_key.use' && r.entity_id === keyId);
      if (rows.length >= count) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return rows;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    other = await scenario(t);
    db = t.app.get(DataSource);
    created = await expectStatus(makeKey({ name: 'Detection tool NL', teamId: s.teams.nl.id }), 201);
  });
  afterAll(() => t.close());

  it('shows the secret once, lists the key without it, and stores only its SHA-256', async () => {
    expect(created.secret).toMatch(/^adk_[A-Za-z0-9_-]{43}$/);
    expect(created.key).toMatchObject({
      operationId: op(),
      name: 'Detection tool NL',
      teamId: s.teams.nl.id,
      prefix: created.secret.slice(0, 12),
      createdBy: s.coordinator.id,
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    const hash = createHash('sha256').update(created.secret).digest();
    for (const token of [s.coordinator.token, s.organizer.token]) {
      const res = await list(token);
      expect(res.status).toBe(200);
      expect(res.body.items.map((k) => k.id)).toContain(created.key.id);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(created.secret);
      expect(text).not.toContain(created.secret.slice(12));
      expect(text).not.toContain(hash.toString('hex'));
      expect(text).not.toContain(hash.toString('base64'));
    }
    const rows: { secret_sha256: Buffer; dump: string }[] = await db.query(`SELECT secret_sha256, row_to_json(k)::text AS dump FROM api_keys k WHERE id = $1`, [created.key.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].secret_sha256.equals(hash)).toBe(true);
    expect(rows[0].dump).not.toContain(created.secret.slice(12));
    // Nothing anywhere in the database holds the secret: not the key's account, not the audit entry of its creation.
    const [{ found }]: { found: boolean }[] = await db.query(
      `SELECT EXISTS (SELECT 1 FROM users u WHERE row_to_json(u)::text LIKE '%' || $1 || '%')
           OR EXISTS (SELECT 1 FROM audit_log a WHERE a.details LIKE '%' || $1 || '%') AS found`,
      [created.secret.slice(12)],
    );
    expect(found).toBe(false);
    const made = (await audit()).filter((r) => r.action === 'api_key.create');
    expect(made).toEqual([expect.objectContaining({ actor_id: s.coordinator.id, entity_type: 'api_key', entity_id: created.key.id, details: { after: created.key } })]);
  });

  it('lets only coordinators and organizers of the operation make, list and revoke keys', async () => {
    const body = { name: 'Not allowed', teamId: s.teams.nl.id };
    for (const who of [s.officerNl, s.observer]) {
      expect((await makeKey(body, who.token)).status).toBe(403);
      expect((await list(who.token)).status).toBe(403);
      expect((await revoke(created.key.id, who.token)).status).toBe(403);
    }
    // A member of another operation: this one does not exist for them.
    expect((await makeKey(body, other.coordinator.token)).status).toBe(404);
    expect((await list(other.coordinator.token)).status).toBe(404);
    expect((await revoke(created.key.id, other.coordinator.token)).status).toBe(404);
    expect((await t.post(apiPaths.apiKeys(op()), body)).status).toBe(401);
    // The organizer may make one too.
    const byOrganizer = await expectStatus(makeKey({ name: 'Organizer tool', teamId: s.teams.ua.id }, s.organizer.token), 201);
    expect(byOrganizer.key.createdBy).toBe(s.organizer.id);
    // Nothing was made by the refused attempts.
    expect((await expectStatus(list(), 200)).items.map((k) => k.name).sort()).toEqual(['Detection tool NL', 'Organizer tool']);
  });

  it('answers bad input with a 400 naming the field', async () => {
    const wrongTeam = await makeKey({ name: 'Tool', teamId: other.teams.nl.id });
    expect(wrongTeam.status).toBe(400);
    expect(wrongTeam.body.details).toEqual([{ path: 'teamId', message: 'no such team in this operation' }]);
    const past = await makeKey({ name: 'Tool', teamId: s.teams.nl.id, expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.details).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
    const noName = await makeKey({ teamId: s.teams.nl.id });
    expect(noName.status).toBe(400);
    expect(noName.body.details?.map((d) => d.path)).toEqual(['name']);
    const extra = await makeKey({ name: 'Tool', teamId: s.teams.nl.id, role: 'coordinator' });
    expect(extra.status).toBe(400);
    expect((await revoke('not-an-id')).status).toBe(404);
    expect((await revoke(randomUUID())).body).toMatchObject({ statusCode: 404, message: 'API key not found' });
  });

  it("posts a finding as an officer of its team, authored by the key's own account", async () => {
    const res = await finding(op(), { type: 'suspect', alias: 'Tool-found', nationality: 'MD', notes: 'found by the detection tool' }, created.secret);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'suspect', teamId: s.teams.nl.id, authorId: created.key.userId, status: 'submitted' });
    expect(created.key.userId).not.toBe(s.coordinator.id);
    // The write's own audit entry names the key's account as actor, and so does its event.
    const entry = (await audit()).find((r) => r.action === 'finding.create' && r.entity_id === res.body.id);
    expect(entry?.actor_id).toBe(created.key.userId);
    const [event]: { actor_id: string }[] = await db.query(`SELECT actor_id FROM events WHERE operation_id = $1 AND type = 'finding.created' ORDER BY seq DESC LIMIT 1`, [op()]);
    expect(event.actor_id).toBe(created.key.userId);
    // A retry with the same clientId is the key's own: answered with the stored finding.
    const clientId = randomUUID();
    const body = { clientId, type: 'suspect', alias: 'Retry' };
    expect((await t.post(apiPaths.findings(op()), body, created.secret)).status).toBe(201);
    expect((await t.post(apiPaths.findings(op()), body, created.secret)).status).toBe(200);
    // The account is named after the key, and nobody can sign in as it or add it to an operation.
    const [account]: { display_name: string; email: string; disabled: boolean; is_admin: boolean }[] = await db.query(
      `SELECT display_name, email, disabled_at IS NOT NULL AS disabled, is_admin FROM users WHERE id = $1`,
      [created.key.userId],
    );
    expect(account).toEqual({ display_name: `Detection tool NL (API key ${created.key.prefix}…)`, email: expect.stringMatching(/@api-keys\.invalid$/), disabled: true, is_admin: false });
    expect((await t.post(apiPaths.login, { email: account.email, password: PASSWORD })).status).toBe(401);
    expect((await t.post(apiPaths.members(op()), { email: account.email, role: 'coordinator' }, s.organizer.token)).status).toBe(404);
    // It is not a member: the member list and the day's expert count hold people only.
    const members = await expectStatus(t.get<{ items: { userId: string }[] }>(apiPaths.members(op()), s.organizer.token), 200);
    expect(members.items.map((m) => m.userId)).not.toContain(created.key.userId);
  });

  it('reaches no other operation: 404 there, as for an officer who is not a member', async () => {
    const elsewhere = await expectStatus(finding(other.operation.id, { type: 'suspect', alias: 'X' }, other.officerNl.token), 201);
    expect((await t.get(apiPaths.operation(other.operation.id), created.secret)).status).toBe(404);
    expect((await finding(other.operation.id, { type: 'suspect', alias: 'Y' }, created.secret)).status).toBe(404);
    expect((await t.get(apiPaths.findings(other.operation.id), created.secret)).status).toBe(404);
    expect((await t.get(apiPaths.finding(elsewhere.id), created.secret)).status).toBe(404);
    expect((await t.get(apiPaths.apiKeys(other.operation.id), created.secret)).status).toBe(404);
    // Nothing was written there.
    expect((await audit(other.operation.id)).some((r) => r.actor_id === created.key.userId)).toBe(false);
    // Its own operation it may read, as an officer of its team.
    const own = await expectStatus(t.get<{ myRole: string; myTeamId: string }>(apiPaths.operation(op()), created.secret), 200);
    expect(own).toMatchObject({ myRole: 'officer', myTeamId: s.teams.nl.id });
  });

  it("does nothing above an officer (403), and none of a person's routes", async () => {
    const suspect = await expectStatus(finding(op(), { type: 'suspect', alias: 'Review me' }, s.officerNl.token), 201);
    const refused: [string, string, unknown?][] = [
      ['POST', apiPaths.teams(op()), { name: 'Tool team' }],
      ['POST', apiPaths.targets(op()), { kind: 'platform', value: 'tool-target.example' }],
      ['POST', apiPaths.indicators(op()), { code: 'tool_indicator', label: 'Tool' }],
      ['POST', apiPaths.transitions(op()), { to: 'closed' }],
      ['POST', apiPaths.members(op()), { email: s.observer.email, role: 'coordinator' }],
      ['POST', apiPaths.apiKeys(op()), { name: 'Another key', teamId: s.teams.nl.id }],
      ['GET', apiPaths.apiKeys(op())],
      ['DELETE', apiPaths.apiKey(op(), created.key.id)],
      ['GET', apiPaths.audit(op())],
      ['PATCH', apiPaths.finding(suspect.id), { status: 'confirmed', version: 1 }],
      // A person's routes: the account, administration, the operations of an account.
      ['GET', apiPaths.me],
      ['GET', apiPaths.operations],
      ['POST', apiPaths.operations, { name: 'Tool operation' }],
      ['POST', apiPaths.users, { email: 'tool@test.example', displayName: 'Tool', password: 'long enough password' }],
      ['PATCH', apiPaths.user(s.observer.id), { disabled: true }],
    ];
    for (const [method, path, body] of refused) {
      const res = await t.request<ErrorBody>(method, path, { token: created.secret, body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
    }
    const me = await t.get<ErrorBody>(apiPaths.me, created.secret);
    expect(me.body.message).toMatch(/API key acts only as an officer within its operation/);
    // Still a key: nothing changed.
    expect((await expectStatus(list(), 200)).items.find((k) => k.id === created.key.id)?.revokedAt).toBeNull();
    const reviewed = await expectStatus(t.get<Finding>(apiPaths.finding(suspect.id), s.coordinator.token), 200);
    expect(reviewed.status).toBe('submitted');
    // Sockets are for people: a key does not connect.
    await expect(t.live(created.secret)).rejects.toThrow('unauthorized');
  });

  it("sees another team's possible victim only as the need-to-know table lets an officer", async () => {
    const theirs = await expectStatus(
      finding(op(), { type: 'possible_victim', alias: 'UA-ONLY-ALIAS', nationality: 'UA', notes: 'UA-ONLY-NOTES', identifiers: [{ kind: 'phone', value: '+380 50 111 2233' }] }, s.officerUa.token),
      201,
    );
    const ours = await expectStatus(finding(op(), { type: 'possible_victim', alias: 'NL-TOOL-ALIAS', nationality: 'RO' }, created.secret), 201);
    const page = await expectStatus(t.get<Page<Finding>>(`${apiPaths.findings(op())}?limit=500`, created.secret), 200);
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/UA-ONLY-ALIAS|UA-ONLY-NOTES|111 ?2233/);
    expect(page.items.find((f) => f.id === theirs.id)).toBeDefined();
    expect(text).toContain('NL-TOOL-ALIAS');
    expect(page.items.find((f) => f.id === theirs.id)?.redacted).toBe(true);
    const one = await expectStatus(t.get<Finding>(apiPaths.finding(theirs.id), created.secret), 200);
    expect(one.redacted).toBe(true);
    expect(JSON.stringify(one)).not.toMatch(/UA-ONLY-ALIAS|UA-ONLY-NOTES|111 ?2233/);
    // The officers of its team see what the key logged, as their team's.
    const seenByNl = await expectStatus(t.get<Finding>(apiPaths.finding(ours.id), s.officerNl.token), 200);
    expect(JSON.stringify(seenByNl)).toContain('NL-TOOL-ALIAS');
    const seenByUa = await expectStatus(t.get<Finding>(apiPaths.finding(ours.id), s.officerUa.token), 200);
    expect(JSON.stringify(seenByUa)).not.toContain('NL-TOOL-ALIAS');
  });

  it('records every request made with a key in the audit chain, refused ones too, and last_used_at at most once a minute', async () => {
    const key = await expectStatus(makeKey({ name: 'Audited tool', teamId: s.teams.ua.id }), 201);
    const [{ last_used_at: before }]: { last_used_at: Date | null }[] = await db.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [key.key.id]);
    expect(before).toBeNull();
    const posted = await expectStatus(finding(op(), { type: 'suspect', alias: 'Audited' }, key.secret), 201);
    await expectStatus(t.get(`${apiPaths.findings(op())}?limit=5`, key.secret), 200);
    expect((await t.get(apiPaths.apiKeys(op()), key.secret)).status).toBe(403);
    expect((await t.get(apiPaths.operation(other.operation.id), key.secret)).status).toBe(404);
    expect((await t.get(`${apiPaths.tallies(op())}?ignored=1`, key.secret)).status).toBe(200);
    const rows = await uses(key.key.id, 5);
    expect(rows.map((r) => r.details)).toEqual([
      { key: key.key.id, method: 'POST', path: apiPaths.findings(op()), status: 201, complete: true },
      { key: key.key.id, method: 'GET', path: apiPaths.findings(op()), status: 200, complete: true },
      { key: key.key.id, method: 'GET', path: apiPaths.apiKeys(op()), status: 403, complete: true },
      { key: key.key.id, method: 'GET', path: apiPaths.operation(other.operation.id), status: 404, complete: true },
      { key: key.key.id, method: 'GET', path: apiPaths.tallies(op()), status: 200, complete: true },
    ]);
    for (const r of rows) expect(r).toMatchObject({ actor_id: key.key.userId, entity_type: 'api_key', entity_id: key.key.id });
    const write = (await audit()).find((r) => r.action === 'finding.create' && r.entity_id === posted.id);
    expect(write?.actor_id).toBe(key.key.userId);
    // last_used_at: written by the first request, left alone by the next ones within the minute.
    const [{ last_used_at: first }]: { last_used_at: Date }[] = await db.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [key.key.id]);
    expect(first).toBeInstanceOf(Date);
    expect((await expectStatus(list(), 200)).items.find((k) => k.id === key.key.id)?.lastUsedAt).toBe(first.toISOString());
    await expectStatus(t.get(apiPaths.operation(op()), key.secret), 200);
    const [{ last_used_at: second }]: { last_used_at: Date }[] = await db.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [key.key.id]);
    expect(second.toISOString()).toBe(first.toISOString());
    // The chain with all of it verifies.
    expect((await expectStatus(t.post<AuditVerification>(apiPaths.auditVerify(op()), {}, s.organizer.token), 200)).ok).toBe(true);
  });

  it('answers 401 with a clear message for a revoked, an expired, an unknown and a malformed key', async () => {
    const doomed = await expectStatus(makeKey({ name: 'Revoked tool', teamId: s.teams.nl.id }), 201);
    expect((await t.get(apiPaths.operation(op()), doomed.secret)).status).toBe(200);
    expect((await revoke(doomed.key.id)).status).toBe(204);
    const refused = await t.get<ErrorBody>(apiPaths.operation(op()), doomed.secret);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/^this API key was revoked at .+; ask a coordinator/);
    expect((await finding(op(), { type: 'suspect', alias: 'After revoke' }, doomed.secret)).status).toBe(401);
    // Revoking again changes nothing, and is audited once.
    expect((await revoke(doomed.key.id)).status).toBe(204);
    const revocations = (await audit()).filter((r) => r.action === 'api_key.revoke' && r.entity_id === doomed.key.id);
    expect(revocations).toHaveLength(1);
    expect(revocations[0]).toMatchObject({ actor_id: s.coordinator.id, details: { after: { revokedAt: expect.any(String) }, before: { revokedAt: null } } });
    expect((await expectStatus(list(), 200)).items.find((k) => k.id === doomed.key.id)?.revokedAt).toEqual(expect.any(String));

    const soon = new Date(Date.now() + 60_000).toISOString();
    const expiring = await expectStatus(makeKey({ name: 'Expiring tool', teamId: s.teams.nl.id, expiresAt: soon }), 201);
    expect(expiring.key.expiresAt).toBe(soon);
    expect((await t.get(apiPaths.operation(op()), expiring.secret)).status).toBe(200);
    // Its time comes (moved to the past rather than waited for).
    await db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.key.id]);
    const expired = await t.get<ErrorBody>(apiPaths.operation(op()), expiring.secret);
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/^this API key expired at .+; ask a coordinator/);

    const unknown = await t.get<ErrorBody>(apiPaths.operation(op()), `adk_${'A'.repeat(43)}`);
    expect(unknown).toMatchObject({ status: 401, body: { message: 'this API key is not valid (unknown, or mistyped)' } });
    const malformed = await t.get<ErrorBody>(apiPaths.operation(op()), 'adk_short');
    expect(malformed.status).toBe(401);
    expect(malformed.body.message).toMatch(/malformed/);
  });

  it('stops working when its operation closes', async () => {
    const key = await expectStatus(makeKey({ name: 'Until the close', teamId: s.teams.nl.id }), 201);
    expect((await t.get(apiPaths.operation(op()), key.secret)).status).toBe(200);
    await expectStatus(t.post(apiPaths.transitions(op()), { to: 'closed' }, s.organizer.token), 200);
    const res = await t.get<ErrorBody>(apiPaths.operation(op()), key.secret);
    expect(res).toMatchObject({ status: 401, body: { message: 'the operation of this API key is closed, and its API keys with it' } });
    // No new keys for a closed operation; revoking still works.
    expect((await makeKey({ name: 'Too late', teamId: s.teams.nl.id })).status).toBe(409);
    expect((await revoke(key.key.id)).status).toBe(204);
  });
});
