import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, good enough to check what a PDF does and does not say: every content
 * stream is inflated when compressed, and the strings of its text operators are decoded (hex
 * strings <..> and literal strings (..)). Line breaks inside a paragraph split words across
 * strings, so the result is the strings joined with spaces and also joined with nothing.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [];
  const streamRe = /<<(.*?)>>\s*stream\r?\n/gs;
  let m: RegExpExecArray | null;
  while ((m = streamRe.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    let body = pdf.subarray(start, end);
    if (/FlateDecode/.test(m[1])) {
      try {
        body = inflateSync(body);
      } catch {
        continue;
      }
    }
    parts.push(...stringsOf(body.toString('latin1')));
    streamRe.lastIndex = end;
  }
  // The document information (Title, Subject) is outside the streams.
  parts.push(...stringsOf(raw.replace(/stream\r?\n[\s\S]*?endstream/g, '')));
  return `${parts.join(' ')}\n${parts.join('')}`;
}

function stringsOf(content: string): string[] {
  const out: string[] = [];
  for (const hex of content.matchAll(/<([0-9A-Fa-f\s]+)>/g)) {
    const digits = hex[1].replace(/\s/g, '');
    if (digits.length % 2 === 0 && digits.length > 0) out.push(Buffer.from(digits, 'hex').toString('latin1'));
  }
  for (const lit of content.matchAll(/\(((?:\\.|[^\\)])*)\)/g)) {
    out.push(lit[1].replace(/\\([()\\])/g, '$1'));
  }
  return out;
}
