import { randomUUID } from 'node:crypto';
import { apiPaths, type ErrorBody, type Finding, type Page, type Tallies, type Target } from '@actionday/contracts';
import { parseCsv } from '../src/common/csv';
import { pdfText } from './support/pdf-text';
import { assign, createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

const ALIAS = 'Oksana-Export-Alias';
const VICTIM_NOTES = 'met near the station';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

/** A CSV export as rows of named cells (the byte-order mark is skipped by the parser). */
function csvRows(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text).map((r) => r.fields);
  return rows.map((fields) => Object.fromEntries(header.map((h, i) => [h, fields[i]])));
}

/** Members' exports: the lists as files, filtered by role the same way, and the end-of-day report. */
describe('exports: findings and targets as CSV and JSON, the end-of-day report as PDF', () => {
  let t: TestApp;
  let s: Scenario;
  let victim: Finding;
  let suspect: Finding;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    const site = await createTarget(t, s, { kind: 'platform', value: 'export-site.example', category: 'escort' });
    await assign(t, s, s.teams.nl.id, [site.id]);
    victim = await expectStatus(
      t.post<Finding>(
        apiPaths.findings(s.operation.id),
        {
          clientId: randomUUID(),
          type: 'possible_victim',
          targetId: site.id,
          alias: ALIAS,
          nationality: 'UA',
          minor: true,
          identifiers: [{ kind: 'phone', value: '+380 67 555 0001' }],
          indicators: ['visibly_very_young'],
          notes: VICTIM_NOTES,
        },
        s.officerNl.token,
      ),
      201,
    );
    // What a stranger typed into an ad, copied into a finding: a formula if opened as is.
    suspect = await expectStatus(
      t.post<Finding>(apiPaths.findings(s.operation.id), { clientId: randomUUID(), type: 'suspect', alias: '@boss', notes: FORMULA }, s.officerNl.token),
      201,
    );
  });
  afterAll(() => t.close());

  const get = <T = string>(path: string, token: string) => t.get<T>(path, token);
  const allFindings = async (token: string, opId = s.operation.id) => {
    const items: Finding[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Finding> = await expectStatus(t.get<Page<Finding>>(`${apiPaths.findings(opId)}?limit=500${cursor ? `&cursor=${cursor}` : ''}`, token), 200);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  it("serves a coordinator's findings with the victim's details, as a download that is never cached", async () => {
    const csv = await get(apiPaths.findingsExportFile(s.operation.id, 'csv'), s.coordinator.token);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="jad-test-findings-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(csv.headers.get('cache-control')).toBe('no-store');
    const rows = csvRows(csv.body);
    const row = rows.find((r) => r.id === victim.id);
    expect(row).toMatchObject({
      type: 'possible_victim',
      redacted: 'false',
      team: s.teams.nl.name,
      alias: ALIAS,
      nationality: 'UA',
      minor: 'true',
      identifiers: 'phone:+380 67 555 0001',
      indicators: 'visibly_very_young',
      notes: VICTIM_NOTES,
    });

    const json = await get<Finding[]>(apiPaths.findingsExportFile(s.operation.id, 'json'), s.coordinator.token);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.headers.get('content-disposition')).toMatch(/filename="jad-test-findings-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(json.headers.get('cache-control')).toBe('no-store');
    expect(json.body.find((f) => f.id === victim.id)).toMatchObject({ redacted: false, details: { alias: ALIAS }, notes: VICTIM_NOTES });
  });

  it("keeps the victim's row for an observer and an officer of another team, without its details, exactly as the list does", async () => {
    for (const who of [s.observer, s.officerUa]) {
      const csv = await get(apiPaths.findingsExportFile(s.operation.id, 'csv'), who.token);
      expect(csv.status).toBe(200);
      expect(csv.body).not.toContain(ALIAS);
      expect(csv.body).not.toContain(VICTIM_NOTES);
      expect(csv.body).not.toContain('555 0001');
      const row = csvRows(csv.body).find((r) => r.id === victim.id);
      expect(row).toMatchObject({ type: 'possible_victim', redacted: 'true', alias: '', nationality: '', minor: '', identifiers: '', indicators: '', notes: '' });

      const json = await get<Finding[]>(apiPaths.findingsExportFile(s.operation.id, 'json'), who.token);
      expect(JSON.stringify(json.body)).not.toContain(ALIAS);
      expect(json.body).toEqual(await allFindings(who.token));
    }
    // The team that logged it sees it.
    const own = await get(apiPaths.findingsExportFile(s.operation.id, 'csv'), s.officerNl.token);
    expect(csvRows(own.body).find((r) => r.id === victim.id)).toMatchObject({ redacted: 'false', alias: ALIAS });
  });

  it('neutralizes cells a spreadsheet would run as formulas; the JSON keeps the text as logged', async () => {
    // Notes reach officers of every team (observers get none).
    const csv = await get(apiPaths.findingsExportFile(s.operation.id, 'csv'), s.officerUa.token);
    const row = csvRows(csv.body).find((r) => r.id === suspect.id);
    expect(row?.notes).toBe(`'${FORMULA}`);
    expect(row?.alias).toBe("'@boss");
    // No record and no field starts with a formula character.
    expect(csv.body).not.toMatch(/(^|[\n,])"?[=+\-@]/);
    const json = await get<Finding[]>(apiPaths.findingsExportFile(s.operation.id, 'json'), s.officerUa.token);
    expect(json.body.find((f) => f.id === suspect.id)?.notes).toBe(FORMULA);
  });

  it('is for members only: 404 for anyone else, 401 without a token', async () => {
    const stranger = await t.user(`stranger.${randomUUID().slice(0, 8)}@test.example`);
    const paths = [
      apiPaths.findingsExportFile(s.operation.id, 'csv'),
      apiPaths.findingsExportFile(s.operation.id, 'json'),
      apiPaths.targetsExportFile(s.operation.id, 'csv'),
      apiPaths.targetsExportFile(s.operation.id, 'json'),
      apiPaths.report(s.operation.id),
    ];
    for (const path of paths) {
      const res = await t.get<ErrorBody>(path, stranger.token);
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('operation not found');
      expect((await t.get(path)).status).toBe(401);
    }
    expect((await t.get<ErrorBody>(apiPaths.report('not-a-uuid'), s.coordinator.token)).status).toBe(404);
  });

  it('exports every target, across several pages of the list, as CSV and JSON', async () => {
    const other = await scenario(t, { live: false });
    const lines = Array.from({ length: 1203 }, (_, i) => `phone,+31 6 ${String(20000000 + i)},NL,=SUM(A${i})`);
    await expectStatus(
      t.request('POST', `${apiPaths.targetsImport(other.operation.id)}?dryRun=false`, {
        token: other.coordinator.token,
        rawBody: ['kind,value,country,notes', ...lines].join('\n'),
        headers: { 'content-type': 'text/csv' },
      }),
      201,
    );
    const listed: Target[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Target> = await expectStatus(
        t.get<Page<Target>>(`${apiPaths.targets(other.operation.id)}?limit=500${cursor ? `&cursor=${cursor}` : ''}`, other.observer.token),
        200,
      );
      listed.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed.length).toBe(1203);

    const json = await get<Target[]>(apiPaths.targetsExportFile(other.operation.id, 'json'), other.observer.token);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toMatch(/filename="jad-test-targets-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(json.body).toEqual(listed);

    const csv = await get(apiPaths.targetsExportFile(other.operation.id, 'csv'), other.observer.token);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('cache-control')).toBe('no-store');
    const rows = csvRows(csv.body);
    expect(rows.map((r) => r.id)).toEqual(listed.map((x) => x.id));
    // Phone numbers start with "+": guarded like any other text that could start a formula.
    expect(rows.find((r) => r.notes === "'=SUM(A0)")).toMatchObject({ kind: 'phone', value: "'+31 6 20000000", normalized: "'+31620000000", country: 'NL' });
  });

  it('exports more findings than one page holds, each once, in the order of the list', async () => {
    const other = await scenario(t);
    const total = 512;
    const queue = Array.from({ length: total }, (_, i) => i);
    const worker = async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        await expectStatus(
          t.post(apiPaths.findings(other.operation.id), { clientId: randomUUID(), type: 'suspect', alias: `S${i}`, nationality: 'MD' }, other.officerNl.token),
          201,
        );
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const listed = await allFindings(other.observer.token, other.operation.id);
    expect(listed.length).toBe(total);

    const json = await get<Finding[]>(apiPaths.findingsExportFile(other.operation.id, 'json'), other.observer.token);
    expect(json.body).toEqual(listed);
    const csv = await get(apiPaths.findingsExportFile(other.operation.id, 'csv'), other.observer.token);
    const rows = csvRows(csv.body);
    expect(rows.map((r) => r.id)).toEqual(listed.map((f) => f.id));
    expect(new Set(rows.map((r) => r.alias)).size).toBe(total);
  });

  it('serves the end-of-day report as a PDF of aggregate figures', async () => {
    const res = await fetch(t.baseUrl + apiPaths.report(s.operation.id), { headers: { authorization: `Bearer ${s.coordinator.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="jad-test-report-\d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const expected of ['JAD test', 'Joint action day', 'Possible victims identified', 'Netherlands', 'Visibly very young', 'Findings per hour']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('live as of');
    // Aggregates only: no alias, note or identifier, whoever downloads it.
    for (const secret of [ALIAS, VICTIM_NOTES, '555 0001', '@boss', 'HYPERLINK', 'export-site']) expect(text).not.toContain(secret);

    // An observer's report has no victim figure of its own: the victim's indicator is not
    // counted, and the victim counts wait for a release.
    const observed = pdfText(Buffer.from(await (await fetch(t.baseUrl + apiPaths.report(s.operation.id), { headers: { authorization: `Bearer ${s.observer.token}` } })).arrayBuffer()));
    expect(observed).toContain('Possible victims identified');
    expect(observed).toContain('not released yet');
    expect(observed).not.toContain('Visibly very young');
  });

  it('dates the report of a closed operation by its closing and names its snapshot: the same file every time', async () => {
    const other = await scenario(t);
    await expectStatus(
      t.post(apiPaths.findings(other.operation.id), { clientId: randomUUID(), type: 'suspect', alias: 'Closer', nationality: 'MD' }, other.officerNl.token),
      201,
    );
    await expectStatus(t.post(apiPaths.transitions(other.operation.id), { to: 'closed' }, other.organizer.token), 200);
    const tallies = await expectStatus(t.get<Tallies>(apiPaths.tallies(other.operation.id), other.observer.token), 200);
    expect(tallies.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
    const download = async () =>
      Buffer.from(await (await fetch(t.baseUrl + apiPaths.report(other.operation.id), { headers: { authorization: `Bearer ${other.observer.token}` } })).arrayBuffer());
    const first = await download();
    const text = pdfText(first);
    expect(text).toContain('Closed');
    expect(text).toContain(tallies.snapshotSha256);
    expect(text).toContain('frozen at close');
    expect((await download()).equals(first)).toBe(true);
  });
});
