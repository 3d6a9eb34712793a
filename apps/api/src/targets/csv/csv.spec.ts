import { CsvSyntaxError, decodeCsvBytes, parseCsv, toCsv } from './csv';

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, with or without BOM', () => {
    const text = '\ufeffkind,value,notes\r\nplatform,"a, b.example","said ""hi""\nnext line"\nphone,+31 6 1,\r\n\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['kind', 'value', 'notes'] },
      { line: 2, fields: ['platform', 'a, b.example', 'said "hi"\nnext line'] },
      { line: 4, fields: ['phone', '+31 6 1', ''] },
    ]);
  });

  it('names the line of an unbalanced quote', () => {
    expect(() => parseCsv('kind,value\nplatform,"never closed\nphone,1\n')).toThrow(new CsvSyntaxError(2, 'a quoted field is never closed (unbalanced quote)'));
    expect(() => parseCsv('kind,value\nplatform,ab"c\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('kind,value\nplatform,"ab"c\n')).toThrow(/line 2: text after a closing quote/);
  });

  it('writes what it reads back unchanged', () => {
    const rows = [
      ['platform', 'a, b.example', 'said "hi"\nnext line'],
      ['other', ' leading space', ''],
    ];
    const parsed = parseCsv(toCsv(['kind', 'value', 'notes'], rows));
    expect(parsed.map((r) => r.fields)).toEqual([['kind', 'value', 'notes'], ...rows]);
  });

  it('refuses binary content and text that is not UTF-8', () => {
    expect(decodeCsvBytes(new Uint8Array([0x6b, 0x00, 0x01]))).toEqual({ error: 'the file is binary, not CSV text' });
    expect(decodeCsvBytes(new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0xe9]))).toMatchObject({ error: expect.stringContaining('not UTF-8') });
    expect(decodeCsvBytes(new TextEncoder().encode('kind,value\nplatform,Zürich.example'))).toEqual({ text: 'kind,value\nplatform,Zürich.example' });
  });
});
