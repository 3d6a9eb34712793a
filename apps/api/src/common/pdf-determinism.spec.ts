import { EUROPEAN_SAMPLES } from '../../test/support/european-samples';
import { pdfText } from '../../test/support/pdf-text';
import { renderPdf } from './pdf';

// Its own file, so that it starts with fonts no document of this process has used yet.
describe('PDFs made one after another in a process', () => {
  it('do not depend on the documents made before them', async () => {
    const turkish = () => renderPdf({ title: 'Türkçe', creationDate: new Date(0) }, (doc) => doc.paragraph(EUROPEAN_SAMPLES.tr));
    // DejaVu draws "i" and "ï" from the dotless ı and a dot: a font shared between documents
    // would keep ı as first met here, a part without a character of its own.
    await renderPdf({ title: 'Before', creationDate: new Date(0) }, (doc) => doc.paragraph('i ï é'));
    const first = await turkish();
    expect(pdfText(first)).toContain(EUROPEAN_SAMPLES.tr);
    await renderPdf({ title: 'Between', creationDate: new Date(0) }, (doc) => doc.paragraph(Object.values(EUROPEAN_SAMPLES).join(' ')));
    expect((await turkish()).equals(first)).toBe(true);
  });
});
