import { inflateSync } from 'node:zlib';

/**
 * What a PDF made by pdfkit shows, read back well enough for tests: the text runs of its pages
 * (one per line pdfkit writes), decoded through each embedded font's ToUnicode map, with where
 * they start and how wide they are drawn (from the font's glyph widths and the kerning in the
 * TJ arrays). Not a general PDF reader: objects are found by their `N 0 obj` headers, streams
 * cut by their direct /Length, positions taken from the `Tm` pdfkit writes before each run.
 */
export interface PdfTextRun {
  /** 1-based. */
  page: number;
  /** Start of the baseline, in page coordinates (points, y from the bottom of the page). */
  x: number;
  y: number;
  /** The font's name without its subset tag, e.g. "DejaVuSans-Bold". */
  font: string;
  /** Font size in points. */
  size: number;
  /** Drawn width in points; NaN in a font without glyph widths (the standard fonts). */
  width: number;
  text: string;
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const raw = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = header.exec(raw))) {
    const head = m.index + m[0].length;
    const endobj = raw.indexOf('endobj', head);
    const stream = /\bstream\r?\n/.exec(raw.slice(head, endobj < 0 ? undefined : endobj));
    if (!stream) {
      out.set(Number(m[1]), { dict: raw.slice(head, endobj) });
      if (endobj < 0) break;
      header.lastIndex = endobj;
      continue;
    }
    const dict = raw.slice(head, head + stream.index);
    const start = head + stream.index + stream[0].length;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? raw.indexOf('endstream', start) - start);
    let data = pdf.subarray(start, start + length);
    if (/FlateDecode/.test(dict)) data = inflateSync(data);
    out.set(Number(m[1]), { dict, stream: data });
    header.lastIndex = start + length;
  }
  return out;
}

const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1] ?? NaN);
const utf16 = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex').swap16().toString('utf16le');

interface Font {
  name: string;
  decode(code: number): string;
  width(code: number): number;
  /** Bytes per character code: 2 in the Identity-H fonts pdfkit embeds, 1 in the standard ones. */
  bytes: 1 | 2;
}

/** pdfkit writes one bfrange per 256 codes, with an array of the code points of each glyph. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
    [...range[3].matchAll(/<([0-9a-fA-F\s]*)>/g)].forEach((dst, i) => map.set(parseInt(range[1], 16) + i, utf16(dst[1])));
  }
  return map;
}

function font(all: Map<number, PdfObject>, dict: string): Font {
  const name = /\/BaseFont \/(?:[A-Z]{6}\+)?(\S+)/.exec(dict)?.[1] ?? '';
  const cmap = all.get(ref(dict, 'ToUnicode'))?.stream;
  if (!cmap) return { name, bytes: 1, decode: (c) => String.fromCharCode(c), width: () => NaN };
  const unicode = toUnicode(cmap.toString('latin1'));
  const descendant = all.get(Number(/\/DescendantFonts \[(\d+) 0 R\]/.exec(dict)?.[1]))?.dict ?? '';
  const widths = (/\/W \[0 \[([^\]]*)\]\]/.exec(descendant)?.[1] ?? '').trim().split(/\s+/).map(Number);
  return { name, bytes: 2, decode: (c) => unicode.get(c) ?? '', width: (c) => widths[c] ?? NaN };
}

function codes(str: string, bytes: 1 | 2): number[] {
  let data: Buffer;
  if (str.startsWith('<')) data = Buffer.from(str.slice(1, -1).replace(/\s/g, ''), 'hex');
  else {
    const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
    data = Buffer.from(str.slice(1, -1).replace(/\\([nrtbf()\\])/g, (_, c: string) => escapes[c] ?? c), 'latin1');
  }
  return Array.from({ length: Math.floor(data.length / bytes) }, (_, i) => (bytes === 2 ? data.readUInt16BE(2 * i) : data[i]));
}

const STRING = /<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)/g;
const OPERATORS = new RegExp(
  [
    /\/(\S+) ([\d.]+) Tf/.source,
    /[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ ([-\d.]+) ([-\d.]+) Tm/.source,
    /\[((?:<[^>]*>|\((?:\\.|[^\\)])*\)|[^\]])*)\] ?TJ/.source,
    `(${STRING.source}) ?Tj`,
  ].join('|'),
  'g',
);

/** Every text run of every page, in the order the pages draw them. */
export function pdfTextRuns(pdf: Buffer): PdfTextRun[] {
  return runsOf(objects(pdf));
}

function runsOf(all: Map<number, PdfObject>): PdfTextRun[] {
  const fonts = new Map<string, Font>();
  for (const { dict } of all.values()) {
    for (const resources of dict.matchAll(/\/Font <<([^>]*)>>/g)) {
      for (const [, name, num] of resources[1].matchAll(/\/(\S+) (\d+) 0 R/g)) fonts.set(name, font(all, all.get(Number(num))?.dict ?? ''));
    }
  }
  const catalogue = [...all.values()].find((o) => /\/Type \/Pages\b/.test(o.dict))?.dict ?? '';
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(catalogue)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  const runs: PdfTextRun[] = [];
  kids.forEach((kid, index) => {
    const content = all.get(ref(all.get(kid)?.dict ?? '', 'Contents'))?.stream?.toString('latin1') ?? '';
    let current: Font | undefined;
    let size = 0;
    let x = 0;
    let y = 0;
    for (const op of content.matchAll(OPERATORS)) {
      const [, name, fontSize, tx, ty, array, single] = op;
      if (name) {
        current = fonts.get(name);
        size = Number(fontSize);
      } else if (tx) {
        [x, y] = [Number(tx), Number(ty)];
      } else if (current) {
        let text = '';
        let width = 0;
        // A TJ array: strings, and numbers that move the next glyph left by thousandths of the size.
        for (const part of (array ?? single).matchAll(new RegExp(`${STRING.source}|[-\\d.]+`, 'g'))) {
          if (/^[<(]/.test(part[0])) {
            for (const c of codes(part[0], current.bytes)) {
              text += current.decode(c);
              width += (current.width(c) * size) / 1000;
            }
          } else width -= (Number(part[0]) * size) / 1000;
        }
        runs.push({ page: index + 1, x, y, font: current.name, size, width, text });
      }
    }
  });
  return runs;
}

/**
 * The text a PDF shows, to check what a PDF does and does not say: its text runs, and the
 * document information (Title, Subject). Line breaks inside a paragraph split words across runs,
 * so the result is the runs joined with spaces and also joined with nothing.
 */
export function pdfText(pdf: Buffer): string {
  const all = objects(pdf);
  const parts = runsOf(all).map((r) => r.text);
  const info = [...all.values()].find((o) => /\/Producer \d+ 0 R/.test(o.dict))?.dict ?? '';
  for (const [, num] of info.matchAll(/\/\w+ (\d+) 0 R/g)) {
    const value = all.get(Number(num))?.dict.trim() ?? '';
    const bytes = Buffer.from(codes(value, 1));
    // Text strings outside Latin-1 are UTF-16BE after a byte-order mark.
    parts.push(bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2).swap16().toString('utf16le') : bytes.toString('latin1'));
  }
  return `${parts.join(' ')}\n${parts.join('')}`;
}
