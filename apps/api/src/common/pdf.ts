import PDFDocument from 'pdfkit';
import { drawableText, type PdfFace, registerPdfFaces } from './pdf-fonts';

/**
 * Small A4 documents (reports, published summaries) through pdfkit, in DejaVu Sans (embedded as
 * a subset, see pdf-fonts.ts) so that names print in every European script; no images, nothing
 * fetched. The same meta (with a `creationDate`) and the same calls give the same bytes.
 */
export interface PdfMeta {
  title: string;
  subject?: string;
  /** Written as the document's CreationDate; fixed, it makes the output reproducible. Default: now. */
  creationDate?: Date;
  /** Left side of every page's footer (the right side numbers the pages). Default: the title. */
  footer?: string;
  /**
   * Deflate the streams (default true); false leaves them plain, to look into the file. Text is
   * written as glyph numbers of the embedded font even then (its ToUnicode map gives the letters).
   */
  compress?: boolean;
}

export type PdfCell = string | number;

export interface PdfTableOptions {
  /** Relative column widths (e.g. [3, 1, 1]); by default each column gets its longest word, then what its text needs. */
  widths?: readonly number[];
  /** Per column; by default columns whose cells are all counts are right-aligned. */
  align?: readonly ('left' | 'right')[];
  /** Text size of the table (default 10): smaller for wide tables. */
  fontSize?: number;
}

export interface PdfWriter {
  /** 1: document title, 2: section, 3: subsection. Never left alone at the bottom of a page. */
  heading(text: string, level?: 1 | 2 | 3): void;
  paragraph(text: string): void;
  /** Label: value lines, labels in bold. */
  keyValues(pairs: readonly (readonly [string, PdfCell])[]): void;
  /** A table with a header row, repeated after each page break; cells wrap. Empty rows print "None.". */
  table(columns: readonly string[], rows: readonly (readonly PdfCell[])[], options?: PdfTableOptions): void;
  /** Small grey print (notes, provenance). */
  smallPrint(text: string): void;
}

const MARGIN = 50;
const FONT: PdfFace = 'regular';
const BOLD: PdfFace = 'bold';
const OBLIQUE: PdfFace = 'oblique';
const BODY_SIZE = 10;
const HEADING_SIZES = { 1: 18, 2: 13, 3: 11 } as const;
const CELL_PAD = 4;
const GREY = '#555555';
const RULE = '#bbbbbb';

/** `widths` (together wider than `total`) with the widest cut down to one cap, so that together they make `total`. */
function capWidest(widths: readonly number[], total: number): number[] {
  const sorted = [...widths].sort((a, b) => a - b);
  let rest = total;
  for (let i = 0; i < sorted.length; i++) {
    const cap = rest / (sorted.length - i);
    if (sorted[i] >= cap) return widths.map((w) => Math.min(w, cap));
    rest -= sorted[i];
  }
  return [...widths];
}

const isCount = (v: PdfCell) => typeof v === 'number' || /^[<>]?-?\d[\d,.]*%?$/.test(v) || v === '';

class Writer implements PdfWriter {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  private ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  private font(face: PdfFace, size: number, color = 'black'): void {
    this.doc.font(face).fontSize(size).fillColor(color);
  }

  heading(text: string, level: 1 | 2 | 3 = 2): void {
    const size = HEADING_SIZES[level];
    const s = drawableText(text, BOLD, false);
    this.font(BOLD, size);
    const height = this.doc.heightOfString(s, { width: this.width });
    // Keep the heading with at least three lines of what follows it.
    this.ensure(height + 3 * BODY_SIZE * 1.4 + size * 0.6);
    if (level > 1 && this.doc.y > this.doc.page.margins.top) this.doc.moveDown(0.6);
    this.doc.text(s, this.doc.page.margins.left, this.doc.y, { width: this.width });
    this.doc.moveDown(level === 1 ? 0.5 : 0.3);
  }

  paragraph(text: string): void {
    this.font(FONT, BODY_SIZE);
    const s = drawableText(text, FONT);
    this.ensure(BODY_SIZE * 1.4);
    this.doc.text(s, this.doc.page.margins.left, this.doc.y, { width: this.width, lineGap: 2 });
    this.doc.moveDown(0.5);
  }

  keyValues(pairs: readonly (readonly [string, PdfCell])[]): void {
    const left = this.doc.page.margins.left;
    this.font(BOLD, BODY_SIZE);
    const longest = Math.max(0, ...pairs.map(([label]) => this.doc.widthOfString(drawableText(label, BOLD, false))));
    const labelWidth = Math.min(Math.ceil(longest) + 2 * CELL_PAD, Math.round(this.width * 0.35));
    const valueWidth = this.width - labelWidth - CELL_PAD;
    for (const [label, value] of pairs) {
      const l = drawableText(label, BOLD, false);
      const v = drawableText(String(value), FONT);
      this.font(BOLD, BODY_SIZE);
      const lh = this.doc.heightOfString(l, { width: labelWidth });
      this.font(FONT, BODY_SIZE);
      const vh = this.doc.heightOfString(v, { width: valueWidth });
      const height = Math.max(lh, vh) + 3;
      this.ensure(height);
      const y = this.doc.y;
      this.font(BOLD, BODY_SIZE);
      this.doc.text(l, left, y, { width: labelWidth });
      this.font(FONT, BODY_SIZE);
      this.doc.text(v, left + labelWidth + CELL_PAD, y, { width: valueWidth });
      this.doc.y = y + height;
    }
    this.doc.x = left;
    this.doc.moveDown(0.5);
  }

  table(columns: readonly string[], rows: readonly (readonly PdfCell[])[], options: PdfTableOptions = {}): void {
    const left = this.doc.page.margins.left;
    const size = options.fontSize ?? BODY_SIZE;
    if (rows.length === 0) {
      this.font(OBLIQUE, size, GREY);
      this.ensure(size * 1.4);
      this.doc.text('None.', left, this.doc.y, { width: this.width });
      this.doc.moveDown(0.5);
      return;
    }
    const header = columns.map((c) => drawableText(c, BOLD, false));
    const body = rows.map((r) => columns.map((_, i) => drawableText(String(r[i] ?? ''), FONT)));
    const align = columns.map((_, i) => options.align?.[i] ?? (i > 0 && rows.every((r) => isCount(r[i] ?? '')) ? 'right' : 'left'));
    const widths = this.columnWidths(header, body, size, options.widths);
    const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));

    const rowHeight = (cells: readonly string[], face: PdfFace) => {
      this.font(face, size);
      return Math.max(...cells.map((c, i) => this.doc.heightOfString(c || ' ', { width: widths[i] - 2 * CELL_PAD }))) + 2 * CELL_PAD;
    };
    const drawRow = (cells: readonly string[], face: PdfFace, height: number) => {
      const y = this.doc.y;
      this.font(face, size);
      cells.forEach((c, i) => this.doc.text(c, xs[i] + CELL_PAD, y + CELL_PAD, { width: widths[i] - 2 * CELL_PAD, align: align[i] }));
      this.doc
        .moveTo(left, y + height)
        .lineTo(left + this.width, y + height)
        .lineWidth(face === BOLD ? 0.8 : 0.4)
        .strokeColor(face === BOLD ? 'black' : RULE)
        .stroke();
      this.doc.y = y + height;
    };
    const headerHeight = rowHeight(header, BOLD);
    const heights = body.map((r) => rowHeight(r, FONT));
    // The header never ends a page alone.
    this.ensure(headerHeight + (heights[0] ?? 0));
    drawRow(header, BOLD, headerHeight);
    body.forEach((r, i) => {
      if (this.doc.y + heights[i] > this.bottom) {
        this.doc.addPage();
        drawRow(header, BOLD, headerHeight);
      }
      drawRow(r, FONT, heights[i]);
    });
    this.doc.x = left;
    this.font(FONT, BODY_SIZE);
    this.doc.moveDown(0.8);
  }

  /**
   * Shares the page width by the given weights, else by need: every column gets at least its
   * longest word (header or cell), then the rest goes to the columns whose text would still wrap.
   * When the longest words do not fit side by side, the widest columns give way (a long name or
   * URL breaks inside its word) and the narrow ones keep their words whole.
   */
  private columnWidths(header: readonly string[], body: readonly (readonly string[])[], size: number, weights?: readonly number[]): number[] {
    const share = (ws: readonly number[]) => {
      const total = ws.reduce((a, b) => a + b, 0);
      return ws.map((w) => (w / total) * this.width);
    };
    if (weights) return share(weights);
    const sample = body.slice(0, 200);
    const measure = (face: PdfFace, text: string) => {
      this.font(face, size);
      const words = text.split(/\s+/).filter(Boolean);
      return { whole: this.doc.widthOfString(text), word: Math.max(0, ...words.map((w) => this.doc.widthOfString(w))) };
    };
    const pad = 2 * CELL_PAD;
    const min: number[] = [];
    const natural: number[] = [];
    header.forEach((h, i) => {
      const sizes = [measure(BOLD, h), ...sample.map((r) => measure(FONT, r[i]))];
      min.push(Math.min(Math.max(...sizes.map((m) => m.word)), this.width * 0.4) + pad);
      natural.push(Math.max(min[i], Math.min(Math.max(...sizes.map((m) => m.whole)), this.width * 0.6) + pad));
    });
    const sumMin = min.reduce((a, b) => a + b, 0);
    const sumNatural = natural.reduce((a, b) => a + b, 0);
    if (sumNatural <= this.width) return share(natural);
    if (sumMin >= this.width) return capWidest(min, this.width);
    const k = (this.width - sumMin) / (sumNatural - sumMin);
    return min.map((m, i) => m + (natural[i] - m) * k);
  }

  smallPrint(text: string): void {
    this.font(FONT, 8, GREY);
    this.ensure(12);
    this.doc.text(drawableText(text, FONT), this.doc.page.margins.left, this.doc.y, { width: this.width, lineGap: 1 });
    this.doc.moveDown(0.5);
    this.font(FONT, BODY_SIZE);
  }

  /** The text, cut short with "..." if it is wider than `width` in the current font. */
  private fit(text: string, width: number): string {
    if (this.doc.widthOfString(text) <= width) return text;
    // By code point, so that no character outside the Basic Multilingual Plane is cut in half.
    const chars = [...text];
    let n = chars.length;
    while (n > 0 && this.doc.widthOfString(`${chars.slice(0, n).join('').trimEnd()}...`) > width) n--;
    return `${chars.slice(0, n).join('').trimEnd()}...`;
  }

  /** "<footer>    Page n of m" at the foot of every page, once all pages exist. */
  footers(text: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const page = this.doc.page;
      const y = page.height - MARGIN + 18;
      // Writing inside the bottom margin must not open a new page.
      const bottom = page.margins.bottom;
      page.margins.bottom = 0;
      this.font(FONT, 8, GREY);
      const pageNo = `Page ${i + 1 - range.start} of ${range.count}`;
      const w = this.width;
      this.doc.text(this.fit(drawableText(text, FONT, false), w * 0.75 - CELL_PAD), page.margins.left, y, { lineBreak: false });
      this.doc.text(pageNo, page.margins.left + w * 0.75, y, { width: w * 0.25, align: 'right', lineBreak: false });
      page.margins.bottom = bottom;
    }
  }
}

/** Renders an A4 portrait document; `build` writes its content through the PdfWriter. */
export function renderPdf(meta: PdfMeta, build: (doc: PdfWriter) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: meta.compress ?? true,
    info: {
      Title: meta.title,
      ...(meta.subject ? { Subject: meta.subject } : {}),
      Producer: 'actionday',
      Creator: 'actionday',
      CreationDate: meta.creationDate ?? new Date(),
    },
    displayTitle: true,
    lang: 'en',
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    // pdfkit's default font, Helvetica, is never drawn with, so it is not embedded either.
    registerPdfFaces(doc);
    const writer = new Writer(doc);
    build(writer);
    writer.footers(meta.footer ?? meta.title);
  } catch (e) {
    // The half-written document is thrown away.
    done.catch(() => undefined);
    doc.end();
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
  doc.end();
  return done;
}
