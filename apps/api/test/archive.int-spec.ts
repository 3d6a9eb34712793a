import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { apiPaths, type Finding, type Tallies } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { ArchiveRefused, readArchive, writeArchive } from '../src/archive/archive';
import { verifyAuditChain } from '../src/audit/audit.service';
import { dataSourceOptions } from '../src/database/data-source';
import { assign, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { PASSWORD, TestApp } from './support/test-app';

/** The operation's rows, table by table, as comparable JSON (the identifier index without its own ids). */
const TABLES = ['operations', 'teams', 'memberships', 'indicators', 'targets', 'findings', 'identifiers', 'matches', 'tally_counters', 'events', 'audit_log', 'operation_snapshots', 'publications', 'victim_figure_releases'];
async function rowsOf(ds: DataSource, operationId: string, exceptAfterSeq = Infinity): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const where = table === 'operations' ? 'id = $1' : table === 'audit_log' ? 'operation_id = $1 AND seq <= $2' : 'operation_id = $1';
    const row = table === 'identifiers' ? `to_jsonb(t) - 'id'` : 'to_jsonb(t)';
    const rows: { r: Record<string, unknown> }[] = await ds.query(
      `SELECT ${row} AS r FROM ${table} t WHERE ${where} ORDER BY (${row})::text`,
      table === 'audit_log' ? [operationId, exceptAfterSeq === Infinity ? Number.MAX_SAFE_INTEGER : exceptAfterSeq] : [operationId],
    );
    out[table] = rows.map((x) => x.r);
  }
  return out;
}

async function archiveOf(ds: DataSource, operationId: string): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  await writeArchive(ds, operationId, sink);
  return Buffer.concat(chunks);
}

/** The archive's lines, changed by `edit`, written back with its trailer's hash made to fit again (as a forger would). */
function forged(archive: Buffer, edit: (lines: Record<string, unknown>[]) => void, refitHash = true): Buffer {
  const lines = gunzipSync(archive).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  edit(lines);
  const body = lines.slice(0, -1).map((l) => `${JSON.stringify(l)}\n`).join('');
  const trailer = { ...lines[lines.length - 1], ...(refitHash ? { sha256: createHash('sha256').update(body).digest('hex') } : {}) };
  return gzipSync(Buffer.from(`${body}${JSON.stringify(trailer)}\n`));
}

/**
 * A closed operation leaves one instance as one file and comes back whole in another, which
 * checks the file, the audit chain and the snapshot's hash before keeping anything.
 */
describe('archive: a closed operation to one file and into another instance', () => {
  let source: TestApp;
  let target: TestApp;
  let s: Scenario;
  let sourceDb: DataSource;
  let targetDb: DataSource;
  let archive: Buffer;
  let receiver: { id: string; email: string; token: string };

  beforeAll(async () => {
    [source, target] = await Promise.all([TestApp.start(), TestApp.start()]);
    s = await scenario(source);
    const op = s.operation.id;
    const site = await createTarget(source, s, { kind: 'url', value: 'https://escort-archive.example/ads/1', category: 'escort', tags: ['ukraine-related'] });
    const phone = await createTarget(source, s, { kind: 'phone', value: '+380 67 555 0101', country: 'UA' });
    await assign(source, s, s.teams.nl.id, [site.id]);
    await assign(source, s, s.teams.ua.id, [phone.id]);
    const log = (token: string, body: Record<string, unknown>) => expectStatus(source.post<Finding>(apiPaths.findings(op), { clientId: randomUUID(), ...body }, token), 201);
    const victim = await log(s.officerNl.token, {
      type: 'possible_victim',
      targetId: site.id,
      alias: 'Oksana',
      nationality: 'UA',
      minor: true,
      identifiers: [
        { kind: 'phone', value: '+380 67 555 0101' },
        { kind: 'phone', value: '+380 67 555 0202' },
      ],
      notes: 'met near the station',
    });
    await log(s.officerUa.token, { type: 'suspect', targetId: phone.id, alias: 'Boris', identifiers: [{ kind: 'email', value: 'boris@archive-mail.example' }] });
    // A target made from the victim's identifier links back to her finding.
    await expectStatus(source.post(apiPaths.snowball(op), { findingId: victim.id, identifierIndex: 1 }, s.coordinator.token), 201);
    await expectStatus(source.post(apiPaths.transitions(op), { to: 'closed' }, s.organizer.token), 200);
    await expectStatus(source.post(apiPaths.publications(op), { title: 'Results', figures: ['suspects'] }, s.organizer.token), 201);

    sourceDb = new DataSource(dataSourceOptions(source.ownerUrl, 2));
    targetDb = new DataSource(dataSourceOptions(target.ownerUrl, 2));
    await Promise.all([sourceDb.initialize(), targetDb.initialize()]);
    archive = await archiveOf(sourceDb, op);
    receiver = await target.user(`lead-investigator.${randomUUID().slice(0, 8)}@test.example`);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([sourceDb?.destroy(), targetDb?.destroy()]);
    await Promise.all([source.close(), target.close()]);
  });

  const importInto = (file: Buffer, organizer = receiver.email) => readArchive(targetDb, Readable.from(file), { organizer });
  const nothingImported = async () => {
    expect(await targetDb.query('SELECT 1 FROM operations WHERE id = $1', [s.operation.id])).toEqual([]);
    expect(await targetDb.query(`SELECT 1 FROM users WHERE email LIKE '%@test.example' AND disabled_at IS NOT NULL`)).toEqual([]);
  };

  it('refuses to archive an operation that is not closed', async () => {
    const open = await scenario(source);
    await expect(archiveOf(sourceDb, open.operation.id)).rejects.toThrow(/only a closed operation is archived/);
  });

  it('refuses a file changed after it was written, one cut short, and one whose chain or snapshot was forged, leaving nothing behind', async () => {
    const cases: [string, Buffer, RegExp][] = [
      [
        'a row changed',
        forged(
          archive,
          (lines) => {
            const findings = lines.find((l) => l.table === 'findings') as { rows: { notes: string | null }[] };
            findings.rows[0].notes = 'changed';
          },
          false,
        ),
        /changed after it was written/,
      ],
      ['a file cut short', archive.subarray(0, Math.floor(archive.length * 0.6)), /cut short|not an archive/],
      [
        'an audit entry rewritten, the file hash refitted',
        forged(archive, (lines) => {
          const audit = lines.find((l) => l.table === 'audit_log') as { rows: { details: string | null }[] };
          const entry = audit.rows.find((r) => r.details?.includes('Oksana'));
          if (!entry?.details) throw new Error('no audit entry names the victim');
          entry.details = entry.details.replace('Oksana', 'Olena');
        }),
        /audit chain does not verify/,
      ],
      [
        'the snapshot and its hash replaced, the file hash refitted',
        forged(archive, (lines) => {
          const snap = lines.find((l) => l.table === 'operation_snapshots') as { rows: { body: string; sha256: string }[] };
          snap.rows[0].body = snap.rows[0].body.replace(/"total":\d+/, '"total":0');
          snap.rows[0].sha256 = createHash('sha256').update(snap.rows[0].body).digest('hex');
        }),
        /not the one the audit chain recorded at close/,
      ],
    ];
    for (const [what, file, reason] of cases) {
      const refused = await importInto(file).then(() => null, (e: unknown) => e);
      expect({ what, refused: refused instanceof ArchiveRefused, message: String(refused) }).toEqual({ what, refused: true, message: expect.stringMatching(reason) });
      await nothingImported();
    }
  });

  it('round-trips every row, the event log, the audit chain and the snapshot, and the imported day reads the same', async () => {
    const summary = await importInto(archive);
    // The five members, whom this instance did not know.
    expect(summary).toMatchObject({ operationId: s.operation.id, accountsCreated: 5, accountsRenamed: 0 });
    const op = s.operation.id;
    const before = await rowsOf(sourceDb, op);
    // The import adds itself to the end of the chain and its organizer to the members: the rest is the same.
    const [{ last }] = (await targetDb.query(`SELECT max(seq) AS last FROM audit_log WHERE operation_id = $1 AND action <> 'archive.import'`, [op])) as { last: string }[];
    const after = await rowsOf(targetDb, op, Number(last));
    const added = (after.memberships as { user_id: string; role: string }[]).filter((m) => m.user_id === receiver.id);
    expect(added).toMatchObject([{ role: 'organizer' }]);
    after.memberships = after.memberships.filter((m) => (m as { user_id: string }).user_id !== receiver.id);
    for (const table of TABLES) expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
    expect(await verifyAuditChain(targetDb, op)).toMatchObject({ ok: true });

    // Read through the other instance by its organizer there: the same frozen figures as at home.
    const home = await expectStatus(source.get<Tallies>(apiPaths.tallies(op), s.organizer.token), 200);
    const away = await expectStatus(target.get<Tallies>(apiPaths.tallies(op), receiver.token), 200);
    expect(away).toEqual(home);
    const findings = await expectStatus(target.get<{ items: Finding[] }>(apiPaths.findings(op), receiver.token), 200);
    expect(findings.items.map((f) => f.id).sort()).toEqual((before.findings as { id: string }[]).map((f) => f.id).sort());
    // The archive's accounts are there to name who did what, not to sign in with, whatever password.
    expect((await target.post(apiPaths.login, { email: s.officerNl.email, password: PASSWORD })).status).toBe(401);

    await expect(importInto(archive)).rejects.toThrow(/already in this database/);
  });
});
