import type { Finding, Target } from '@actionday/contracts';
import { csvRecord as csvLine, parseCsv } from '../common/csv';
import { csvFile, findingColumns, targetColumns } from './export-csv';
import { fileSlug, localDate } from '../common/file-stream';

const finding = (over: Partial<Finding> = {}): Finding => ({
  id: '00000000-0000-4000-8000-000000000001',
  operationId: '00000000-0000-4000-8000-000000000002',
  clientId: '00000000-0000-4000-8000-000000000003',
  type: 'possible_victim',
  targetId: null,
  teamId: '00000000-0000-4000-8000-000000000004',
  authorId: '00000000-0000-4000-8000-000000000005',
  status: 'submitted',
  duplicateOf: null,
  reviewedBy: null,
  reviewedAt: null,
  redacted: false,
  details: { alias: 'Ira', nationality: 'UA', ageMin: 15, ageMax: 17, minor: true },
  identifiers: [
    { kind: 'phone', value: '+380 67 555 1234', platform: null, normalized: '+380675551234', valid: true },
    { kind: 'email', value: 'ira@example.org', platform: null, normalized: 'ira@example.org', valid: true },
  ],
  indicators: ['visibly_very_young', 'third_party_control'],
  evidence: [{ url: 'https://ads.example/1', capturedAt: '2026-11-23T10:00:00Z', sha256: 'ab'.repeat(32) }],
  notes: 'said "hi", then left',
  version: 1,
  createdAt: '2026-11-23T10:01:00.000Z',
  updatedAt: '2026-11-23T10:01:00.000Z',
  ...over,
});

describe('export CSV', () => {
  it('neutralizes cells a spreadsheet would run as a formula, in every column', () => {
    const columns = findingColumns(new Map());
    const evil = finding({
      notes: '=HYPERLINK("http://evil","x")',
      details: { alias: '+1+1', nationality: '@SUM(A1)', ageMin: -3, minor: false },
    });
    const file = csvFile(columns);
    const text = file.open + file.item(evil);
    const [header, row] = parseCsv(text).map((r) => r.fields);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('notes')).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(cell('alias')).toBe("'+1+1");
    expect(cell('nationality')).toBe("'@SUM(A1)");
    // Numbers are written as numbers, not as text that could hide a formula.
    expect(cell('ageMin')).toBe('-3');
    expect(cell('minor')).toBe('false');
    expect(text.startsWith('\ufeffid,createdAt,')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it('writes one flat RFC 4180 row per finding that parses back to the same cells', () => {
    const columns = findingColumns(new Map([['00000000-0000-4000-8000-000000000004', 'Netherlands']]));
    const [header, row] = parseCsv(csvLine(columns.header) + csvLine(columns.row(finding()))).map((r) => r.fields);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(header.length).toBe(new Set(header).size);
    expect(row.length).toBe(header.length);
    expect(cell('team')).toBe('Netherlands');
    expect(cell('alias')).toBe('Ira');
    expect(cell('nationality')).toBe('UA');
    expect(cell('minor')).toBe('true');
    expect(cell('ageMin')).toBe('15');
    expect(cell('identifiers')).toBe('phone:+380 67 555 1234;email:ira@example.org');
    expect(cell('indicators')).toBe('visibly_very_young;third_party_control');
    expect(cell('evidence')).toBe(`2026-11-23T10:00:00Z https://ads.example/1 sha256:${'ab'.repeat(32)}`);
    expect(cell('notes')).toBe('said "hi", then left');
    expect(cell('redacted')).toBe('false');
    expect(cell('siteName')).toBe('');
  });

  it('leaves every detail cell of a redacted finding empty', () => {
    const columns = findingColumns(new Map());
    const redacted = finding({ redacted: true, details: null, identifiers: [], indicators: [], evidence: [], notes: null });
    const [header, row] = parseCsv(csvLine(columns.header) + csvLine(columns.row(redacted))).map((r) => r.fields);
    const filled = header.filter((_, i) => row[i] !== '');
    expect(filled).toEqual(['id', 'createdAt', 'updatedAt', 'type', 'status', 'redacted', 'teamId', 'authorId', 'version']);
  });

  it('writes targets with their list fields, guarding values that start like a formula', () => {
    const target: Target = {
      id: '00000000-0000-4000-8000-000000000010',
      operationId: '00000000-0000-4000-8000-000000000002',
      kind: 'phone',
      value: '+31 6 1234 5678',
      normalized: '+31612345678',
      normalizationFailed: false,
      platform: null,
      category: 'escort',
      country: 'NL',
      language: null,
      tags: ['ukraine-related', 'night'],
      priority: -1,
      notes: '=cmd|calc',
      status: 'unassigned',
      outcome: null,
      teamId: null,
      sourceFindingId: null,
      redacted: false,
      version: 1,
      createdAt: '2026-11-23T10:00:00.000Z',
      updatedAt: '2026-11-23T10:00:00.000Z',
    };
    const columns = targetColumns(new Map());
    const [header, row] = parseCsv(csvLine(columns.header) + csvLine(columns.row(target))).map((r) => r.fields);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('value')).toBe("'+31 6 1234 5678");
    expect(cell('notes')).toBe("'=cmd|calc");
    expect(cell('tags')).toBe('ukraine-related;night');
    expect(cell('priority')).toBe('-1');
  });

  it('names files by a plain slug of the operation and its local date', () => {
    expect(fileSlug('JAD Zürich 2026 / "Ukraine"')).toBe('jad-zurich-2026-ukraine');
    expect(fileSlug('Операция')).toBe('operation');
    expect(localDate(new Date('2026-11-23T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-11-24');
    expect(localDate(new Date('2026-11-23T23:30:00Z'), 'America/New_York')).toBe('2026-11-23');
  });
});
