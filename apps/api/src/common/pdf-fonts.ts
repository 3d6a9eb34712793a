import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The typeface of every PDF the platform makes: DejaVu Sans from the `dejavu-fonts-ttf` package,
 * which covers every European script (Latin with all its extensions, Greek, Cyrillic). pdfkit
 * embeds only the glyphs a document uses (a subset), so a report stays tens of kilobytes. The
 * font files are read once per process, when the first document is made.
 */
export type PdfFace = 'regular' | 'bold' | 'oblique';

const FILES: Record<PdfFace, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  oblique: 'DejaVuSans-Oblique.ttf',
};

// npm packages are resolved from this file in the CommonJS bundle (node_modules is beside
// dist/ at runtime) and from the working directory under jest, whose ES modules have no __filename.
const packages = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json'));

/** The part of fontkit used here: which characters a face has a glyph for. */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

// fontkit is what pdfkit lays text out with; it is taken from pdfkit's own dependencies, so the
// check below asks the same copy that draws, and it is not a dependency of ours.
const fontkit = (): { create(data: Buffer): FontkitFont } => createRequire(packages.resolve('pdfkit'))('fontkit');

const loaded = new Map<PdfFace, { data: Buffer; font: FontkitFont }>();

function load(face: PdfFace): { data: Buffer; font: FontkitFont } {
  let f = loaded.get(face);
  if (!f) {
    const data = readFileSync(packages.resolve(`dejavu-fonts-ttf/ttf/${FILES[face]}`));
    f = { data, font: fontkit().create(data) };
    loaded.set(face, f);
  }
  return f;
}

/**
 * Registers the three faces on a new document under their names ('regular', 'bold', 'oblique').
 * pdfkit is given the file's bytes, and parses them for each document: it would take a parsed
 * font too, but fontkit keeps each glyph with the characters it was first met with, so a shared
 * one makes a document depend on the documents made before it (a dotless ı first met as a part
 * of "i" is then written with no character, and the bytes differ).
 */
export function registerPdfFaces(doc: PDFKit.PDFDocument): void {
  for (const face of Object.keys(FILES) as PdfFace[]) doc.registerFont(face, load(face).data);
}

// Drawn for a character the face has no glyph for (emoji, CJK and other non-European scripts):
// pdfkit would draw the font's empty .notdef box, easy to miss. U+FFFD, the replacement
// character, is a visible "?" in a diamond that DejaVu has in every face, and unlike a plain "?"
// it is not read as part of a name. One per character as a reader sees it (an emoji with a
// skin tone, a family of emoji joined by ZWJ), not per code point.
const MISSING = '\uFFFD';
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

/**
 * `text` as `face` can draw it: line breaks kept when `lines` (else spaces, as other control
 * characters are), invisible format characters without a glyph dropped, a character without a
 * glyph drawn from its compatibility decomposition when the face has that (a full-width or
 * mathematical letter as the plain letter), else as U+FFFD.
 */
export function drawableText(text: string, face: PdfFace, lines = true): string {
  const { font } = load(face);
  const has = (ch: string) => font.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0);
  const normal = text.normalize('NFC').replace(lines ? /[^\P{Cc}\n]/gu : /\p{Cc}/gu, ' ');
  let out = '';
  let run = 0;
  for (const { segment } of graphemes.segment(normal)) {
    const chars = [...segment].filter((ch) => ch === '\n' || has(ch) || !IGNORABLE.test(ch));
    let drawn: string;
    if (chars.every((ch) => ch === '\n' || has(ch))) drawn = chars.join('');
    else {
      const compatible = segment.normalize('NFKD');
      drawn = [...compatible].every(has) ? compatible : MISSING;
    }
    // pdfkit breaks a word wider than its line by measuring it again for every character it
    // moves to the next line: a 10,000-character word took 11 s. Past LONG_RUN characters
    // without a space, a zero-width space every LONG_RUN lets it break there instead; names and
    // URLs of ordinary length are left as they are (copied from the PDF, they stay intact).
    run = /\s/u.test(drawn) ? 0 : run + 1;
    if (run > LONG_RUN) {
      out += BREAK;
      run = 1;
    }
    out += drawn;
  }
  return out;
}

const LONG_RUN = 150;
const BREAK = '\u200B';
