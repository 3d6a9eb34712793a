import { randomUUID } from 'node:crypto';
import { apiPaths, type AuditEntry, type AuditVerification, type Finding, type Operation, type Publication, type Tallies } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { RetentionService } from '../src/retention/retention.service';
import { assign, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;

describe('retention: personal data purged after the period, figures kept', () => {
  let t: TestApp;
  let replica: TestApp;
  let s: Scenario;
  let db: DataSource;
  const personal = ['Svetlana', 'svetlana.k@hidden-mail.example', '+380671112233', 'seen at the bus station', 'capture-7f3a', 'ad-platform-secret'];

  beforeAll(async () => {
    // RETENTION_DAYS = 30 (see testConfig); the scheduled job is off, rounds are run by hand.
    t = await TestApp.start();
    replica = await t.replica();
    s = await scenario(t);
    db = t.app.get(DataSource);
    const site = await createTarget(t, s, { kind: 'platform', value: 'ad-platform-secret.example', category: 'escort', notes: 'seen at the bus station too' });
    const phone = await createTarget(t, s, { kind: 'phone', value: '+380671112233', category: 'escort' });
    const [a] = await assign(t, s, s.teams.ua.id, [site.id, phone.id]);
    await expectStatus(t.patch(apiPaths.target(a.id), { status: 'done', outcome: 'confirmed', version: a.version }, s.officerUa.token), 200);
    const victim = await expectStatus(
      t.post<Finding>(
        apiPaths.findings(s.operation.id),
        {
          clientId: randomUUID(),
          type: 'possible_victim',
          targetId: site.id,
          alias: 'Svetlana',
          nationality: 'UA',
          ageMin: 17,
          ageMax: 19,
          minor: true,
          identifiers: [{ kind: 'email', value: 'svetlana.k@hidden-mail.example' }, { kind: 'phone', value: '+380671112233' }],
          evidence: [{ url: 'https://ad-platform-secret.example/capture-7f3a', capturedAt: '2026-11-23T10:00:00Z', sha256: 'cd'.repeat(32) }],
          notes: 'seen at the bus station',
        },
        s.officerUa.token,
      ),
      201,
    );
    await expectStatus(t.patch(apiPaths.finding(victim.id), { status: 'confirmed', version: 1 }, s.coordinator.token), 200);
    await expectStatus(t.post(apiPaths.transitions(s.operation.id), { to: 'closed' }, s.organizer.token), 200);
    await expectStatus(t.post(apiPaths.publications(s.operation.id), { slug: 'retained-summary', title: 'Summary', figures: ['possibleVictims.total'], exact: ['possibleVictims.total'] }, s.organizer.token), 201);
  });
  afterAll(async () => {
    await replica.close();
    await t.close();
  });

  /** Every text column of every table that holds rows of the operation, as one string. */
  const everythingStored = async () => {
    const rows: { dump: string }[] = await db.query(
      `SELECT concat_ws(' ',
         (SELECT string_agg(t::text, ' ') FROM targets t WHERE operation_id = $1),
         (SELECT string_agg(f::text, ' ') FROM findings f WHERE operation_id = $1),
         (SELECT string_agg(i::text, ' ') FROM identifiers i WHERE operation_id = $1),
         (SELECT string_agg(m::text, ' ') FROM matches m WHERE operation_id = $1),
         (SELECT string_agg(e::text, ' ') FROM events e WHERE operation_id = $1),
         (SELECT string_agg(a::text, ' ') FROM audit_log a WHERE operation_id = $1)) AS dump`,
      [s.operation.id],
    );
    return rows[0].dump;
  };
  const closedAt = async () => new Date((await expectStatus(t.get<Operation>(apiPaths.operation(s.operation.id), s.organizer.token), 200)).closedAt!);

  it('leaves an operation alone until its period has passed', async () => {
    const early = await t.app.get(RetentionService).runOnce(new Date((await closedAt()).getTime() + 29 * DAY));
    expect(early).toEqual({ ran: true, purged: [] });
    const stored = await everythingStored();
    for (const value of personal) expect(stored).toContain(value);
  });

  it('purges once even when several instances run the job at the same moment, and audits the purge', async () => {
    const before = await expectStatus(t.get<Tallies>(apiPaths.tallies(s.operation.id), s.observer.token), 200);
    const at = new Date((await closedAt()).getTime() + 31 * DAY);
    const rounds = await Promise.all([t.app.get(RetentionService).runOnce(at), replica.app.get(RetentionService).runOnce(at)]);
    expect(rounds.flatMap((r) => r.purged)).toEqual([s.operation.id]);

    const stored = await everythingStored();
    for (const value of personal) expect(stored.includes(value) ? value : null).toBeNull();
    // What describes no one stays: nationality, age range, minor flag, category, status.
    const [finding] = await db.query(`SELECT details, nationality, minor, status, identifiers, evidence, notes FROM findings WHERE operation_id = $1`, [s.operation.id]);
    expect(finding).toEqual({ details: { nationality: 'UA', ageMin: 17, ageMax: 19, minor: true }, nationality: 'UA', minor: true, status: 'confirmed', identifiers: [], evidence: [], notes: null });

    // The figures, the snapshot and the publication remain exactly as they were.
    expect(await expectStatus(t.get<Tallies>(apiPaths.tallies(s.operation.id), s.observer.token), 200)).toEqual(before);
    const published = await expectStatus(t.get<Publication>(apiPaths.publicPublication('retained-summary')), 200);
    expect(published.figures[0]).toMatchObject({ name: 'possibleVictims.total', value: 1 });

    const operation = await expectStatus(t.get<Operation>(apiPaths.operation(s.operation.id), s.organizer.token), 200);
    expect(operation.purgedAt).toBe(at.toISOString());

    // The chain still verifies, because the operation is marked purged (erased details of an
    // operation that is not are refused, see audit.int-spec); the purge is its last entry, by no
    // one, with what it erased.
    const verification = await expectStatus(t.post<AuditVerification>(apiPaths.auditVerify(s.operation.id), {}, s.organizer.token), 200);
    expect(verification).toMatchObject({ ok: true, firstInvalid: null, purged: true, closeHead: { seq: expect.any(Number) } });
    expect(verification.purgedDetails).toBeGreaterThan(5);
    const lines = (await t.get<string>(apiPaths.audit(s.operation.id), s.organizer.token)).body.trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]) as AuditEntry;
    expect(last).toMatchObject({ action: 'operation.purge', actorId: null, entityId: s.operation.id });
    expect(JSON.parse(last.details!)).toMatchObject({ retentionDays: 30, counts: { targets: 2, findings: 1, auditDetails: verification.purgedDetails } });

    // A later round finds nothing left to do.
    expect((await t.app.get(RetentionService).runOnce(new Date(at.getTime() + DAY))).purged).toEqual([]);
  });
});
