import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { apiPaths, type AuditEntry, type AuditVerification, type Finding, type Publication } from '@actionday/contracts';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditChainVerifier } from '../src/audit/audit-chain';
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

  const exported = async (): Promise<AuditEntry[]> => {
    const res = await t.get<string>(apiPaths.audit(s.operation.id), s.organizer.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    return res.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry);
  };
  const verify = () => expectStatus(t.post<AuditVerification>(apiPaths.auditVerify(s.operation.id), {}, s.organizer.token), 200);
  /** A superuser connection with the triggers off: how someone with database access would tamper. */
  const tamper = async (sql: string, params: unknown[]) => {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      await c.query(sql, params);
    } finally {
      await c.end();
    }
  };

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
    await expect(db.query(`UPDATE audit_log SET action = 'target.create' WHERE operation_id = $1 AND seq = 3`, [s.operation.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_log WHERE operation_id = $1`, [s.operation.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/cannot be truncated/);
    // Details may be erased only by retention, after the operation is marked purged.
    await expect(db.query(`UPDATE audit_log SET details = NULL WHERE operation_id = $1`, [s.operation.id])).rejects.toThrow(/append-only/);
    // An entry inserted by hand is numbered and chained by the database, whatever it claims.
    await db.query(
      `INSERT INTO audit_log (operation_id, seq, at, action, entity_type, prev_hash, hash) VALUES ($1, 1, '2000-01-01', 'note.add', 'note', 'x', 'y')`,
      [s.operation.id],
    );
    const entries = await exported();
    const last = entries[entries.length - 1];
    expect(last).toMatchObject({ seq: entries.length, action: 'note.add', prevHash: entries[entries.length - 2].hash });
    expect(last.at.startsWith('2000')).toBe(false);
    expect((await verify()).ok).toBe(true);
  });

  it('names the first entry altered directly in the database, from the API and from npm run audit:verify', async () => {
    const cli = async () => {
      try {
        const { stdout } = await run(process.execPath, [join(root, 'dist/apps/api/audit-verify.js'), s.operation.id], {
          env: { ...process.env, DATABASE_URL: t.databaseUrl },
        });
        return { code: 0, stdout };
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout + err.stderr };
      }
    };
    await run(process.execPath, [join(root, 'tools/build/build-api.mjs')], { cwd: root });
    const intact = await cli();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/intact: \d+ entries/);

    // Someone rewrites what a coordinator did to a finding: the details no longer match their hash.
    const review = (await exported()).find((e) => e.action === 'finding.review')!;
    await tamper(`UPDATE audit_log SET details = replace(details, '"confirmed"', '"rejected"') WHERE operation_id = $1 AND seq = $2`, [s.operation.id, review.seq]);
    expect(await verify()).toMatchObject({ ok: false, entries: review.seq - 1, firstInvalid: { seq: review.seq, reason: expect.stringMatching(/details/) } });
    const broken = await cli();
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
});
