import type { Tallies } from '@actionday/contracts';
import { applyTallyDeltas, emptyTallies } from '@actionday/tallies';
import { EUROPEAN_SAMPLES } from '../../test/support/european-samples';
import { pdfText, pdfTextRuns } from '../../test/support/pdf-text';
import { renderPdf } from '../common/pdf';
import { reportPdf, type ReportInput } from './report-pdf';

const TEAM = '00000000-0000-4000-8000-000000000004';

function tallies(frozen: boolean): Tallies {
  const base = emptyTallies({
    operationId: '00000000-0000-4000-8000-000000000002',
    frozen,
    closedAt: frozen ? '2026-11-23T20:15:00.000Z' : null,
    snapshotSha256: frozen ? 'cd'.repeat(32) : null,
    asOfSeq: 42,
    participants: { experts: 85, countries: 2 },
    teams: [{ id: TEAM, name: 'Netherlands' }],
    countries: ['NL', 'UA'],
  });
  return applyTallyDeltas(base, [
    { dim: 'all', key: '', metric: 'suspects', sub: '', delta: 11 },
    { dim: 'all', key: '', metric: 'victims_total', sub: '', delta: 45 },
    { dim: 'all', key: '', metric: 'victims_nationality', sub: 'UA', delta: 25 },
    { dim: 'team', key: TEAM, metric: 'suspects', sub: '', delta: 7 },
    { dim: 'category', key: 'csam_related', metric: 'examined_platforms', sub: '', delta: 10 },
    { dim: 'all', key: '', metric: 'findings_hour', sub: '2026-11-23T09:00:00.000Z', delta: 3 },
    { dim: 'all', key: '', metric: 'indicator', sub: 'visibly_very_young', delta: 4 },
  ]);
}

const input = (frozen: boolean): ReportInput => ({
  operation: {
    name: 'JAD Zürich',
    kind: 'joint_action_day',
    status: frozen ? 'closed' : 'live',
    startsAt: '2026-11-23T06:00:00Z',
    endsAt: '2026-11-23T20:00:00Z',
    timezone: 'Europe/Amsterdam',
    countries: ['NL', 'UA'],
    closedAt: frozen ? '2026-11-23T20:15:00.000Z' : null,
  },
  tallies: tallies(frozen),
  indicatorLabels: new Map([['visibly_very_young', 'Visibly very young']]),
  now: new Date('2026-11-23T12:00:00Z'),
  audit: {
    current: { seq: frozen ? 58 : 31, hash: 'e1'.repeat(32) },
    atClose: frozen ? { seq: 55, hash: 'a7'.repeat(32) } : null,
  },
});

describe('end-of-day report PDF', () => {
  it('shows the operation, its figures and their breakdowns in the time zone of the operation', async () => {
    const pdf = await reportPdf(input(true));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const expected of [
      'JAD Zürich',
      'Joint action day',
      '23 Nov 2026, 07:00 to 21:00 (Europe/Amsterdam)',
      '23 Nov 2026, 21:15 (Europe/Amsterdam)',
      'cd'.repeat(32),
      'Suspects identified',
      'Netherlands',
      'CSAM-related',
      'Visibly very young',
      '23 Nov 2026, 10:00',
      'Page 1 of',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("prints the audit log's head, and for a closed operation the head recorded at close instead", async () => {
    const closed = pdfText(await reportPdf(input(true)));
    // Every download is an entry after the close: the report of a closed day names the head it recorded.
    expect(closed).not.toContain(`58, the last with hash`);
    expect(closed).toContain(`entry 55, hash ${'a7'.repeat(32)}, followed by the close`);
    const live = pdfText(await reportPdf(input(false)));
    expect(live).toContain(`31, the last with hash ${'e1'.repeat(32)}`);
    expect(live).not.toContain('Head recorded at close');
    // Closed before heads were recorded: said so, not left out.
    expect(pdfText(await reportPdf({ ...input(true), audit: { current: { seq: 3, hash: 'e1'.repeat(32) }, atClose: null } }))).toContain('not recorded');
  });

  it('gives the same bytes for a closed operation every time, and dates a live one', async () => {
    const [a, b] = await Promise.all([reportPdf(input(true)), reportPdf({ ...input(true), now: new Date() })]);
    expect(a.equals(b)).toBe(true);
    expect(pdfText(await reportPdf(input(false)))).toContain('live as of 23 Nov 2026, 13:00');
  });

  it('prints Cyrillic and Greek as they are, what the font lacks as a visible sign, and breaks long tables across pages', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [`Row ${i}`, i]);
    const pdf = await renderPdf({ title: 'Київ report', creationDate: new Date(0) }, (doc) => {
      doc.heading('Київ Kraków Ω', 1);
      doc.paragraph('Emoji 🚓 and CJK 警察');
      doc.table(['Name', 'Count'], rows);
    });
    const text = pdfText(pdf);
    expect(text).toContain('Київ Kraków Ω');
    expect(text).toContain('Emoji \ufffd and CJK \ufffd\ufffd');
    expect(text).toContain('Row 149');
    expect(text).toMatch(/Page 1 of [2-9]/);
  });

  it('names teams and the operation in Ukrainian, Russian, Greek, Romanian, Turkish and Albanian', async () => {
    const names = Object.values(EUROPEAN_SAMPLES);
    const t = tallies(true);
    const pdf = await reportPdf({
      ...input(true),
      operation: { ...input(true).operation, name: `${EUROPEAN_SAMPLES.el} – ${EUROPEAN_SAMPLES.uk}` },
      tallies: { ...t, byTeam: names.map((name, i) => ({ ...t.byTeam[0], teamId: `${TEAM.slice(0, -1)}${i}`, name })) },
    });
    const text = pdfText(pdf);
    expect(text).toContain(`${EUROPEAN_SAMPLES.el} – ${EUROPEAN_SAMPLES.uk}`);
    // A team's name may wrap in its column: the lines joined give it back.
    for (const name of names) expect(text).toContain(name);
    expect(text).not.toContain('\ufffd');
  });

  it('wraps a team name of 120 characters without spaces inside the team column', async () => {
    const long = `https://t.me/${'trafficking-watch-'.repeat(7)}`.slice(0, 120);
    const t = tallies(true);
    const pdf = await reportPdf({ ...input(true), tallies: { ...t, byTeam: [{ ...t.byTeam[0], name: long }, ...t.byTeam] } });
    const runs = pdfTextRuns(pdf);
    const header = runs.findIndex((r) => r.text === 'Team');
    const platforms = runs[header + 1];
    expect(platforms.text).toBe('Platforms');
    const lines = runs.slice(header + 11).filter((r, i, all) => all.slice(0, i + 1).every((p) => long.includes(p.text)));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => l.text).join('')).toBe(long);
    for (const line of lines) {
      expect(line.x).toBe(runs[header].x);
      expect(line.x + line.width).toBeLessThanOrEqual(platforms.x);
    }
    // The next team's row starts below the name's last line.
    const next = runs.find((r) => r.text === 'Netherlands' && r.y < lines[0].y);
    expect(next?.y).toBeLessThan(lines[lines.length - 1].y);
  });
});
