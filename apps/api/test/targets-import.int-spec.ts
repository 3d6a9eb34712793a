import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  apiPaths,
  IMPORT_LIMITS,
  type AutoAssignResponse,
  type ErrorBody,
  type ImportProgress,
  type ImportResult,
  type Page,
  type Tallies,
  type Target,
  type Team,
} from '@actionday/contracts';
import { createTarget, expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

describe('targets at action-day scale: CSV import, export, rule-based assignment', () => {
  let t: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t, { live: false });
  });
  afterAll(() => t.close());

  const importCsv = (csv: string | Uint8Array, dryRun: boolean, token = s.coordinator.token, importId?: string) =>
    t.request<ImportResult & ErrorBody>('POST', `${apiPaths.targetsImport(s.operation.id)}?dryRun=${dryRun}${importId ? `&importId=${importId}` : ''}`, {
      token,
      rawBody: csv as string,
      headers: { 'content-type': 'text/csv' },
    });
  const count = async () => (await expectStatus(t.get<Tallies>(apiPaths.tallies(s.operation.id), s.coordinator.token), 200)).targets.byState.unassigned;

  it('previews a file: rows to create, duplicates in the file and against the operation, row errors', async () => {
    await createTarget(t, s, { kind: 'email', value: 'known@example.org' });
    const csv = [
      '\ufeffkind,value,platform,category,country,language,tags,priority,notes',
      'phone,06 11 22 33 44,,escort,NL,nl,ukraine-related;labour,3,"first, with comma"',
      'phone,+31 6 1122 3344,,,,,,,same number spelled differently',
      'email,KNOWN@example.org,,,,,,,',
      'fax,12345,,,,,,,',
      'platform,ads.example,,not-a-category,,,,,',
      'url,"https://www.ads.example/p/1?utm_source=x",,classifieds,BE,fr,,9,',
    ].join('\r\n');
    const before = await count();
    const preview = await expectStatus(importCsv(csv, true), 200);
    expect(preview).toMatchObject({ dryRun: true, created: 1, rows: 6 });
    expect(preview.duplicates).toEqual([
      expect.objectContaining({ row: 3, reason: 'in_file', firstRow: 2, normalized: '+31611223344' }),
      expect.objectContaining({ row: 4, reason: 'existing', normalized: 'known@example.org' }),
    ]);
    expect(preview.errors).toEqual([
      expect.objectContaining({ row: 5, column: 'kind' }),
      expect.objectContaining({ row: 6, column: 'category' }),
      expect.objectContaining({ row: 7, column: 'priority' }),
    ]);
    expect(preview.preview[0]).toMatchObject({ row: 2, normalized: '+31611223344', tags: ['ukraine-related', 'labour'], priority: 3 });

    // A real import of a file with errors saves nothing.
    const refused = await importCsv(csv, false);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toHaveLength(3);
    expect(await count()).toBe(before);
  });

  it('imports all or nothing in one transaction, with one event and progress over the socket', async () => {
    const live = await t.live(s.coordinator.token);
    const ack = await live.subscribe(s.operation.id);
    const progress: ImportProgress[] = [];
    live.socket.on('progress', (p) => progress.push(p));
    const rows = Array.from({ length: 1200 }, (_, i) => `username,@demo_handle_${i},instagram.com,dating_social,UA,uk,bulk,1,`);
    const importId = randomUUID();
    const before = await count();
    const result = await expectStatus(importCsv(['kind,value,platform,category,country,language,tags,priority,notes', ...rows].join('\n'), false, s.coordinator.token, importId), 201);
    expect(result).toMatchObject({ dryRun: false, created: 1200, errors: [], duplicates: [] });
    expect(await count()).toBe(before + 1200);
    await live.waitFor((events) => events.some((e) => e.type === 'targets.imported'));
    const fromAck = live.events.filter((e) => e.seq > (ack.ok ? ack.seq : 0));
    expect(fromAck.map((e) => e.type)).toEqual(['targets.imported', 'tally.updated']);
    expect(live.ofType('targets.imported')[0].data.count).toBe(1200);
    expect(progress.filter((p) => p.importId === importId).at(-1)).toMatchObject({ phase: 'done', processed: 1200, total: 1200 });
    // the same file again: every row is now a duplicate of an existing target, nothing is created
    const again = await expectStatus(importCsv(['kind,value,platform', ...rows.map((r) => r.split(',').slice(0, 3).join(','))].join('\n'), true), 200);
    expect(again.created).toBe(0);
    expect(again.duplicates).toHaveLength(1200);
  });

  it('refuses malformed files with a clear 400 and saves nothing', async () => {
    const before = await count();
    const cases: [string | Uint8Array, RegExp][] = [
      ['kind,value\nplatform,"never closed\n', /unbalanced quote/],
      ['platform,ads.example\n', /header/],
      ['kind,value,colour\nplatform,x.example,red\n', /unknown column\(s\) in the header: colour/],
      ['', /CSV file as the request body/],
      [new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0x00, 0xff]), /binary/],
      [new Uint8Array([...new TextEncoder().encode('kind,value\nplatform,z'), 0xfc, 0x72, 0x69, 0x63, 0x68]), /not UTF-8/],
    ];
    for (const [csv, message] of cases) {
      const res = await t.request<ErrorBody>('POST', `${apiPaths.targetsImport(s.operation.id)}?dryRun=false`, {
        token: s.coordinator.token,
        rawBody: (typeof csv === 'string' ? csv : Buffer.from(csv)) as unknown as string,
        headers: { 'content-type': 'text/csv' },
      });
      expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: expect.stringMatching(message) });
    }
    const tooMany = await importCsv('kind,value\nplatform,a.example,extra\n', true);
    expect(tooMany.body.errors[0]).toMatchObject({ row: 2, message: '3 fields, but the header has 2 columns' });
    const huge = await importCsv('kind,value\n' + 'other,x\n'.repeat(1_400_000), true);
    expect(huge.status).toBe(413);
    expect(await count()).toBe(before);
  });

  it('stops reading a file at the first row over the limit, and names where the CSV is broken', async () => {
    const before = await count();
    // 200,001 rows in 1.6 MB: under the byte limit, over the row limit.
    const rows = 'other,x\n'.repeat(IMPORT_LIMITS.rows + 1);
    const tooMany = await importCsv(`kind,value\n${rows}`, true);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toBe(
      `the file has more than ${IMPORT_LIMITS.rows} rows (row ${IMPORT_LIMITS.rows + 1} starts on line ${IMPORT_LIMITS.rows + 2}); at most ${IMPORT_LIMITS.rows} per import: split the file`,
    );
    // Exactly the limit is fine (all duplicates of one value, so the preview stays small).
    const atLimit = await expectStatus(importCsv(`kind,value\n${'other,x\n'.repeat(IMPORT_LIMITS.rows)}`, true), 200);
    expect(atLimit.rows).toBe(IMPORT_LIMITS.rows);

    // Syntax errors by line and by the column's name in the header, blank lines counted.
    const broken = await importCsv('kind,value,notes\r\nplatform,a.example,\r\n\r\nother,ab"c,x\r\n', true);
    expect(broken.status).toBe(400);
    expect(broken.body.message).toBe('malformed CSV: line 4, column "value": a quote inside an unquoted field; quote the field and double the quote');
    expect(broken.body.errors).toEqual([{ row: 4, column: 'value', message: 'line 4, column "value": a quote inside an unquoted field; quote the field and double the quote' }]);
    const multiLine = await importCsv('kind,value,notes\nother,x,"two\nlines"\nother,"y"z,\n', true);
    expect(multiLine.body.errors[0]).toMatchObject({ row: 4, column: 'value' });
    expect(await count()).toBe(before);
  });

  it('takes CSV bodies only, uncompressed, and refuses too large ones while reading', async () => {
    const post = (body: string | Uint8Array, headers: Record<string, string>) =>
      fetch(`${t.baseUrl}${apiPaths.targetsImport(s.operation.id)}?dryRun=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.coordinator.token}`, ...headers },
        body,
      });
    for (const type of ['text/csv; charset=utf-8', 'application/csv', 'text/plain']) {
      expect({ type, status: (await post('kind,value\nplatform,a.example\n', { 'content-type': type })).status }).toEqual({ type, status: 200 });
    }
    const octets = await post('kind,value\nplatform,a.example\n', { 'content-type': 'application/octet-stream' });
    expect(octets.status).toBe(415);
    expect(((await octets.json()) as ErrorBody).message).toBe(
      'send the CSV file as the request body with Content-Type: text/csv, application/csv, text/plain (got application/octet-stream)',
    );
    const json = await post(JSON.stringify({ kind: 'platform' }), { 'content-type': 'application/json' });
    expect(json.status).toBe(415);
    const gzip = await post(gzipSync('kind,value\nplatform,a.example\n'), { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
    expect(gzip.status).toBe(415);
    expect(((await gzip.json()) as ErrorBody).message).toBe('send the CSV file uncompressed (got Content-Encoding: gzip)');

    // Without a Content-Length (chunked), the limit holds while reading: 413 once it is passed.
    const chunk = new TextEncoder().encode('other,x\n'.repeat(8192));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        if (sent > IMPORT_LIMITS.bytes * 3) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const chunked = await fetch(`${t.baseUrl}${apiPaths.targetsImport(s.operation.id)}?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.coordinator.token}`, 'content-type': 'text/csv' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    // The 413 arrives while the client is still sending; the rest is discarded, not kept.
    expect(chunked).toBeInstanceOf(Response);
    expect((chunked as Response).status).toBe(413);
    expect(((await (chunked as Response).json()) as ErrorBody).message).toBe('the CSV file is larger than 10 MB; split it into smaller files');
  });

  it('exports values that start like a formula guarded, and imports them back as they were', async () => {
    const other = await scenario(t, { live: false });
    const values = [
      { kind: 'phone', value: '+31612345678' },
      { kind: 'other', value: '=HYPERLINK("http://evil","x")', notes: '@boss said -2+3' },
      { kind: 'username', value: '-dash-handle', platform: 'instagram.com', tags: ['night'] },
    ];
    for (const v of values) await expectStatus(t.post<Target>(apiPaths.targets(other.operation.id), v, other.coordinator.token), 201);
    const exported = await t.get<string>(apiPaths.targetsExport(other.operation.id), other.coordinator.token);
    expect(exported.status).toBe(200);
    expect(exported.body).toContain(`other,"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(exported.body).toContain("phone,'+31612345678,");
    // No cell of the file starts with a formula character.
    expect(exported.body).not.toMatch(/(^|[\n,])"?[=+\-@]/);

    const third = await scenario(t, { live: false });
    const res = await t.request<ImportResult>('POST', `${apiPaths.targetsImport(third.operation.id)}?dryRun=false`, {
      token: third.coordinator.token,
      rawBody: exported.body,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(201);
    const imported = await expectStatus(t.get<Page<Target>>(`${apiPaths.targets(third.operation.id)}?limit=50`, third.coordinator.token), 200);
    const byValue = new Map(imported.items.map((x) => [x.value, x]));
    expect(byValue.get('+31612345678')).toMatchObject({ kind: 'phone', normalized: '+31612345678' });
    expect(byValue.get('=HYPERLINK("http://evil","x")')).toMatchObject({ kind: 'other', notes: '@boss said -2+3' });
    expect(byValue.get('-dash-handle')).toMatchObject({ kind: 'username', platform: 'instagram.com', tags: ['night'] });
  });

  it('only coordinators import, export and assign by rule; other operations see 404', async () => {
    expect((await importCsv('kind,value\nplatform,a.example\n', true, s.officerNl.token)).status).toBe(403);
    expect((await t.get(apiPaths.targetsExport(s.operation.id), s.observer.token)).status).toBe(403);
    expect((await t.post(apiPaths.autoAssign(s.operation.id), { apply: false }, s.officerNl.token)).status).toBe(403);
    const other = await scenario(t, { live: false });
    expect((await importCsv('kind,value\nplatform,a.example\n', true, other.coordinator.token)).status).toBe(404);
    expect((await t.get(apiPaths.targetsExport(s.operation.id), other.coordinator.token)).status).toBe(404);
    expect((await t.post(apiPaths.autoAssign(s.operation.id), { apply: true }, other.coordinator.token)).status).toBe(404);
    expect((await t.post(apiPaths.snowball(s.operation.id), { findingId: randomUUID(), identifierIndex: 0 }, other.officerNl.token)).status).toBe(404);
  });

  it('concurrent assignments of the same targets leave each in exactly one team, and the counts right', async () => {
    const targets = await Promise.all(
      Array.from({ length: 30 }, (_, i) => createTarget(t, s, { kind: 'other', value: `race-${i}-${randomUUID()}` })),
    );
    const ids = targets.map((x) => x.id);
    const teams = [s.teams.nl.id, s.teams.ua.id];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.post(apiPaths.assignments(s.operation.id), { teamId: teams[i % 2], targetIds: i % 3 ? ids : [...ids].reverse() }, s.coordinator.token)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
    const listed = await expectStatus(t.get<Page<Target>>(`${apiPaths.targets(s.operation.id)}?q=race-&limit=100`, s.coordinator.token), 200);
    expect(listed.items).toHaveLength(30);
    expect(listed.items.every((x) => x.status === 'assigned' && teams.includes(x.teamId ?? ''))).toBe(true);
    const tallies = await expectStatus(t.get<Tallies>(apiPaths.tallies(s.operation.id), s.coordinator.token), 200);
    const assignedByTeam = tallies.byTeam.reduce((sum, team) => sum + team.targets.byState.assigned, 0);
    expect(assignedByTeam).toBe(tallies.targets.byState.assigned);
    for (const teamId of teams) {
      const inTeam = await expectStatus(t.get<Page<Target>>(`${apiPaths.targets(s.operation.id)}?teamId=${teamId}&status=assigned&limit=500`, s.coordinator.token), 200);
      expect(tallies.byTeam.find((r) => r.teamId === teamId)?.targets.byState.assigned).toBe(inTeam.items.length);
    }
  });

  it('exports targets as CSV that imports back unchanged', async () => {
    const exported = await t.get<string>(apiPaths.targetsExport(s.operation.id), s.coordinator.token);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/text\/csv/);
    const other = await scenario(t, { live: false });
    const res = await t.request<ImportResult>('POST', `${apiPaths.targetsImport(other.operation.id)}?dryRun=false`, {
      token: other.coordinator.token,
      rawBody: exported.body,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(201);
    const all = async (opId: string, token: string) => {
      const items: Target[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Target> = await expectStatus(t.get<Page<Target>>(`${apiPaths.targets(opId)}?limit=500${cursor ? `&cursor=${cursor}` : ''}`, token), 200);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      // Rows of one import share their creation time, so compare as sets, not in list order.
      return items
        .map(({ kind, value, normalized, platform, category, country, language, tags, priority, notes }) => ({ kind, value, normalized, platform, category, country, language, tags, priority, notes }))
        .sort((a, b) => (a.normalized ?? '').localeCompare(b.normalized ?? ''));
    };
    const original = await all(s.operation.id, s.coordinator.token);
    expect(original.length).toBeGreaterThan(1200);
    expect(await all(other.operation.id, other.coordinator.token)).toEqual(original);
  });

  it('assigns by rule: preview first, then apply; country and language, then balance', async () => {
    const opId = s.operation.id;
    const ua2 = await expectStatus(t.post<Team>(apiPaths.teams(opId), { name: 'Ukraine 2', country: 'UA', language: 'uk' }, s.coordinator.token), 201);
    const preview = await expectStatus(t.post<AutoAssignResponse>(apiPaths.autoAssign(opId), { apply: false }, s.coordinator.token), 200);
    const toUa = preview.proposals.filter((p) => p.teamId === s.teams.ua.id).length;
    const toUa2 = preview.proposals.filter((p) => p.teamId === ua2.id).length;
    expect(toUa + toUa2).toBeGreaterThanOrEqual(1200);
    // Balanced on open work, counting what each team already had.
    expect(Math.abs(preview.loadAfter[s.teams.ua.id] - preview.loadAfter[ua2.id])).toBeLessThanOrEqual(1);
    expect(preview.proposals.every((p) => p.rule === 'country_language' || p.teamId === s.teams.nl.id)).toBe(true);
    // the preview changed nothing
    const unassignedBefore = await count();
    expect(unassignedBefore).toBeGreaterThanOrEqual(1200);
    const applied = await expectStatus(t.post<AutoAssignResponse>(apiPaths.autoAssign(opId), { apply: true }, s.coordinator.token), 200);
    expect(applied.proposals).toEqual(preview.proposals);
    expect(await count()).toBe(unassignedBefore - applied.proposals.length);
    expect(applied.updated?.every((u) => u.status === 'assigned')).toBe(true);
    const byTag = await expectStatus(t.get<Page<Target>>(`${apiPaths.targets(opId)}?tag=bulk&teamId=${ua2.id}&limit=5`, s.officerUa.token), 200);
    expect(byTag.items.every((i) => i.tags.includes('bulk') && i.teamId === ua2.id)).toBe(true);
    expect(byTag.items).toHaveLength(5);
  });
});
