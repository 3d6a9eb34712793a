import { csvRecord, CsvSyntaxError, CsvTooManyRecordsError, decodeCsvBytes, parseCsv, readCsvBatches, toCsv, unguardFormula } from './csv';

async function batches(text: string, batchSize: number, maxRecords?: number) {
  const out = [];
  for await (const batch of readCsvBatches(text, { batchSize, maxRecords })) out.push(batch);
  return out;
}

/** What parseCsv throws for `text`, or null. */
function parseError(text: string, maxRecords?: number): unknown {
  try {
    parseCsv(text, { maxRecords });
    return null;
  } catch (e) {
    return e;
  }
}

const lines = (text: string) => parseCsv(text).map((r) => r.line);

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, with or without BOM', () => {
    const text = '\ufeffkind,value,notes\r\nplatform,"a, b.example","said ""hi""\nnext line"\nphone,+31 6 1,\r\n\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['kind', 'value', 'notes'] },
      { line: 2, fields: ['platform', 'a, b.example', 'said "hi"\nnext line'] },
      { line: 4, fields: ['phone', '+31 6 1', ''] },
    ]);
  });

  it('numbers records by the line they start on, across blank lines, CR, CRLF and multi-line fields', () => {
    expect(lines('a\n\n\nb\n')).toEqual([1, 4]);
    expect(lines('\n\na\nb')).toEqual([3, 4]);
    expect(lines('a\r\rb\r\n\r\n"x\r\ny"\rc\n')).toEqual([1, 3, 5, 7]);
    expect(lines('a\n"x\n\n\ny"\n\nb\n')).toEqual([1, 2, 7]);
    // A line of spaces is a record (one field of spaces), as before.
    expect(parseCsv('a\n \nb')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: [' '] },
      { line: 3, fields: ['b'] },
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\ufeff\r\n')).toEqual([]);
  });

  it('names the line (and field) of a broken quote', () => {
    expect(() => parseCsv('kind,value\nplatform,"never closed\nphone,1\n')).toThrow(new CsvSyntaxError(2, 1, 'a quoted field is never closed (unbalanced quote)'));
    expect(() => parseCsv('kind,value\n\n\nplatform,"never closed\nphone,1\n')).toThrow(/^line 4: a quoted field is never closed/);
    expect(() => parseCsv('kind,value\nplatform,ab"c\n')).toThrow(new CsvSyntaxError(2, 1, 'a quote inside an unquoted field; quote the field and double the quote'));
    expect(() => parseCsv('kind,value\nplatform,"ab"c\n')).toThrow(/^line 2: text after a closing quote/);
    // The quote closes on line 5 of a record that starts on line 4 (CRLF inside the field).
    expect(() => parseCsv('kind,value\r\nplatform,x\r\n\r\n"a\r\nb"c,1\r\n')).toThrow(/^line 5: text after a closing quote/);
  });

  it('stops at the first record over the limit, naming its line', () => {
    const text = `kind,value\n${'other,x\n\n'.repeat(10)}`;
    expect(parseCsv(text, { maxRecords: 11 })).toHaveLength(11);
    let error: unknown;
    try {
      parseCsv(text, { maxRecords: 5 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvTooManyRecordsError);
    expect(error).toMatchObject({ maxRecords: 5, line: 10 });
  });

  it('does not build the records of a huge file past the limit', () => {
    // 5,000,000 one-letter records: past the limit only the counter moves.
    const text = 'a\n'.repeat(5_000_000);
    const start = performance.now();
    expect(() => parseCsv(text, { maxRecords: 1000 })).toThrow(CsvTooManyRecordsError);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('writes what it reads back unchanged', () => {
    const rows = [
      ['platform', 'a, b.example', 'said "hi"\nnext line'],
      ['other', ' leading space', ''],
    ];
    const parsed = parseCsv(toCsv(['kind', 'value', 'notes'], rows));
    expect(parsed.map((r) => r.fields)).toEqual([['kind', 'value', 'notes'], ...rows]);
    expect(toCsv(['a'], [['x']], { bom: true })).toBe('\ufeffa\r\nx\r\n');
  });

  it('neutralizes cells a spreadsheet would run as a formula, and the import undoes it', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1']) {
      const [cell] = parseCsv(csvRecord([evil]))[0].fields;
      expect(cell).toBe(`'${evil.replace(/\r/g, '\n')}`);
      expect(unguardFormula(`'${evil}`)).toBe(evil);
    }
    expect(csvRecord(['=1,2'])).toBe(`"'=1,2"\r\n`);
    expect(csvRecord(['=HYPERLINK("http://evil","x")'])).toBe(`"'=HYPERLINK(""http://evil"",""x"")"\r\n`);
    for (const fine of ['Ira', 'a=b', "'quoted", '']) expect(csvRecord([fine])).toBe(`${fine}\r\n`);
    for (const fine of ['Ira', "'quoted", "'", "'a"]) expect(unguardFormula(fine)).toBe(fine);
    // Numbers and booleans are written as such, not as text that could hide a formula.
    expect(csvRecord([-3, 2.5, true, false, null, undefined])).toBe('-3,2.5,true,false,,\r\n');
  });

  it('refuses binary content and text that is not UTF-8', () => {
    expect(decodeCsvBytes(new Uint8Array([0x6b, 0x00, 0x01]))).toEqual({ error: 'the file is binary, not CSV text' });
    expect(decodeCsvBytes(new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0xe9]))).toMatchObject({ error: expect.stringContaining('not UTF-8') });
    expect(decodeCsvBytes(new TextEncoder().encode('kind,value\nplatform,Zürich.example'))).toEqual({ text: 'kind,value\nplatform,Zürich.example' });
  });

  describe('in batches', () => {
    // Several of the reader's 64 KiB slices, with characters of 2 to 4 bytes, quoted line breaks,
    // CRLF and blank lines wherever the slices happen to cut.
    const rows = Array.from({ length: 6000 }, (_, i) =>
      i % 7 === 0 ? `url,"https://zürich.example/${i}\r\nsecond line, with comma",👩‍👧 ${i}\r\n\r\n` : `phone,+31 6 ${i},Ωmega ${'é'.repeat(i % 13)}\n`,
    );
    const text = `\ufeffkind,value,notes\r\n${rows.join('')}last,row,without line break`;

    it('reads the same records as parseCsv, line numbers included, about batchSize at a time', async () => {
      const read = await batches(text, 500);
      expect(text.length).toBeGreaterThan(3 * 64 * 1024);
      expect(read.flat()).toEqual(parseCsv(text));
      for (const batch of read.slice(0, -1)) expect(batch.length).toBeGreaterThanOrEqual(500);
      expect(read.length).toBeGreaterThan(3);
    });

    it('throws the errors parseCsv throws, with the same line and field, once reading reaches them', async () => {
      const broken = `${text}\nplatform,ab"c\n${rows.slice(0, 50).join('')}`;
      const unclosed = `${text}\nplatform,"never closed\n${rows.slice(0, 50).join('')}`;
      for (const bad of [broken, unclosed]) {
        const expected = parseError(bad);
        expect(expected).toBeInstanceOf(CsvSyntaxError);
        await expect(batches(bad, 500)).rejects.toEqual(expected);
      }
      const tooMany = parseError(text, 4000);
      expect(tooMany).toBeInstanceOf(CsvTooManyRecordsError);
      await expect(batches(text, 500, 4000)).rejects.toMatchObject({ maxRecords: 4000, line: (tooMany as CsvTooManyRecordsError).line });
    });

    it('reads an empty file as no batch at all', async () => {
      expect(await batches('', 10)).toEqual([]);
      expect(await batches('\ufeff\r\n', 10)).toEqual([]);
    });
  });
});
