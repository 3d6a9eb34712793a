import { randomUUID } from 'node:crypto';
import { apiPaths, type AuditEntry, type AuditVerification } from '@actionday/contracts';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { parseCsv } from '../src/common/csv';
import { pdfText } from './support/pdf-text';
import { type Actor, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

/** Reads of personal data leave one audit entry each: who, which file, how many rows went out. */
describe('audited reads: member exports, the report and the audit download', () => {
  let t: TestApp;
  let s: Scenario;
  let db: DataSource;
  let victimId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    db = t.app.get(DataSource);
    for (const value of ['reads-one.example', 'reads-two.example', 'reads-three.example']) await createTarget(t, s, { kind: 'platform', value });
    for (const alias of ['Vera', 'Dmytro']) {
      await expectStatus(t.post(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'suspect', alias, nationality: 'MD' }, s.officerNl.token), 201);
    }
    const victim = await expectStatus(
      t.post<{ id: string }>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'possible_victim', alias: 'Iryna', nationality: 'UA' }, s.officerUa.token),
      201,
    );
    victimId = victim.id;
  });
  afterAll(() => t.close());

  const reads = async (operationId: string): Promise<AuditEntry[]> =>
    (
      await db.query(
        `SELECT seq, actor_id, action, entity_type, entity_id, details FROM audit_log WHERE operation_id = $1 AND entity_type = 'read' ORDER BY seq`,
        [operationId],
      )
    ).map((r: { seq: string; actor_id: string; action: string; entity_type: string; entity_id: string | null; details: string }) => ({
      seq: Number(r.seq),
      actorId: r.actor_id,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      details: r.details,
    }));
  /** Downloads, then waits for the entries the download appends after its response. */
  const download = async (path: string, who: Actor, operationId = s.operation.id) => {
    const before = (await reads(operationId)).length;
    const res = await fetch(t.baseUrl + path, { headers: { authorization: `Bearer ${who.token}` } });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    let after = await reads(operationId);
    for (let i = 0; i < 100 && after.length === before; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await reads(operationId);
    }
    return { body, added: after.slice(before) };
  };
  const verify = (operationId = s.operation.id, token = s.organizer.token) =>
    expectStatus(t.post<AuditVerification>(apiPaths.auditVerify(operationId), {}, token), 200);
  const dataRows = (csv: Buffer) => parseCsv(csv.toString('utf8')).length - 1;

  it('records each member export once, with the actor, the file and the rows sent', async () => {
    const cases: [string, Actor, string, string, (b: Buffer) => number][] = [
      [apiPaths.findingsExportFile(s.operation.id, 'csv'), s.observer, 'export.findings', 'findings.csv', dataRows],
      [apiPaths.findingsExportFile(s.operation.id, 'json'), s.officerNl, 'export.findings', 'findings.json', (b) => (JSON.parse(b.toString()) as unknown[]).length],
      [apiPaths.targetsExportFile(s.operation.id, 'csv'), s.coordinator, 'export.targets', 'targets.csv', dataRows],
      [apiPaths.targetsExportFile(s.operation.id, 'json'), s.organizer, 'export.targets', 'targets.json', (b) => (JSON.parse(b.toString()) as unknown[]).length],
      // The import's own columns, with the values of targets made from victims' identifiers.
      [apiPaths.targetsExport(s.operation.id), s.coordinator, 'export.targets', 'targets/export.csv', dataRows],
    ];
    for (const [path, who, action, file, count] of cases) {
      const { body, added } = await download(path, who);
      const rows = count(body);
      expect(rows).toBeGreaterThan(0);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({ actorId: who.id, action, entityType: 'read', entityId: null });
      expect(JSON.parse(added[0].details!)).toEqual({ file, rows, complete: true, role: expect.any(String) });
    }
    // One entry per download, none more.
    await new Promise((r) => setTimeout(r, 100));
    expect((await reads(s.operation.id)).map((r) => r.action)).toEqual(['export.findings', 'export.findings', 'export.targets', 'export.targets', 'export.targets']);
    expect((await verify()).ok).toBe(true);
  });

  it('answers a HEAD of an export with its headers only, reading and recording nothing', async () => {
    const before = (await reads(s.operation.id)).length;
    for (const path of [apiPaths.targetsExportFile(s.operation.id, 'csv'), apiPaths.findingsExportFile(s.operation.id, 'json'), apiPaths.targetsExport(s.operation.id)]) {
      const res = await fetch(t.baseUrl + path, { method: 'HEAD', headers: { authorization: `Bearer ${s.coordinator.token}` } });
      expect({ path, status: res.status, disposition: res.headers.get('content-disposition') }).toEqual({ path, status: 200, disposition: expect.stringMatching(/^attachment; filename=/) });
    }
    await new Promise((r) => setTimeout(r, 200));
    expect((await reads(s.operation.id)).length).toBe(before);
  });

  it('records the report and the audit download, and the chain still verifies', async () => {
    const report = await download(apiPaths.report(s.operation.id), s.officerUa);
    expect(report.added).toHaveLength(1);
    expect(report.added[0]).toMatchObject({ actorId: s.officerUa.id, action: 'export.report', entityType: 'read' });
    expect(JSON.parse(report.added[0].details!)).toEqual({ file: 'report.pdf', role: 'officer', bytes: report.body.length });

    const audit = await download(apiPaths.audit(s.operation.id), s.organizer);
    const lines = audit.body.toString().trim().split('\n');
    expect(audit.added).toHaveLength(1);
    expect(audit.added[0]).toMatchObject({ actorId: s.organizer.id, action: 'audit.download' });
    expect(JSON.parse(audit.added[0].details!)).toEqual({ file: 'audit.jsonl', entries: lines.length, complete: true });
    // The file holds the reads recorded before it, and its own entry follows its last line.
    const last = JSON.parse(lines[lines.length - 1]) as AuditEntry;
    expect(last.action).toBe('export.report');
    expect(audit.added[0].seq).toBe(last.seq + 1);
    expect(await verify()).toMatchObject({ ok: true, firstInvalid: null });
  });

  it('prints the chain head on the report, and once closed the head recorded at close instead', async () => {
    const o = await scenario(t);
    const head = async () => (await db.query(`SELECT seq, hash FROM audit_log WHERE operation_id = $1 ORDER BY seq DESC LIMIT 1`, [o.operation.id]))[0];
    const live = await head();
    const liveText = pdfText((await download(apiPaths.report(o.operation.id), o.observer, o.operation.id)).body);
    expect(liveText).toContain(`${live.seq}, the last with hash ${live.hash}`);
    expect(liveText).not.toContain('Head recorded at close');

    await expectStatus(t.post(apiPaths.transitions(o.operation.id), { to: 'closed' }, o.organizer.token), 200);
    const [snapshot] = await db.query(`SELECT audit_seq, audit_hash FROM operation_snapshots WHERE operation_id = $1`, [o.operation.id]);
    const now = await head();
    const closedText = pdfText((await download(apiPaths.report(o.operation.id), o.observer, o.operation.id)).body);
    expect(closedText).not.toContain(`${now.seq}, the last with hash ${now.hash}`);
    expect(closedText).toContain(`entry ${snapshot.audit_seq}, hash ${snapshot.audit_hash}, followed by the close`);
  });

  it('records no rows sent when the client leaves while the targets export is still being read', async () => {
    const o = await scenario(t);
    await createTarget(t, o, { kind: 'platform', value: 'left-early.example' });
    const before = (await reads(o.operation.id)).length;
    // The owner holds the targets table, so the export's read waits until the client has gone.
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query('LOCK TABLE targets IN ACCESS EXCLUSIVE MODE');
      const aborted = new AbortController();
      const request = fetch(t.baseUrl + apiPaths.targetsExport(o.operation.id), { headers: { authorization: `Bearer ${o.coordinator.token}` }, signal: aborted.signal }).catch((e: Error) => e);
      let waited = false;
      for (let i = 0; i < 200 && !waited; i++) {
        const { rows: [{ waiting }] } = await owner.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM pg_locks WHERE relation = 'targets'::regclass AND NOT granted`);
        waited = waiting > 0;
        if (!waited) await new Promise((r) => setTimeout(r, 20));
      }
      expect(waited).toBe(true);
      aborted.abort();
      expect(await request).toMatchObject({ name: 'AbortError' });
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await owner.query('ROLLBACK');
      await owner.end();
    }
    let added = (await reads(o.operation.id)).slice(before);
    for (let i = 0; i < 100 && added.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      added = (await reads(o.operation.id)).slice(before);
    }
    expect(added).toHaveLength(1);
    expect(JSON.parse(added[0].details!)).toEqual({ file: 'targets/export.csv', role: 'coordinator', rows: 0, complete: false });
  });

  it('records what was sent when the client goes away half-way through a long export', async () => {
    const o = await scenario(t);
    // Enough targets for many pages and more than the socket buffers hold; loaded by SQL.
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      await owner.query(
        `INSERT INTO targets (operation_id, kind, value, normalized, notes)
         SELECT $1, 'platform', 'bulk-' || g || '.example', 'bulk-' || g || '.example', repeat('n', 400) FROM generate_series(1, 20000) AS g`,
        [o.operation.id],
      );
    } finally {
      await owner.end();
    }
    const before = (await reads(o.operation.id)).length;
    const controller = new AbortController();
    const res = await fetch(t.baseUrl + apiPaths.targetsExportFile(o.operation.id, 'json'), {
      headers: { authorization: `Bearer ${o.coordinator.token}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    await res.body!.getReader().read();
    controller.abort();
    let added: AuditEntry[] = [];
    for (let i = 0; i < 250 && added.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      added = (await reads(o.operation.id)).slice(before);
    }
    expect(added).toHaveLength(1);
    const details = JSON.parse(added[0].details!) as { rows: number; complete: boolean };
    expect(details).toMatchObject({ file: 'targets.json', complete: false });
    expect(details.rows).toBeLessThan(20000);
    expect(details.rows % 500).toBe(0);
    expect((await verify(o.operation.id, o.organizer.token)).ok).toBe(true);
  }, 60_000);

  it('records each read of a possible victim by a member who may see it, and nothing for one shown redacted', async () => {
    const before = (await reads(s.operation.id)).length;
    // The victim's own team reads the list, then the finding itself.
    const list = await expectStatus(t.get<{ items: { id: string; redacted: boolean }[] }>(`${apiPaths.findings(s.operation.id)}?type=possible_victim`, s.officerUa.token), 200);
    expect(list.items.map((f) => [f.id, f.redacted])).toEqual([[victimId, false]]);
    await expectStatus(t.get(apiPaths.finding(victimId), s.officerUa.token), 200);
    // An officer of another team and an observer get it redacted: no personal data, no entry.
    for (const who of [s.officerNl, s.observer]) {
      const redacted = await expectStatus(t.get<{ items: { id: string; redacted: boolean }[] }>(`${apiPaths.findings(s.operation.id)}?type=possible_victim`, who.token), 200);
      expect(redacted.items.map((f) => [f.id, f.redacted])).toEqual([[victimId, true]]);
    }
    const added = (await reads(s.operation.id)).slice(before);
    expect(added.map((r) => [r.actorId, r.action, JSON.parse(r.details!)])).toEqual([
      [s.officerUa.id, 'findings.read', { rows: 1, findingIds: [victimId] }],
      [s.officerUa.id, 'findings.read', { rows: 1, findingIds: [victimId] }],
    ]);
    expect((await verify()).ok).toBe(true);
  });
});
