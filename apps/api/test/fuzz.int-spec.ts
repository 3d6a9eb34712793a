import { randomUUID } from 'node:crypto';
import { apiPaths, LIVE_NAMESPACE, type Finding } from '@actionday/contracts';
import fc from 'fast-check';
import { Client } from 'pg';
import { io } from 'socket.io-client';
import { VictimReleasesService } from '../src/tallies/victim-releases.service';
import { ROUTES } from './support/policy-matrix';
import { createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

/**
 * Generated requests against every route: bodies, route parameters, queries, headers, CSV files
 * and socket payloads. Whatever arrives, the answer is never a 5xx, and a 4xx changes nothing
 * in the database. The database counts its own row changes (a trigger on every table), in the
 * same transaction as the change, so a write that was rolled back counts nothing.
 *
 * Two tables are left out on purpose: login_throttle (a failed sign-in is counted: that is the
 * throttle) and sessions (presenting a rotated refresh token revokes its family: that is the
 * theft detection). Both answer 401/429 by design while writing.
 */
const HTTP_RUNS = 9000;
const SOCKET_RUNS = 1200;

describe('fuzzing: generated input never gets a 5xx, and a 4xx changes nothing', () => {
  let t: TestApp;
  let s: Scenario;
  let owner: Client;
  let ids: Record<string, string>;
  let tokens: (string | null)[];

  beforeAll(async () => {
    t = await TestApp.start({ victimFiguresSeconds: 86_400 });
    s = await scenario(t);
    const op = s.operation.id;
    const target = await createTarget(t, s, { kind: 'phone', value: '+31 6 1234 0000', country: 'NL' });
    const log = (body: Record<string, unknown>) =>
      expectStatus(t.post<Finding>(apiPaths.findings(op), { clientId: randomUUID(), ...body }, s.officerNl.token), 201);
    const victim = await log({ type: 'possible_victim', alias: 'Fuzzy', identifiers: [{ kind: 'phone', value: '+31 6 1234 0000' }] });
    for (const alias of ['Two', 'Three']) await log({ type: 'possible_victim', alias });
    // A release now, so that none falls due while the fuzzer runs (its job would write).
    await t.app.get(VictimReleasesService).runOnce();
    const admin = await t.user(`admin-${randomUUID()}@test.example`, { isAdmin: true });
    const other = await scenario(t);
    ids = { op, otherOp: other.operation.id, target: target.id, finding: victim.id, user: s.officerUa.id, team: s.teams.nl.id };
    tokens = [s.organizer.token, s.coordinator.token, s.officerNl.token, s.observer.token, other.officerNl.token, admin.token, null, 'not.a.jwt'];

    owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    await owner.query(`CREATE TABLE fuzz_changes (n bigint NOT NULL); INSERT INTO fuzz_changes VALUES (0)`);
    await owner.query(`
      CREATE FUNCTION fuzz_count() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN UPDATE fuzz_changes SET n = n + 1; RETURN NULL; END $$`);
    const tables: { tablename: string }[] = (
      await owner.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('fuzz_changes', 'login_throttle', 'sessions', 'schema_migrations')`)
    ).rows;
    for (const { tablename } of tables) {
      // A read of personal data is audited once its answer has gone out, so its entry may land
      // while the next request runs: it records a read, it does not change the day's data.
      const when = tablename === 'audit_log' ? `WHEN (NEW.entity_type <> 'read')` : '';
      const events = tablename === 'audit_log' ? 'INSERT' : 'INSERT OR UPDATE OR DELETE';
      await owner.query(`CREATE TRIGGER fuzz_count AFTER ${events} ON ${tablename} FOR EACH ROW ${when} EXECUTE FUNCTION fuzz_count()`);
    }
    expect(tables.length).toBeGreaterThan(10);
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  const changes = async () => Number((await owner.query('SELECT n FROM fuzz_changes')).rows[0].n);

  // --- what a request is made of ---
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constantFrom('', ' ', '0', '-1', '1e309', 'null', 'true', '%00', '../../etc/passwd', "'; DROP TABLE findings; --", '<script>', '\u0000', '\ud800', 'a\udc00b', 'x'.repeat(5000)),
  );
  // Real ids of this and another operation (read when generating: they exist only after beforeAll).
  const knownId = fc.nat().map((i) => {
    const values = Object.values(ids);
    return values[i % values.length];
  });
  const param = () => fc.oneof(knownId, fc.uuid(), text);
  const path = (template: string) =>
    fc
      .tuple(...(template.match(/:[a-zA-Z]+/g) ?? []).map(() => param()))
      .map((values) => {
        let i = 0;
        // A URL cannot carry a lone surrogate (encodeURIComponent throws): as U+FFFD, as a browser sends it.
        return template.replace(/:[a-zA-Z]+/g, () => encodeURIComponent(String(values[i++]).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')));
      });
  const QUERY_KEYS = ['limit', 'cursor', 'after', 'type', 'teamId', 'status', 'q', 'dryRun', 'importId', 'kind', 'category', 'outcome', 'tag', 'id', 'targetId', 'crossBorder'];
  const query = fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })), fc.oneof(text, fc.integer().map(String), param()), { maxKeys: 4 });
  /** A body that is almost right: a valid shape with one field swapped for anything. */
  const nearlyValid = fc
    .tuple(
      fc.constantFrom<Record<string, unknown>>(
        { clientId: randomUUID(), type: 'suspect', alias: 'x' },
        { clientId: randomUUID(), type: 'possible_victim', nationality: 'UA', ageMin: 3, ageMax: 4 },
        { clientId: randomUUID(), type: 'link', fromFindingId: randomUUID(), toFindingId: randomUUID(), reason: 'r' },
        { kind: 'phone', value: '+31 6 0000 0001' },
        { teamId: randomUUID(), targetIds: [randomUUID()] },
        { status: 'done', outcome: 'suspicious', version: 1 },
        { status: 'duplicate', duplicateOf: randomUUID(), version: 1 },
        { email: 'someone@test.example', role: 'officer' },
        { name: 'Team', country: 'NL' },
        { code: 'new_code', label: 'New' },
        { title: 'T', figures: ['suspects'] },
        { to: 'live' },
        { findingId: randomUUID(), identifierIndex: 0 },
        { apply: false },
        { disabled: false },
        { email: 'x@test.example', password: 'wrong password' },
      ),
      fc.string({ maxLength: 12 }),
      fc.anything({ maxDepth: 2 }),
    )
    .map(([body, key, value]) => {
      const keys = Object.keys(body);
      const k = keys.length && key.length % 2 === 0 ? keys[key.length % keys.length] : key;
      return { ...body, [k]: value };
    });
  const csv = fc
    .array(fc.array(fc.oneof(text, fc.constantFrom('phone', 'email', 'platform', '"quoted, field"', '"unclosed', '+31 6 1234 5678', '=cmd()')), { maxLength: 6 }), { maxLength: 8 })
    .map((rows) => ['kind,value,tags', ...rows.map((r) => r.join(','))].join(Math.random() < 0.5 ? '\n' : '\r\n'));
  const body = fc.oneof(
    { weight: 3, arbitrary: nearlyValid.map((b) => ({ type: 'application/json', data: JSON.stringify(b) })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((b) => ({ type: 'application/json', data: JSON.stringify(b) })) },
    { weight: 1, arbitrary: text.map((b) => ({ type: 'application/json', data: b })) },
    { weight: 2, arbitrary: csv.map((b) => ({ type: 'text/csv', data: b })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'garbage'), text).map(([type, data]) => ({ type, data })) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  const header = fc.option(fc.tuple(fc.constantFrom('accept', 'x-forwarded-for', 'cookie', 'authorization', 'origin'), fc.string({ maxLength: 60 })), { nil: undefined });
  const request = fc.record({
    route: fc.constantFrom(...ROUTES),
    token: fc.constantFrom(...[0, 1, 2, 3, 4, 5, 6, 7]),
    path: fc.constant(''),
    query,
    body,
    header,
  });

  /**
   * Requests that are nearly right: the route's own body, by a member who may call it, on the
   * operation's real records, with one field of the body changed half of the time. These reach
   * the writes' transactions, where a refusal half-way must roll back everything before it.
   */
  const write = (method: string, template: string, make: fc.Arbitrary<Record<string, unknown>>, contentType = 'application/json', q: Record<string, string> = {}) =>
    fc.record({ method: fc.constant(method), template: fc.constant(template), make: fc.constant(make), contentType: fc.constant(contentType), q: fc.constant(q) });
  const P = '/api/v1/operations/:id';
  const kind = fc.constantFrom('phone', 'email', 'username', 'url', 'messaging', 'platform', 'other', 'fax');
  const value = fc.oneof(fc.constantFrom('+31 6 1234 0000', 'someone@mail.example', 'ads.example/x', '@handle'), text);
  const version = fc.integer({ min: -1, max: 4 });
  const targeted = fc.oneof(
    write('POST', `${P}/findings`, fc.record({ clientId: fc.uuid(), type: fc.constantFrom('suspect', 'possible_victim', 'site_assessment'), identifiers: fc.array(fc.record({ kind, value }), { maxLength: 3 }), nationality: fc.constantFrom('UA', 'xx', 'MD'), targetId: knownId })),
    write('POST', `${P}/findings`, fc.record({ clientId: fc.uuid(), type: fc.constant('link'), fromFindingId: knownId, toFindingId: knownId, reason: text })),
    write('PATCH', '/api/v1/findings/:findingId', fc.record({ status: fc.constantFrom('confirmed', 'rejected', 'duplicate', 'submitted'), duplicateOf: fc.option(knownId, { nil: undefined }), version })),
    write('POST', `${P}/targets`, fc.record({ kind, value, tags: fc.array(text, { maxLength: 3 }), priority: fc.integer({ min: -1, max: 6 }) })),
    write('POST', `${P}/targets/import`, fc.record({}), 'text/csv', { dryRun: 'false' }),
    write('POST', `${P}/assignments`, fc.record({ teamId: fc.oneof(knownId, fc.constant(null)), targetIds: fc.array(knownId, { minLength: 1, maxLength: 3 }) })),
    write('POST', `${P}/assignments/auto`, fc.record({ apply: fc.boolean(), targetIds: fc.option(fc.array(knownId, { minLength: 1, maxLength: 2 }), { nil: undefined }) })),
    write('PATCH', '/api/v1/targets/:targetId', fc.record({ status: fc.constantFrom('in_progress', 'done', 'assigned', 'unassigned'), outcome: fc.constantFrom('suspicious', 'confirmed', 'bogus', null), version })),
    write('POST', `${P}/targets/from-identifier`, fc.record({ findingId: knownId, identifierIndex: fc.integer({ min: -1, max: 3 }) })),
    write('POST', `${P}/members`, fc.record({ email: fc.constantFrom('nobody@test.example', 'x'), role: fc.constantFrom('officer', 'observer', 'chief'), teamId: fc.option(knownId, { nil: undefined }) })),
    write('POST', `${P}/teams`, fc.record({ name: text, country: fc.constantFrom('NL', 'XX', 'nl') })),
    write('POST', `${P}/indicators`, fc.record({ code: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/), text), label: text })),
    write('POST', `${P}/transitions`, fc.record({ to: fc.constantFrom('live', 'planning', 'open') })),
    write('POST', `${P}/publications`, fc.record({ title: text, figures: fc.array(fc.constantFrom('suspects', 'possibleVictims.total', 'nope'), { maxLength: 3 }) })),
  );
  const nearlyRight = fc
    .record({ w: targeted, token: fc.constantFrom(0, 1, 2), mutate: fc.boolean(), key: fc.string({ maxLength: 10 }), junk: fc.anything({ maxDepth: 2 }), csv, header })
    .chain(({ w, token, mutate, key, junk, csv: file, header: h }) =>
      w.make.map((made) => {
        const keys = Object.keys(made);
        const data = w.contentType === 'text/csv' ? file : JSON.stringify(mutate && keys.length ? { ...made, [keys[key.length % keys.length]]: junk } : made);
        const path = w.template.replace(':id', ids.op).replace(':findingId', ids.finding).replace(':targetId', ids.target);
        return {
          route: { method: w.method as 'POST' | 'PATCH', path: w.template },
          token,
          path,
          query: w.q,
          body: { type: w.contentType, data },
          header: h,
        };
      }),
    );

  it(`answers ${HTTP_RUNS} generated requests across all routes without a 5xx, and every 4xx leaves the database as it was`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: request.chain((r) => path(r.route.path).map((p) => ({ ...r, path: p }))) }, { weight: 2, arbitrary: nearlyRight }), async (r) => {
        const qs = new URLSearchParams(r.query).toString();
        const headers: Record<string, string> = {};
        const token = tokens[r.token];
        if (token) headers.authorization = `Bearer ${token}`;
        if (r.body) headers['content-type'] = r.body.type;
        if (r.header) headers[r.header[0]] = r.header[1].replace(/[^\x20-\x7e]/g, '');
        const before = await changes();
        const res = await fetch(`${t.baseUrl}${r.path}${qs ? `?${qs}` : ''}`, {
          method: r.route.method,
          headers,
          body: r.route.method === 'GET' || !r.body ? undefined : r.body.data,
        });
        const answer = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`${r.route.method} ${r.path}?${qs} answered ${res.status}: ${answer.slice(0, 300)}`);
        if (res.status >= 400) {
          const after = await changes();
          if (after !== before) throw new Error(`${r.route.method} ${r.path}?${qs} answered ${res.status} and changed ${after - before} row(s): ${answer.slice(0, 300)}`);
        }
      }),
      { numRuns: HTTP_RUNS, endOnFailure: true },
    );
    // The generator reaches the routes for real, not only their 404s.
    const ok = [...statuses].filter(([code]) => code < 300).reduce((n, [, c]) => n + c, 0);
    const refused = [...statuses].filter(([code]) => code >= 400).reduce((n, [, c]) => n + c, 0);
    expect(ok).toBeGreaterThan(HTTP_RUNS * 0.05);
    expect(refused).toBeGreaterThan(HTTP_RUNS * 0.5);
    expect((await t.get('/api/health')).status).toBe(200);
  }, 240_000);

  it(`survives ${SOCKET_RUNS} generated socket handshakes and messages`, async () => {
    const good = io(t.baseUrl + LIVE_NAMESPACE, { auth: { token: s.coordinator.token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      good.once('connect', () => resolve());
      good.once('connect_error', reject);
    });
    const payload = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ operationId: param(), afterSeq: fc.oneof(fc.integer(), text) }), fc.record({ token: text }), fc.constant(undefined));
    const KNOWN = ['subscribe', 'unsubscribe', 'reauth'];
    const message = fc.record({ event: fc.oneof(fc.constantFrom(...KNOWN), fc.string({ maxLength: 10 })), payload, withAck: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const before = await changes();
        if (m.withAck && KNOWN.includes(m.event)) {
          // Known events always answer, and say whether they were taken.
          const ack = await good.timeout(2000).emitWithAck(m.event, m.payload).catch((e: Error) => ({ timeout: e.message }));
          expect(ack).toHaveProperty('ok');
        } else good.emit(m.event, m.payload);
        expect(await changes()).toBe(before);
        expect(good.connected).toBe(true);
      }),
      { numRuns: SOCKET_RUNS - 200, endOnFailure: true },
    );
    // Handshakes with whatever as their token: refused, never a crash.
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 2 }), text), async (token) => {
        const bad = io(t.baseUrl + LIVE_NAMESPACE, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
        const outcome = await new Promise<string>((resolve) => {
          bad.once('connect', () => resolve('connected'));
          bad.once('connect_error', (e) => resolve(e.message));
        });
        bad.disconnect();
        expect(outcome).toBe('unauthorized');
      }),
      { numRuns: 200, endOnFailure: true },
    );
    good.disconnect();
    expect((await t.get('/api/health')).status).toBe(200);
  }, 120_000);
});
