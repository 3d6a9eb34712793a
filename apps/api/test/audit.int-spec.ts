import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { apiPaths, type AuditEntry, type AuditVerification, type Finding, type Publication } from '@actionday/contracts';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditChainVerifier } from '../src/audit/audit-chain';
import { ensureApiBuilt } from './support/api-process';
import { assign, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

const run = promisify(execFile);
const root = process.cwd();

describe('audit log: every write, hash-chained by the database, tamper-evident', () => {
  let t: TestApp;
  let s: Scenario;
  let finding: Finding;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    const target = await createTarget(t, s, { kind: 'phone', value: '+31612345678', tags: ['ukraine-related'] });
    const [assigned] = await assign(t, s, s.teams.nl.id, [target.id]);
    await expectStatus(t.patch(apiPaths.target(target.id), { status: 'in_progress', version: assigned.version }, s.officerNl.token), 200);
    finding = await expectStatus(
      t.post<Finding>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'possible_victim', alias: 'Lena', targetId: target.id }, s.officerNl.token),
      201,
    );
    await expectStatus(t.patch(apiPaths.finding(finding.id), { status: 'confirmed', version: 1 }, s.coordinator.token), 200);
    await expectStatus(
      t.request('POST', `${apiPaths.targetsImport(s.operation.id)}?dryRun=false`, {
        token: s.coordinator.token,
        rawBody: 'kind,value\nplatform,one.example\nplatform,two.example\n',
        headers: { 'content-type': 'text/csv' },
      }),
      201,
    );
    await expectStatus(t.post(apiPaths.transitions(s.operation.id), { to: 'closed' }, s.organizer.token), 200);
    await expectStatus(t.post<Publication>(apiPaths.publications(s.operation.id), { title: 'Summary', figures: ['possibleVictims.total'] }, s.organizer.token), 201);
  });
  afterAll(() => t.close());

  const downloads = async (operationId: string): Promise<number> => {
    const [{ n }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_log WHERE operation_id = $1 AND action = 'audit.download'`, [operationId]);
    return n as number;
  };
  /** The JSONL export, once its own download is recorded (that entry is appended after the response). */
  const exported = async (operationId = s.operation.id, token = s.organizer.token): Promise<AuditEntry[]> => {
    const before = await downloads(operationId);
    const res = await t.get<string>(apiPaths.audit(operationId), token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    for (let i = 0; i < 100 && (await downloads(operationId)) === before; i++) await new Promise((r) => setTimeout(r, 20));
    return res.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry);
  };
  const verify = (operationId = s.operation.id, token = s.organizer.token) =>
    expectStatus(t.post<AuditVerification>(apiPaths.auditVerify(operationId), {}, token), 200);
  /** The owner's connection with the triggers off: how someone with the owner's access would tamper. */
  const tamper = async (sql: string, params: unknown[]) => {
    const c = new Client({ connectionString: t.ownerUrl });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      await c.query(sql, params);
    } finally {
      await c.end();
    }
  };
  const cli = async (operationId: string) => {
    try {
      const { stdout } = await run(process.execPath, [join(root, 'dist/apps/api/audit-verify.js'), operationId], {
        env: { ...process.env, DATABASE_URL: t.databaseUrl },
      });
      return { code: 0, stdout };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout + err.stderr };
    }
  };
  const build = ensureApiBuilt;

  it('records every kind of write with actor, entity and before/after, in one chain', async () => {
    const entries = await exported();
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(entries.map((e) => e.action)).toEqual([
      'operation.create',
      'member.add',
      'team.create',
      'team.create',
      'member.add',
      'member.add',
      'member.add',
      'member.add',
      'operation.open',
      'target.create',
      'targets.assign',
      'target.update',
      'finding.create',
      'finding.review',
      'targets.import',
      'operation.close',
      'publication.create',
    ]);
    const review = entries.find((e) => e.action === 'finding.review')!;
    expect(review).toMatchObject({ actorId: s.coordinator.id, entityType: 'finding', entityId: finding.id });
    expect(JSON.parse(review.details!)).toEqual({
      before: { status: 'submitted', duplicateOf: null, version: 1 },
      after: { status: 'confirmed', duplicateOf: null, version: 2 },
    });
    const close = entries.find((e) => e.action === 'operation.close')!;
    expect(JSON.parse(close.details!)).toMatchObject({ before: { status: 'live' }, after: { status: 'closed' }, snapshotSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Times are UTC with microseconds and never go backwards along the chain.
    expect(entries.every((e, i) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(e.at) && (i === 0 || e.at >= entries[i - 1].at))).toBe(true);
    // The export alone is enough to check the chain.
    const verifier = new AuditChainVerifier();
    verifier.add(entries);
    expect(verifier.result()).toMatchObject({ ok: true, entries: entries.length, lastHash: entries[entries.length - 1].hash });
  });

  it('is for organizers only', async () => {
    expect((await t.get(apiPaths.audit(s.operation.id), s.coordinator.token)).status).toBe(403);
    expect((await t.post(apiPaths.auditVerify(s.operation.id), {}, s.observer.token)).status).toBe(403);
    const outsider = await scenario(t, { live: false });
    expect((await t.get(apiPaths.audit(s.operation.id), outsider.organizer.token)).status).toBe(404);
  });

  it('cannot be changed, deleted or truncated through the database connection the app uses', async () => {
    const db = t.app.get(DataSource);
    // The app's role has no such privilege at all.
    await expect(db.query(`UPDATE audit_log SET action = 'target.create' WHERE operation_id = $1 AND seq = 3`, [s.operation.id])).rejects.toThrow(/permission denied/);
    await expect(db.query(`DELETE FROM audit_log WHERE operation_id = $1`, [s.operation.id])).rejects.toThrow(/permission denied/);
    await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied/);
    // Details may be erased only by retention, after the operation is marked purged.
    await expect(db.query(`UPDATE audit_log SET details = NULL WHERE operation_id = $1`, [s.operation.id])).rejects.toThrow(/append-only/);
    // Behind the privileges, the triggers refuse the owner too (unless it switches them off).
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      await expect(owner.query(`UPDATE audit_log SET action = 'target.create' WHERE operation_id = $1 AND seq = 3`, [s.operation.id])).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM audit_log WHERE operation_id = $1`, [s.operation.id])).rejects.toThrow(/append-only/);
      await expect(owner.query(`TRUNCATE audit_log`)).rejects.toThrow(/cannot be truncated/);
    } finally {
      await owner.end();
    }
    // An entry inserted by hand is numbered, versioned and chained by the database, whatever it claims.
    await db.query(
      `INSERT INTO audit_log (operation_id, seq, at, action, entity_type, prev_hash, hash, hash_version) VALUES ($1, 1, '2000-01-01', 'note.add', 'note', 'x', 'y', 1)`,
      [s.operation.id],
    );
    const entries = await exported();
    const last = entries[entries.length - 1];
    expect(last).toMatchObject({ seq: entries.length, action: 'note.add', hashVersion: 2, prevHash: entries[entries.length - 2].hash });
    expect(last.at.startsWith('2000')).toBe(false);
    expect((await verify()).ok).toBe(true);
  });

  it('names the first entry altered directly in the database, from the API and from npm run audit:verify', async () => {
    await build();
    const intact = await cli(s.operation.id);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/intact: \d+ entries/);
    expect(intact.stdout).toMatch(/reaches the head recorded at close \(entry \d+/);

    // Someone rewrites what a coordinator did to a finding: the details no longer match their hash.
    const review = (await exported()).find((e) => e.action === 'finding.review')!;
    await tamper(`UPDATE audit_log SET details = replace(details, '"confirmed"', '"rejected"') WHERE operation_id = $1 AND seq = $2`, [s.operation.id, review.seq]);
    expect(await verify()).toMatchObject({ ok: false, entries: review.seq - 1, firstInvalid: { seq: review.seq, reason: expect.stringMatching(/details/) } });
    const broken = await cli(s.operation.id);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`BROKEN at entry ${review.seq}`);

    // Rewriting the details' hash too breaks the entry's own hash; rewriting that breaks the next link.
    await tamper(
      `UPDATE audit_log SET details_sha256 = encode(sha256(convert_to(details, 'UTF8')), 'hex') WHERE operation_id = $1 AND seq = $2`,
      [s.operation.id, review.seq],
    );
    expect((await verify()).firstInvalid).toEqual({ seq: review.seq, reason: 'its content does not match its hash' });

    // Removing an earlier entry altogether is found at the gap.
    await tamper(`DELETE FROM audit_log WHERE operation_id = $1 AND seq = 2`, [s.operation.id]);
    expect((await verify()).firstInvalid).toEqual({ seq: 3, reason: 'entry 2 is missing' });
  });
  /** Another operation with a few entries, closed (with a publication after the close) unless told otherwise. */
  const another = async (close = true) => {
    const o = await scenario(t);
    await expectStatus(
      t.post(apiPaths.findings(o.operation.id), { clientId: randomUUID(), type: 'suspect', alias: 'Marco', nationality: 'MD' }, o.officerUa.token),
      201,
    );
    if (close) {
      await expectStatus(t.post(apiPaths.transitions(o.operation.id), { to: 'closed' }, o.organizer.token), 200);
      await expectStatus(t.post(apiPaths.publications(o.operation.id), { title: 'Summary', figures: ['suspects'] }, o.organizer.token), 201);
    }
    return o;
  };

  it('hashes the operation id: an entry copied into another operation with its hash is named', async () => {
    const a = await another(false);
    const b = await another(false);
    const first = (await exported(b.operation.id, b.organizer.token))[0];
    expect(first).toMatchObject({ seq: 1, hashVersion: 2, operationId: b.operation.id });
    // B's first entry replaced by A's, hash and all, as someone with the owner's access could.
    await tamper(`DELETE FROM audit_log WHERE operation_id = $1 AND seq = 1`, [b.operation.id]);
    await tamper(
      `INSERT INTO audit_log (operation_id, seq, at, actor_id, action, entity_type, entity_id, details, details_sha256, hash_version, prev_hash, hash)
       SELECT $2, seq, at, actor_id, action, entity_type, entity_id, details, details_sha256, hash_version, prev_hash, hash
         FROM audit_log WHERE operation_id = $1 AND seq = 1`,
      [a.operation.id, b.operation.id],
    );
    expect(await verify(b.operation.id, b.organizer.token)).toMatchObject({ ok: false, entries: 0, firstInvalid: { seq: 1, reason: 'its content does not match its hash' } });
    expect((await verify(a.operation.id, a.organizer.token)).ok).toBe(true);
  });

  it('records the chain head in the close snapshot and detects entries cut off the end, from the API and the CLI', async () => {
    const c = await another();
    const entries = await exported(c.operation.id, c.organizer.token);
    const close = entries.find((e) => e.action === 'operation.close')!;
    const [snapshot] = await t.app.get(DataSource).query(`SELECT audit_seq, audit_hash FROM operation_snapshots WHERE operation_id = $1`, [c.operation.id]);
    // The head when the snapshot was inserted: the entry just before the close entry.
    expect({ seq: Number(snapshot.audit_seq), hash: snapshot.audit_hash }).toEqual({ seq: close.seq - 1, hash: entries[close.seq - 2].hash });
    expect(await verify(c.operation.id, c.organizer.token)).toMatchObject({ ok: true, closeHead: { seq: close.seq - 1, hash: close.prevHash } });

    // Someone removes the close and everything after it: the chain that is left verifies on its own.
    await tamper(`DELETE FROM audit_log WHERE operation_id = $1 AND seq >= $2`, [c.operation.id, close.seq]);
    const cut = await verify(c.operation.id, c.organizer.token);
    expect(cut).toMatchObject({ ok: false, entries: close.seq - 1, firstInvalid: { seq: close.seq, reason: expect.stringContaining('cut off the end') } });
    await build();
    const fromCli = await cli(c.operation.id);
    expect(fromCli.code).toBe(1);
    expect(fromCli.stdout).toContain(`BROKEN at entry ${close.seq}`);
    expect(fromCli.stdout).toContain('cut off the end');
  });

  it('refuses details erased from an operation that was not purged, from the API and the CLI', async () => {
    const d = await another(false);
    const entry = (await exported(d.operation.id, d.organizer.token)).find((e) => e.action === 'finding.create')!;
    expect(entry.details).not.toBeNull();
    // What retention does, but without the purge: the hashes still match, the details are gone.
    await tamper(`UPDATE audit_log SET details = NULL WHERE operation_id = $1 AND seq = $2`, [d.operation.id, entry.seq]);
    expect(await verify(d.operation.id, d.organizer.token)).toMatchObject({
      ok: false,
      purged: false,
      purgedDetails: 0,
      firstInvalid: { seq: entry.seq, reason: 'its details were erased, but the operation was not purged' },
    });
    await build();
    const fromCli = await cli(d.operation.id);
    expect(fromCli.code).toBe(1);
    expect(fromCli.stdout).toContain(`BROKEN at entry ${entry.seq}: its details were erased, but the operation was not purged`);
  });
});
