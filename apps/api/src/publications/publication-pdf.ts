import type { Publication } from '@actionday/contracts';
import { renderPdf } from '../common/pdf';

function dateRange(p: Publication): string {
  const fmt = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: p.timezone }).format(new Date(iso));
  const [a, b] = [fmt(p.startsAt), fmt(p.endsAt)];
  return a === b ? a : `${a} to ${b}`;
}

/** The public summary as a one-page PDF; dated by its publication, so the same publication gives the same bytes. */
export function publicationPdf(p: Publication): Promise<Buffer> {
  return renderPdf({ title: p.title, subject: 'Published summary', creationDate: new Date(p.publishedAt) }, (doc) => {
    doc.heading(p.title, 1);
    doc.paragraph(dateRange(p));
    doc.paragraph(p.text);
    doc.heading('Figures', 2);
    doc.table(
      ['Figure', 'Value'],
      p.figures.flatMap((f) => [[f.label, f.display], ...(f.breakdown ?? []).map((b) => [`    ${b.key}`, b.display])]),
    );
    doc.smallPrint(`Counts below ${p.suppressBelow} are shown as "<${p.suppressBelow}" to protect the people concerned. Published ${p.publishedAt}.`);
  });
}
