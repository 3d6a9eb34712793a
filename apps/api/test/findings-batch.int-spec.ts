import { randomUUID } from 'node:crypto';
import { apiPaths, type ErrorBody, type Finding, type FindingsBatchResponse, type Match, type Page } from '@actionday/contracts';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { type LiveClient, TestApp } from './support/test-app';

/** POST .../findings/batch: each item gets what it would get alone, and the good ones are stored once with every side effect. */
describe('the findings batch', () => {
  let t: TestApp;
  let s: Scenario;
  let db: DataSource;
  let watcher: LiveClient;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    db = t.app.get(DataSource);
    watcher = await t.live(s.coordinator.token);
    await watcher.subscribe(s.operation.id);
  });
  afterAll(() => t.close());

  const batch = (findings: unknown[], token = s.officerNl.token) => t.post<FindingsBatchResponse & ErrorBody>(apiPaths.findingsBatch(s.operation.id), { findings }, token);
  const suspect = (alias: string, extra: Record<string, unknown> = {}) => ({ clientId: randomUUID(), type: 'suspect', alias, nationality: 'NL', ...extra });
  const stored = async (clientIds: string[]) =>
    (await db.query('SELECT client_id, count(*)::int AS n FROM findings WHERE operation_id = $1 AND client_id = ANY($2) GROUP BY client_id', [s.operation.id, clientIds])) as {
      client_id: string;
      n: number;
    }[];
  const counters = async (operationId: string) =>
    JSON.stringify(
      (await db.query('SELECT dim, key, metric, sub, value::int FROM tally_counters WHERE operation_id = $1 AND value <> 0 ORDER BY 1, 2, 3, 4', [operationId])) as unknown[],
    );
  const recount = async (operationId: string) =>
    JSON.stringify((await db.query('SELECT dim, key, metric, sub, value::int FROM tally_counters_from_rows($1) ORDER BY 1, 2, 3, 4', [operationId])) as unknown[]);

  it('answers each item as it would be answered alone, stores the good ones once, and keeps counters, log and audit in step', async () => {
    const before = await expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), suspect('stored before'), s.officerNl.token), 201);
    const otherAuthors = await expectStatus(t.post<Finding>(apiPaths.findings(s.operation.id), suspect('of another officer'), s.officerUa.token), 201);
    const target = await createTarget(t, s, { kind: 'platform', value: 'batch-site.example', country: 'NL' });
    const good = [suspect('one'), suspect('two', { targetId: target.id, identifiers: [{ kind: 'phone', value: '+31 6 5555 0001' }] }), suspect('three')];
    const repeatSame = { ...good[0] };
    const repeatOther = { ...good[2], alias: 'three, but another body' };
    const items: unknown[] = [
      good[0],
      { clientId: randomUUID(), type: 'suspect', alias: 'x'.repeat(5000) }, // too long: 400
      good[1],
      { clientId: randomUUID(), type: 'suspect', targetId: randomUUID() }, // no such target: 400
      { clientId: randomUUID(), type: 'suspect', indicators: ['no_such_indicator'] }, // unknown indicator: 400
      { type: 'suspect', alias: 'no clientId' }, // 400
      repeatSame, // a retry within the batch: 200
      good[2],
      repeatOther, // the same clientId with another body: 409
      { clientId: before.clientId, type: 'suspect', alias: 'stored before', nationality: 'NL' }, // a retry of an earlier POST: 200
      { clientId: otherAuthors.clientId, type: 'suspect', alias: 'of another officer', nationality: 'NL' }, // someone else's clientId: 409
      'not an object',
    ];
    const logBefore = watcher.events.length;
    const res = await batch(items);
    expect(res.status).toBe(200);
    const { results, created, replayed, failed } = res.body;
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 400],
      [2, 201],
      [3, 400],
      [4, 400],
      [5, 400],
      [6, 200],
      [7, 201],
      [8, 409],
      [9, 200],
      [10, 409],
      [11, 400],
    ]);
    expect({ created, replayed, failed }).toEqual({ created: 3, replayed: 2, failed: 7 });
    // Each error names its problem, as the single route's would.
    expect(results[1].error?.details?.[0].path).toBe('alias');
    expect(results[3].error?.details).toEqual([{ path: 'targetId', message: 'no such item in this operation' }]);
    expect(results[4].error?.details?.[0].message).toContain('no_such_indicator');
    expect(results[5].error?.details?.map((d) => d.path)).toContain('clientId');
    expect(results[8].error?.message).toMatch(/clientId was already used/);
    expect(results[10].error?.message).toMatch(/clientId was already used/);
    // What a retry gets is the finding stored the first time.
    expect(results[6].finding?.id).toBe(results[0].finding?.id);
    expect(results[9].finding?.id).toBe(before.id);
    expect(results[2].finding).toMatchObject({ targetId: target.id, teamId: s.teams.nl.id, type: 'suspect' });
    expect(results[2].finding?.identifiers[0]).toMatchObject({ kind: 'phone', normalized: '+31655550001' });

    // Stored exactly once each; nothing of a failed item.
    const rows = await stored([...good.map((g) => g.clientId), ...[1, 3, 4].map((i) => (items[i] as { clientId: string }).clientId)]);
    expect(rows.sort((a, b) => a.client_id.localeCompare(b.client_id))).toEqual(good.map((g) => ({ client_id: g.clientId, n: 1 })).sort((a, b) => a.client_id.localeCompare(b.client_id)));

    // One write: the three finding.created and one tally.updated, in one frame, in seq order.
    await watcher.waitFor((events) => events.slice(logBefore).filter((e) => e.type === 'finding.created').length === 3);
    await watcher.waitFor((events) => events.slice(logBefore).some((e) => e.type === 'tally.updated'));
    const frame = watcher.frames.find((f) => f.events.some((e) => e.type === 'finding.created' && (e.data as { finding: Finding }).finding.clientId === good[0].clientId));
    expect(frame?.events.map((e) => e.type)).toEqual(['finding.created', 'finding.created', 'finding.created', 'tally.updated']);
    expect(await counters(s.operation.id)).toBe(await recount(s.operation.id));

    // One audit entry per stored finding, by the caller.
    const audited = (await db.query(`SELECT entity_id, actor_id FROM audit_log WHERE operation_id = $1 AND action = 'finding.create' AND entity_id = ANY($2)`, [
      s.operation.id,
      [0, 2, 7].map((i) => results[i].finding!.id),
    ])) as { entity_id: string; actor_id: string }[];
    expect(audited).toHaveLength(3);
    expect(new Set(audited.map((a) => a.actor_id))).toEqual(new Set([s.officerNl.id]));
    const verify = await expectStatus(t.post<{ ok: boolean }>(apiPaths.auditVerify(s.operation.id), {}, s.organizer.token), 200);
    expect(verify.ok).toBe(true);

    // Sent again as a whole, every good item is a retry and nothing new is stored.
    const again = await expectStatus(batch(good), 200);
    expect(again.results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await stored(good.map((g) => g.clientId))).map((r) => r.n)).toEqual([1, 1, 1]);
  });

  it('takes a clientId in capitals as the same uuid: stored once with every side effect, its retry in small letters a 200', async () => {
    const upper = randomUUID().toUpperCase();
    const logBefore = watcher.events.length;
    const res = await expectStatus(batch([suspect('capitals', { clientId: upper, identifiers: [{ kind: 'phone', value: '+31 6 4444 0001' }] })]), 200);
    expect(res.results.map((r) => r.status)).toEqual([201]);
    const id = res.results[0].finding!.id;
    await watcher.waitFor((events) => events.slice(logBefore).some((e) => e.type === 'finding.created' && (e.data as { finding: Finding }).finding.id === id));
    const audited = (await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'finding.create' AND entity_id = $1`, [id]))[0].n as number;
    expect(audited).toBe(1);
    expect(await counters(s.operation.id)).toBe(await recount(s.operation.id));
    const indexed = (await db.query('SELECT count(*)::int AS n FROM identifiers WHERE finding_id = $1', [id]))[0].n as number;
    expect(indexed).toBe(1);
    const retry = await t.post<Finding>(apiPaths.findings(s.operation.id), suspect('capitals', { clientId: upper.toLowerCase(), identifiers: [{ kind: 'phone', value: '+31 6 4444 0001' }] }), s.officerNl.token);
    expect([retry.status, retry.body.id]).toEqual([200, id]);
  });

  it('matches findings of one batch with each other as if they had been posted one after the other', async () => {
    const phone = (n: number) => `+31 6 7777 ${String(n).padStart(4, '0')}`;
    const matchesOf = async (normalized: string) =>
      (await expectStatus(t.get<Page<Match>>(`${apiPaths.matches(s.operation.id)}?limit=200`, s.coordinator.token), 200)).items.filter((m) => m.normalized === normalized);
    // One after the other: the UA finding of the number, then two NL findings of it.
    await expectStatus(t.post(apiPaths.findings(s.operation.id), suspect('ua', { identifiers: [{ kind: 'phone', value: phone(1) }] }), s.officerUa.token), 201);
    for (const alias of ['nl a', 'nl b']) {
      await expectStatus(t.post(apiPaths.findings(s.operation.id), suspect(alias, { identifiers: [{ kind: 'phone', value: phone(1) }] }), s.officerNl.token), 201);
    }
    // The same in a batch, with another number.
    await expectStatus(t.post(apiPaths.findings(s.operation.id), suspect('ua', { identifiers: [{ kind: 'phone', value: phone(2) }] }), s.officerUa.token), 201);
    await expectStatus(batch(['nl a', 'nl b'].map((alias) => suspect(alias, { identifiers: [{ kind: 'phone', value: phone(2) }] }))), 200);
    const shape = (ms: Match[]) => ms.map((m) => JSON.stringify([m.sides.map((side) => side.teamId), m.crossBorder])).sort();
    const single = await matchesOf('+31677770001');
    expect(single.length).toBeGreaterThan(0);
    expect(shape(await matchesOf('+31677770002'))).toEqual(shape(single));
  });

  it('takes 1,000 findings at once, and raises every match that many single posts would', async () => {
    const phones = Array.from({ length: 1000 }, (_, i) => `+31 6 8${String(i).padStart(7, '0')}`);
    const before = (await db.query('SELECT count(*)::int AS n FROM matches WHERE operation_id = $1', [s.operation.id]))[0].n as number;
    const nl = await expectStatus(batch(phones.map((p) => suspect('nl', { identifiers: [{ kind: 'phone', value: p }] }))), 200);
    expect(nl.created).toBe(1000);
    const ua = await expectStatus(batch(phones.map((p) => suspect('ua', { identifiers: [{ kind: 'phone', value: p }] })), s.officerUa.token), 200);
    expect(ua.created).toBe(1000);
    // Each UA finding meets the NL one of its number: 1,000 cross-border matches, not a capped few.
    const after = (await db.query('SELECT count(*)::int AS n FROM matches WHERE operation_id = $1', [s.operation.id]))[0].n as number;
    expect(after - before).toBe(1000);
    expect(await counters(s.operation.id)).toBe(await recount(s.operation.id));
  }, 60_000);

  it('refuses a batch that is not one: empty, too many, not JSON, too large, another media type', async () => {
    expect((await batch([])).status).toBe(400);
    const tooMany = await batch(Array.from({ length: 1001 }, () => suspect('many')));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details?.[0].path).toBe('findings');
    const url = apiPaths.findingsBatch(s.operation.id);
    const notJson = await t.request<ErrorBody>('POST', url, { token: s.officerNl.token, rawBody: '{"findings": [', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toMatch(/invalid \(body\)/);
    const huge = await t.request<ErrorBody>('POST', url, {
      token: s.officerNl.token,
      rawBody: JSON.stringify({ findings: [suspect('big', { notes: 'n'.repeat(9 * 1024 * 1024) })] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.message).toBe('the batch is larger than 8 MB; send fewer findings per batch');
    const csv = await t.request<ErrorBody>('POST', url, { token: s.officerNl.token, rawBody: 'a,b', headers: { 'content-type': 'text/csv' } });
    expect(csv.status).toBe(415);
    // Nothing of those was stored.
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM findings WHERE operation_id = $1 AND details->>'alias' IN ('many', 'big')`, [s.operation.id])) as { n: number }[];
    expect(n).toBe(0);
  });

  it('is for officers and up of the operation: an observer gets 403, a stranger 404, an anonymous caller 401', async () => {
    expect((await batch([suspect('observer')], s.observer.token)).status).toBe(403);
    const stranger = await t.user(`stranger.${randomUUID().slice(0, 8)}@test.example`);
    expect((await batch([suspect('stranger')], stranger.token)).status).toBe(404);
    expect((await t.request('POST', apiPaths.findingsBatch(s.operation.id), { body: { findings: [suspect('anon')] } })).status).toBe(401);
  });

  it('answers a retry sent while its batch is still being written with the batch\'s finding, and neither waits on the other for long', async () => {
    const target = await createTarget(t, s, { kind: 'platform', value: 'in-flight.example', country: 'NL' });
    // More identifiers than a write locks one by one: the batch takes the operation's correlation
    // lock after its INSERT. A retry of one of its findings must not hold a lock the batch waits
    // for while it waits for the batch's row (a deadlock, which PostgreSQL breaks by failing one).
    const items = Array.from({ length: 120 }, (_, i) =>
      suspect(`in flight ${i}`, { targetId: target.id, identifiers: [{ kind: 'phone', value: `+31 6 71${String(i).padStart(3, '0')} 424` }] }),
    );
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    const waitingOn = async (what: string) => {
      for (let i = 0; i < 250; i++) {
        const [{ n }] = (await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND ${what}`)).rows;
        if (n > 0) return true;
        await new Promise((r) => setTimeout(r, 20));
      }
      return false;
    };
    let inBatch: ReturnType<typeof batch> | undefined;
    let retry: ReturnType<typeof t.post<Finding>> | undefined;
    try {
      // The batch's rows are in, its foreign-key check of the target waits: the retry comes now.
      await owner.query('BEGIN');
      await owner.query('LOCK TABLE targets IN EXCLUSIVE MODE');
      inBatch = batch(items);
      expect(await waitingOn(`relation = 'targets'::regclass`)).toBe(true);
      retry = t.post<Finding>(apiPaths.findings(s.operation.id), items[0], s.officerNl.token);
      expect(await waitingOn(`locktype = 'transactionid'`)).toBe(true);
    } finally {
      await owner.query('ROLLBACK');
      await owner.end();
    }
    const [batchRes, retryRes] = await Promise.all([inBatch, retry]);
    if (!batchRes || !retryRes) throw new Error('not sent');
    expect(batchRes.status).toBe(200);
    expect(batchRes.body.results.map((r) => r.status)).toEqual(items.map(() => 201));
    expect(retryRes.status).toBe(200);
    expect(retryRes.body.id).toBe(batchRes.body.results[0].finding?.id);
    expect((await stored(items.map((i) => i.clientId))).map((r) => r.n)).toEqual(items.map(() => 1));
  });

  it('answers 503 for an item that collides again when tried alone, and stores its neighbours', async () => {
    // A replica whose connections give up on a lock after 300 ms (55P03, a collision like a
    // deadlock), and another session holding the correlation lock of one item's phone number.
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    const database = owner.escapeIdentifier((await owner.query<{ name: string }>('SELECT current_database() AS name')).rows[0].name);
    let replica: TestApp | undefined;
    try {
      await owner.query(`ALTER DATABASE ${database} SET lock_timeout = '300ms'`);
      replica = await t.replica();
      const blocked = suspect('blocked', { identifiers: [{ kind: 'phone', value: '+31 6 7777 0001' }] });
      const free = suspect('free', { identifiers: [{ kind: 'phone', value: '+31 6 7777 0002' }] });
      await owner.query('SELECT pg_advisory_lock(hashtext($1::text), hashtext($2))', [s.operation.id, 'phone:+31677770001']);
      const res = await replica.post<FindingsBatchResponse>(apiPaths.findingsBatch(s.operation.id), { findings: [blocked, free] }, s.officerNl.token);
      expect(res.status).toBe(200);
      expect(res.body.results.map((r) => r.status)).toEqual([503, 201]);
      expect(res.body.results[0].error?.message).toMatch(/collided with another one.*send it again/);
      expect(res.body).toMatchObject({ created: 1, failed: 1 });
      expect(await stored([blocked.clientId, free.clientId])).toEqual([{ client_id: free.clientId, n: 1 }]);
      // Sent again once the lock is free, it goes in once.
      await owner.query('SELECT pg_advisory_unlock_all()');
      const again = await replica.post<FindingsBatchResponse>(apiPaths.findingsBatch(s.operation.id), { findings: [blocked, free] }, s.officerNl.token);
      expect(again.body.results.map((r) => r.status)).toEqual([201, 200]);
      expect((await stored([blocked.clientId, free.clientId])).map((r) => r.n)).toEqual([1, 1]);
    } finally {
      await replica?.close();
      await owner.query(`ALTER DATABASE ${database} RESET lock_timeout`);
      await owner.end();
    }
  });

  it('answers 409 for each new finding once the operation is closed, and still 200 for a retry', async () => {
    const keep = suspect('before the close');
    await expectStatus(batch([keep]), 200);
    await expectStatus(t.post(apiPaths.transitions(s.operation.id), { to: 'closed' }, s.organizer.token), 200);
    const res = await expectStatus(batch([keep, suspect('after the close')]), 200);
    expect(res.results.map((r) => r.status)).toEqual([200, 409]);
    expect(res.results[1].error?.message).toMatch(/closed/);
  });
});
