/**
 * The portfolio spreadsheet reader on real files as people keep and save them: Excel-saved CSV (BOM,
 * semicolons, CRLF), cells spanning lines, empty lines, a quote never closed, title and merged group
 * rows above the header, formulas with and without saved values, dates, numbers, links, duplicate and
 * empty header names, sheet and header row choices, and the files the import refuses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvRow } from '@core/csv';
import { cellText } from '@main/portfolio/cell-text';
import { openSpreadsheet, ReadAborted } from '@main/portfolio/read';
import { SHEET_LIMITS } from '@main/portfolio/sheet';
import { SpreadsheetError, type OpenedSheet, type OpenOptions, type SheetProblem, type SheetRow } from '@main/portfolio/sheet';
import { writeCsv, writeText, writeXlsx } from '../factories/spreadsheets';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-read-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  SHEET_LIMITS.maxRows = 100_000;
});

async function read(sheet: OpenedSheet, opts: { partialRows?: boolean } = {}) {
  const rows: SheetRow[] = [];
  const problems: SheetProblem[] = [];
  for await (const row of sheet.rows({ ...opts, onProblem: (p) => problems.push(p) })) rows.push(row);
  return { rows, problems };
}

const open = (file: string, opts?: OpenOptions) => openSpreadsheet(file, path.basename(file), opts);

async function refusal(file: string, opts?: OpenOptions): Promise<SpreadsheetError> {
  const e: unknown = await open(file, opts).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SpreadsheetError);
  return e as SpreadsheetError;
}

describe('the spreadsheet factories', () => {
  it('write files a test opens as they are', async () => {
    // How other tests build their files: rows of text for CSV, typed cells and merges for XLSX.
    const csv = writeCsv(dir, 'sites.csv', [
      ['Site', 'URL'],
      ['Acme', 'https://acme.test'],
    ]);
    const xlsx = await writeXlsx(dir, 'sites.xlsx', [
      {
        name: 'Sites',
        rows: [
          ['Site', 'URL'],
          ['Acme', { text: 'acme', hyperlink: 'https://acme.test' }],
        ],
      },
    ]);
    expect(fs.readFileSync(csv, 'utf8')).toBe('Site,URL\nAcme,https://acme.test\n');
    expect((await read(await open(xlsx))).rows).toEqual([{ line: 2, cells: ['Acme', 'acme'] }]);
  });
});

describe('CSV', () => {
  it('reads an Excel-saved CSV: BOM, semicolons, CRLF, a cell holding a semicolon', async () => {
    const file = writeCsv(
      dir,
      'sites.csv',
      [
        ['Site name', 'Production URL', 'Notes'],
        ['Café Ünïcode', 'https://cafe.test', 'one; two'],
        ['Acme', 'https://acme.test', ''],
      ],
      { bom: true, delimiter: ';', crlf: true },
    );
    const sheet = await open(file);
    expect(sheet).toMatchObject({ format: 'csv', delimiter: ';', headerRow: 1, sheet: null, sheets: [{ name: 'sites.csv', rows: 3 }] });
    expect(sheet.columns).toEqual(['Site name', 'Production URL', 'Notes']);
    expect(await read(sheet)).toEqual({
      rows: [
        { line: 2, cells: ['Café Ünïcode', 'https://cafe.test', 'one; two'] },
        { line: 3, cells: ['Acme', 'https://acme.test', ''] },
      ],
      problems: [],
    });
  });

  it('gives each record the line it starts on, past cells spanning lines and empty lines', async () => {
    const file = writeText(dir, 'notes.csv', 'Site,Notes\r\nA,"first\r\nsecond\r\nthird"\r\n\r\n\r\nB,plain\r\n,\r\nC,"x\ny"\r\n');
    const { rows, problems } = await read(await open(file));
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, cells: ['A', 'first\nsecond\nthird'] },
      { line: 7, cells: ['B', 'plain'] },
      { line: 9, cells: ['C', 'x\ny'] },
    ]);
  });

  it('reports a quote never closed at the line it opens, and reads the rows before it', async () => {
    const file = writeText(dir, 'broken.csv', 'Site,Notes\nA,fine\nB,"never closed\nC,lost\nD,lost\n');
    const { rows, problems } = await read(await open(file));
    expect(rows).toEqual([{ line: 2, cells: ['A', 'fine'] }]);
    expect(problems).toEqual([{ line: 3, reason: expect.stringMatching(/^The quote opened on line 3 is never closed/) }]);
  });

  it('finds the header under a title line and a blank line, pads short rows, refuses shifted ones', async () => {
    const file = writeText(
      dir,
      'titled.csv',
      'Client sites, March 2026\n\nSite;URL;Host\nA;https://a.test;Kinsta\nB;https://b.test\nC;https://c.test;WP Engine;extra\nD;https://d.test;Kinsta;;\n',
    );
    const sheet = await open(file);
    expect(sheet).toMatchObject({ delimiter: ';', headerRow: 3, columns: ['Site', 'URL', 'Host'] });
    const { rows, problems } = await read(sheet);
    expect(rows).toEqual([
      { line: 4, cells: ['A', 'https://a.test', 'Kinsta'] },
      { line: 5, cells: ['B', 'https://b.test', ''] },
      { line: 7, cells: ['D', 'https://d.test', 'Kinsta'] },
    ]);
    expect(problems).toEqual([{ line: 6, reason: expect.stringMatching(/^This row has 4 cells but the header names 3 columns/) }]);
  });

  it('reads the CSV Excel saves from a sheet with a title and a merged group row above the header', async () => {
    const file = writeCsv(
      dir,
      'grouped.csv',
      [
        ['Client sites', '', '', '', '', ''],
        [],
        ['', 'Site details', '', 'Versions', '', ''],
        ['Site', 'URL', 'Owner email', 'WordPress', 'PHP', 'SophMate'],
        ['Acme', 'https://acme.test', 'ana@acme.test', '6.5', '8.2', '2.1.0'],
        ['', '', '', '', '', ''],
        ['Beta', 'https://beta.test', '', '6.4', '8.1', '2.0.3'],
      ],
      { bom: true, delimiter: ';', crlf: true },
    );
    const sheet = await open(file);
    expect(sheet).toMatchObject({ delimiter: ';', headerRow: 4, columns: ['Site', 'URL', 'Owner email', 'WordPress', 'PHP', 'SophMate'] });
    expect(sheet.sheets).toEqual([{ name: 'grouped.csv', rows: 5 }]);
    expect((await read(sheet)).rows).toEqual([
      { line: 5, cells: ['Acme', 'https://acme.test', 'ana@acme.test', '6.5', '8.2', '2.1.0'] },
      { line: 7, cells: ['Beta', 'https://beta.test', '', '6.4', '8.1', '2.0.3'] },
    ]);
  });

  it("reads back what the export neutralised (a leading ' before = + - @), and only that", async () => {
    const values = ['=HYPERLINK("x")', '+44 20 7946 0000', '-', '@handle', "'quoted already", 'plain'];
    const file = writeText(dir, 'export.csv', [csvRow(['Name', 'Value']), ...values.map((v, i) => csvRow([`r${i}`, v]))].join('\r\n') + '\r\n');
    const { rows } = await read(await open(file));
    expect(rows.map((r) => r.cells[1])).toEqual(values);
  });

  it('reads Excel\'s "Unicode Text" (UTF-16 LE with its mark, tab-separated) and refuses UTF-16 without the mark', async () => {
    const rows = [
      ['Site', 'Notes'],
      ['Café', 'a\tb'],
    ];
    const sheet = await open(writeCsv(dir, 'unicode.txt', rows, { bom: true, utf16: true, delimiter: '\t', crlf: true }));
    expect(sheet).toMatchObject({ delimiter: '\t', columns: ['Site', 'Notes'] });
    expect((await read(sheet)).rows).toEqual([{ line: 2, cells: ['Café', 'a\tb'] }]);
    expect((await refusal(writeCsv(dir, 'nomark.txt', rows, { utf16: true, delimiter: '\t' }))).message).toMatch(/^The file is saved as UTF-16/);
  });

  it('makes duplicate and empty header names unique and non-empty', async () => {
    const file = writeCsv(dir, 'dupes.csv', [
      ['Email', '', 'email', 'Email'],
      ['a@x.test', 'b', 'c@x.test', 'd@x.test'],
    ]);
    expect((await open(file)).columns).toEqual(['Email', 'Column 2', 'email (2)', 'Email (3)']);
  });

  it('takes the header row asked for, and refuses one past the end or on an empty line', async () => {
    const file = writeText(dir, 'override.csv', 'a,b,c\nSite,URL,\n\nA,https://a.test\n');
    expect((await open(file)).headerRow).toBe(1);
    const sheet = await open(file, { headerRow: 2 });
    expect(sheet).toMatchObject({ headerRow: 2, columns: ['Site', 'URL', 'Column 3'] });
    expect((await read(sheet)).rows).toEqual([{ line: 4, cells: ['A', 'https://a.test', ''] }]);
    expect(await refusal(file, { headerRow: 9 })).toMatchObject({ field: 'headerRow', message: expect.stringMatching(/^Line 9 is past the end of the file/) });
    expect(await refusal(file, { headerRow: 3 })).toMatchObject({ field: 'headerRow', message: expect.stringMatching(/^Line 3 holds no column names/) });
  });

  it('reports cells that are not UTF-8 text and reads them as empty', async () => {
    const file = path.join(dir, 'ansi.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('Site,Notes\nCaf'), Buffer.from([0xe9]), Buffer.from(',ok\n')]));
    const sheet = await open(file);
    const problem = {
      line: 2,
      columns: ['Site'],
      reason: expect.stringMatching(/^The cell in "Site" holds characters that are not UTF-8 text: save the file as CSV UTF-8/),
    };
    expect(await read(sheet)).toEqual({ rows: [], problems: [problem] });
    expect(await read(sheet, { partialRows: true })).toEqual({ rows: [{ line: 2, cells: ['', 'ok'] }], problems: [problem] });
  });

  it('reports bytes read and stops when aborted', async () => {
    const lines = ['Site,URL', ...Array.from({ length: 50 }, (_, i) => `S${i},https://s${i}.test`)];
    const file = writeText(dir, 'many.csv', lines.join('\n') + '\n');
    const sheet = await open(file);
    const bytes: number[] = [];
    let n = 0;
    for await (const row of sheet.rows({ onBytes: (b) => bytes.push(b) })) n += row.cells.length > 0 ? 1 : 0;
    expect(n).toBe(50);
    expect(bytes.at(-1)).toBe(sheet.totalBytes);
    const ac = new AbortController();
    const seen: number[] = [];
    const reading = (async () => {
      for await (const row of sheet.rows({ signal: ac.signal })) {
        seen.push(row.line);
        if (seen.length === 3) ac.abort();
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(ReadAborted);
    expect(seen).toEqual([2, 3, 4]);
  });
});

describe('XLSX', () => {
  it('skips a title and a merged group row, and names columns merged down into the header', async () => {
    const file = await writeXlsx(dir, 'grouped.xlsx', [
      {
        name: 'Portfolio',
        rows: [
          ['Client sites', null, null, null, null, null],
          ['Site', 'Site details', null, 'Versions', null, null],
          [null, 'URL', 'Host', 'WordPress', 'PHP', 'SophMate'],
          ['Acme', 'https://acme.test', 'Kinsta', 6.5, 8.2, '2.1.0'],
          [null, null, null, null, null, null],
          ['Beta', 'https://beta.test', null, 6.4, 8.1, '2.0.3'],
        ],
        merges: ['A1:F1', 'A2:A3', 'B2:C2', 'D2:F2', 'C4:C6'],
      },
    ]);
    const sheet = await open(file);
    expect(sheet).toMatchObject({ format: 'xlsx', sheet: 'Portfolio', delimiter: null, headerRow: 3 });
    expect(sheet.columns).toEqual(['Site', 'URL', 'Host', 'WordPress', 'PHP', 'SophMate']);
    expect(await read(sheet)).toEqual({
      rows: [
        { line: 4, cells: ['Acme', 'https://acme.test', 'Kinsta', '6.5', '8.2', '2.1.0'] },
        // C4:C6 is merged: its value stays in C4 and is not copied into Beta's row.
        { line: 6, cells: ['Beta', 'https://beta.test', '', '6.4', '8.1', '2.0.3'] },
      ],
      problems: [],
    });
  });

  it('reads numbers, dates, booleans, rich text and links as a spreadsheet shows them', async () => {
    const file = await writeXlsx(dir, 'types.xlsx', [
      {
        name: 'Sheet1',
        rows: [
          ['Number', 'Sum', 'Date', 'When', 'Flag', 'Link', 'Bare link'],
          [
            42,
            0.1 + 0.2,
            new Date(Date.UTC(2026, 2, 14)),
            new Date(Date.UTC(2026, 2, 14, 9, 30)),
            true,
            { text: 'Acme site', hyperlink: 'https://acme.test' },
            { text: 'ana@acme.test', hyperlink: 'mailto:ana@acme.test' },
          ],
          [1234567890123, -0.5, null, null, false, null, null],
        ],
      },
    ]);
    const { rows, problems } = await read(await open(file));
    expect(problems).toEqual([]);
    // A link with no text of its own (exceljs cannot write one; other generators do) reads as its address.
    expect(cellText({ text: '', hyperlink: 'mailto:ana@acme.test' })).toEqual({ text: 'ana@acme.test' });
    expect(rows).toEqual([
      { line: 2, cells: ['42', '0.3', '2026-03-14', '2026-03-14T09:30', 'TRUE', 'Acme site', 'ana@acme.test'] },
      { line: 3, cells: ['1234567890123', '-0.5', '', '', 'FALSE', '', ''] },
    ]);
  });

  it('reads a formula as its saved value and reports one without a saved value or holding an error', async () => {
    const file = await writeXlsx(dir, 'formulas.xlsx', [
      {
        name: 'Sites',
        rows: [
          ['Site', 'URL', 'Plugins', 'Check'],
          ['Acme', { formula: '"https://"&A2&".test"', result: 'https://Acme.test' }, { formula: '1+2', result: 3 }, 'ok'],
          ['Beta', { formula: '"https://"&A3&".test"' }, { formula: '1+1' }, { formula: 'NA()', result: { error: '#N/A' } }],
        ],
      },
    ]);
    const sheet = await open(file);
    expect((await read(sheet)).rows).toEqual([{ line: 2, cells: ['Acme', 'https://Acme.test', '3', 'ok'] }]);
    const { rows, problems } = await read(sheet, { partialRows: true });
    expect(rows).toEqual([
      { line: 2, cells: ['Acme', 'https://Acme.test', '3', 'ok'] },
      { line: 3, cells: ['Beta', '', '', ''] },
    ]);
    expect(problems).toEqual([
      {
        line: 3,
        columns: ['URL', 'Plugins', 'Check'],
        reason:
          'Row 3, column B (URL), column C (Plugins) hold formulas without a saved value: open the file in a spreadsheet app and save it, or paste values; Row 3, column D (Check) holds the error #N/A instead of a value: correct it in the spreadsheet.',
      },
    ]);
  });

  it('lists every sheet, hidden ones too, reads the one chosen and refuses one not there', async () => {
    const file = await writeXlsx(dir, 'book.xlsx', [
      { name: 'Notes', rows: [], state: 'visible' },
      {
        name: 'Lookup',
        rows: [
          ['Code', 'Label'],
          ['a', 'b'],
        ],
        state: 'hidden',
      },
      {
        name: 'Sites',
        rows: [
          ['Site', 'URL'],
          ['Acme', 'https://acme.test'],
          ['Beta', 'https://beta.test'],
        ],
      },
    ]);
    const first = await open(file);
    expect(first.sheets).toEqual([
      { name: 'Notes', rows: 0 },
      { name: 'Lookup', rows: 2 },
      { name: 'Sites', rows: 3 },
    ]);
    expect(first.sheet).toBe('Sites');
    const lookup = await open(file, { sheet: 'Lookup' });
    expect((await read(lookup)).rows).toEqual([{ line: 2, cells: ['a', 'b'] }]);
    expect(await refusal(file, { sheet: 'Clients' })).toMatchObject({
      field: 'sheet',
      message: 'The file has no sheet named "Clients": its sheets are "Notes", "Lookup", "Sites". Choose one of them.',
    });
  });

  it('stops when aborted', async () => {
    const rows = [['Site', 'URL'], ...Array.from({ length: 10 }, (_, i) => [`S${i}`, `https://s${i}.test`])];
    const sheet = await open(await writeXlsx(dir, 'many.xlsx', [{ name: 'S', rows }]));
    const ac = new AbortController();
    const seen: number[] = [];
    const reading = (async () => {
      for await (const row of sheet.rows({ signal: ac.signal })) {
        seen.push(row.line);
        if (seen.length === 2) ac.abort();
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(ReadAborted);
    expect(seen).toEqual([2, 3]);
  });

  it('takes the header row asked for and refuses one past the end', async () => {
    const file = await writeXlsx(dir, 'override.xlsx', [
      {
        name: 'S',
        rows: [
          ['x', 'y', 'z'],
          ['Site', 'URL'],
          ['Acme', 'https://acme.test'],
        ],
      },
    ]);
    const sheet = await open(file, { headerRow: 2 });
    expect(sheet.columns).toEqual(['Site', 'URL', 'Column 3']);
    expect((await read(sheet)).rows).toEqual([{ line: 3, cells: ['Acme', 'https://acme.test', ''] }]);
    expect(await refusal(file, { headerRow: 10 })).toMatchObject({
      field: 'headerRow',
      message: expect.stringMatching(/^Row 10 is past the end of the sheet "S"/),
    });
  });
});
