import { EUROPEAN_SAMPLES } from '../../test/support/european-samples';
import { pdfText, pdfTextRuns } from '../../test/support/pdf-text';
import { renderPdf } from './pdf';

const A4_WIDTH = 595.28;
const MARGIN = 50;
const PAD = 4;
// 120 characters without a space, as a team's alias or a platform's address can be.
const LONG = `https://t.me/${'trafficking-watch-'.repeat(6)}`.slice(0, 120);

describe('the PDF writer', () => {
  it('embeds subsets of DejaVu Sans and prints each European script in the regular and the bold face', async () => {
    const pdf = await renderPdf({ title: EUROPEAN_SAMPLES.el, creationDate: new Date(0) }, (doc) => {
      for (const sample of Object.values(EUROPEAN_SAMPLES)) {
        doc.heading(sample, 3);
        doc.paragraph(sample);
      }
    });
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toContain('Helvetica');
    const runs = pdfTextRuns(pdf);
    for (const sample of Object.values(EUROPEAN_SAMPLES)) {
      expect(runs).toContainEqual(expect.objectContaining({ font: 'DejaVuSans-Bold', text: sample }));
      expect(runs).toContainEqual(expect.objectContaining({ font: 'DejaVuSans', text: sample }));
    }
    // The document information (Title) too.
    expect(pdfText(pdf)).toContain(EUROPEAN_SAMPLES.el);
  });

  it('wraps a long name without spaces inside its table cell, and the row grows to hold it', async () => {
    const pdf = await renderPdf({ title: 'Wrap', creationDate: new Date(0) }, (doc) => {
      doc.table(
        ['Team', 'Count'],
        [
          [LONG, 7],
          ['Next', 8],
        ],
        { widths: [1, 1] },
      );
    });
    const runs = pdfTextRuns(pdf);
    const first = runs.findIndex((r) => r.text.startsWith('https://'));
    const count = runs.findIndex((r) => r.text === '7');
    const lines = runs.slice(first, count);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => l.text).join('')).toBe(LONG);
    // Every line starts and ends inside the first half of the page's width, padding included.
    const [left, right] = [MARGIN + PAD, MARGIN + (A4_WIDTH - 2 * MARGIN) / 2 - PAD];
    for (const line of lines) {
      expect(line.x).toBeGreaterThanOrEqual(left - 0.01);
      expect(line.x + line.width).toBeLessThanOrEqual(right + 0.01);
    }
    // The count stands on the first line, the next row below the last one.
    expect(runs[count].y).toBeCloseTo(lines[0].y);
    const last = lines[lines.length - 1];
    expect(runs.find((r) => r.text === 'Next')?.y).toBeLessThan(last.y - last.size);
  });

  it('lets the long name give way when columns do not fit side by side, so the other headers keep their words whole', async () => {
    const counts = ['Platforms', 'Usernames', 'Comms', 'Suspected', 'Confirmed', 'Referred', 'Suspects', 'Victims', 'Minors', 'Done'];
    const pdf = await renderPdf({ title: 'Columns', creationDate: new Date(0) }, (doc) => {
      doc.table(['Team', ...counts], [[LONG, ...counts.map((_, i) => i * 111)]], { fontSize: 7 });
    });
    const runs = pdfTextRuns(pdf);
    for (const header of counts) expect(runs).toContainEqual(expect.objectContaining({ font: 'DejaVuSans-Bold', text: header }));
    const platforms = runs.find((r) => r.text === 'Platforms')?.x ?? NaN;
    const lines = runs.filter((r) => r.font === 'DejaVuSans' && LONG.includes(r.text) && r.text.length > 1);
    expect(lines.map((l) => l.text).join('')).toBe(LONG);
    // Nothing of the name reaches the next column.
    for (const line of lines) expect(line.x + line.width).toBeLessThanOrEqual(platforms);
  });
});
