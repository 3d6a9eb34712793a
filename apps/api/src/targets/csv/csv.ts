/**
 * RFC 4180 CSV, strict enough to say exactly where a file is broken: fields separated by commas,
 * records by CRLF or LF, fields with commas, quotes or line breaks quoted, quotes doubled inside
 * quotes. A UTF-8 byte-order mark is skipped.
 */
export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const open = line;
        i++;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError(open, 'a quoted field is never closed (unbalanced quote)');
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvSyntaxError(line, 'text after a closing quote; quotes inside a field must be doubled ("")');
        }
      } else {
        const from = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') throw new CsvSyntaxError(line, 'a quote inside an unquoted field; quote the field and double the quote');
          i++;
        }
        value = text.slice(from, i);
      }
      fields.push(value);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    // end of record
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return records;
}

const needsQuotes = /[",\r\n]|^\s|\s$/;

export function csvField(value: string): string {
  return needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * Bytes to text, refusing what is not UTF-8 text: NUL bytes mean a binary file; an invalid UTF-8
 * sequence means another encoding (e.g. a Windows-1252 export), which would silently corrupt
 * names and identifiers.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes.includes(0)) return { error: 'the file is binary, not CSV text' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: 'the file is not UTF-8 text; save it as "CSV UTF-8" and try again' };
  }
}
