import type { Tallies } from '@actionday/contracts';
import { applyTallyDeltas, emptyTallies } from '@actionday/tallies';
import { pdfText } from '../../test/support/pdf-text';
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

  it('gives the same bytes for a closed operation every time, and dates a live one', async () => {
    const [a, b] = await Promise.all([reportPdf(input(true)), reportPdf({ ...input(true), now: new Date() })]);
    expect(a.equals(b)).toBe(true);
    expect(pdfText(await reportPdf(input(false)))).toContain('live as of 23 Nov 2026, 13:00');
  });

  it('renders what the standard fonts cannot show as plain text, and breaks long tables across pages', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [`Row ${i}`, i]);
    const pdf = await renderPdf({ title: 'Київ report', creationDate: new Date(0) }, (doc) => {
      doc.heading('Київ Kraków Ω', 1);
      doc.table(['Name', 'Count'], rows);
    });
    const text = pdfText(pdf);
    expect(text).toContain('???? Kraków ?');
    expect(text).toContain('Row 149');
    expect(text).toMatch(/Page 1 of [2-9]/);
  });
});
