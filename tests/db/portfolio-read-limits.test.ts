/**
 * The reader's guards: files it refuses, names that look like secrets never leave it, number formats are kept, and CSV
 * and XLSX are held to the same limits (the XLSX's unpacked size checked before unpacking).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, openSpreadsheet } from '@main/portfolio/read';
import { SHEET_LIMITS, SpreadsheetError, type OpenedSheet, type OpenOptions, type SheetRow } from '@main/portfolio/sheet';
import { ENCRYPTED_XLSX, OLE_MAGIC, writeBytes, writeCsv, writeText, writeXlsx } from '../factories/spreadsheets';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portfolio-read-limits-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  SHEET_LIMITS.maxRows = 100_000;
});

async function read(sheet: OpenedSheet) {
  const rows: SheetRow[] = [];
  for await (const row of sheet.rows()) rows.push(row);
  return { rows };
}

async function refusal(file: string, opts?: OpenOptions): Promise<SpreadsheetError> {
  const e: unknown = await openSpreadsheet(file, path.basename(file), opts).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SpreadsheetError);
  return e as SpreadsheetError;
}

describe('what never leaves the reader, and what no sheet may be', () => {
  const token = `ghp_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}`;

  it('hides a column name or a sheet name that looks like a secret, in CSV and XLSX alike', async () => {
    const csv = await openSpreadsheet(
      writeCsv(dir, 's.csv', [
        ['Site', `Notes ${token}`],
        ['Acme', 'x'],
      ]),
      's.csv',
    );
    expect(csv.columns).toEqual(['Site', 'Column 2 (name hidden: it looks like a secret)']);
    const file = await writeXlsx(dir, 's.xlsx', [
      {
        name: 'Sites',
        rows: [
          ['Site', 'URL', token],
          ['Acme', 'https://acme.test', 'x'],
        ],
      },
      { name: 'AKIAZ7Q3K9L2M8N4P6R1', rows: [['a', 'b']] },
    ]);
    const xlsx = await openSpreadsheet(file, 's.xlsx');
    expect(xlsx.columns[2]).toBe('Column 3 (name hidden: it looks like a secret)');
    expect(JSON.stringify(xlsx.sheets)).not.toContain('AKIAZ7Q3K9L2M8N4P6R1');
    expect(xlsx.sheets[1]!.name).toBe('Sheet 2 (name hidden: it looks like a secret)');
    // The hidden name still chooses its sheet.
    expect((await openSpreadsheet(file, 's.xlsx', { sheet: xlsx.sheets[1]!.name })).columns).toEqual(['a', 'b']);
  });

  it('keeps the digits a number format shows: 8.10 is not 8.1, 007 keeps its zeros', async () => {
    const file = await writeXlsx(dir, 'v.xlsx', [
      {
        name: 'Sites',
        rows: [
          ['Site', 'PHP', 'Code'],
          ['Acme', { number: 8.1, numFmt: '0.00' }, { number: 7, numFmt: '000' }],
          ['Beta', { number: 8.2, numFmt: 'General' }, 12],
        ],
      },
    ]);
    const { rows } = await read(await openSpreadsheet(file, 'v.xlsx'));
    expect(rows.map((r) => r.cells)).toEqual([
      ['Acme', '8.10', '007'],
      ['Beta', '8.2', '12'],
    ]);
  });

  it('holds CSV to the same row and column limits as XLSX', async () => {
    const wide = writeCsv(dir, 'wide.csv', [Array.from({ length: 201 }, (_, i) => `C${i + 1}`), Array.from({ length: 201 }, () => 'x')]);
    expect((await refusal(wide)).message).toMatch(/^The file has 201 columns, more than the 200 the import reads/);
    SHEET_LIMITS.maxRows = 3;
    const long = writeCsv(dir, 'long.csv', [
      ['Site', 'URL'],
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
    expect((await refusal(long)).message).toMatch(/^The file has \d+ rows, more than the 3 the import reads/);
  });

  it('refuses a small workbook that unpacks to more than the limit, before unpacking it', async () => {
    const file = await writeXlsx(dir, 'big.xlsx', [
      { name: 'Sites', rows: [['Site', 'Notes'], ...Array.from({ length: 200 }, (_, i) => [`S${i}`, `${'x'.repeat(5000)}${i}`])] },
    ]);
    const saved = SHEET_LIMITS.maxUnzippedBytes;
    SHEET_LIMITS.maxUnzippedBytes = 500_000;
    try {
      expect(fs.statSync(file).size).toBeLessThan(500_000);
      expect((await refusal(file)).message).toMatch(/^The workbook unpacks to more than/);
    } finally {
      SHEET_LIMITS.maxUnzippedBytes = saved;
    }
  });
});

describe('files the import refuses', () => {
  it('refuses an old .xls, a protected workbook, an empty file, a PDF, an OpenDocument file and binary data', async () => {
    expect((await refusal(writeBytes(dir, 'old.xls', OLE_MAGIC))).message).toMatch(/^The file is an old Excel workbook \(\.xls\).*save it as \.xlsx/);
    expect((await refusal(writeBytes(dir, 'locked.xlsx', ENCRYPTED_XLSX))).message).toMatch(/^The workbook is protected with a password/);
    expect((await refusal(writeBytes(dir, 'empty.csv', []))).message).toMatch(/^The file is empty/);
    expect((await refusal(writeText(dir, 'bom-only.csv', '\r\n', { bom: true }))).message).toMatch(/^The file is empty/);
    expect((await refusal(writeText(dir, 'list.pdf', '%PDF-1.7\n...'))).message).toMatch(/^The file is a PDF/);
    const ods = writeBytes(dir, 'list.ods', [
      ...Buffer.from('PK\x03\x04'),
      ...new Array<number>(26).fill(0),
      ...Buffer.from('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'),
    ]);
    expect((await refusal(ods)).message).toMatch(/^The file is an OpenDocument spreadsheet/);
    expect((await refusal(writeBytes(dir, 'image.csv', [0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0, 0]))).message).toMatch(/holds binary data/);
    expect((await refusal(writeText(dir, 'table.xls', '<html><table><tr><td>Site</td></tr></table></html>'))).message).toMatch(/^The file is a web page/);
  });

  it('refuses a damaged workbook, a file past the size limit, and a sheet past the row or column limit', async () => {
    const damaged = writeBytes(dir, 'damaged.xlsx', [
      ...Buffer.from('PK\x03\x04'),
      ...new Array<number>(26).fill(0),
      ...Buffer.from('xl/workbook.xml garbage'),
    ]);
    expect((await refusal(damaged)).message).toMatch(/^The file cannot be read as an \.xlsx workbook/);
    const huge = writeText(dir, 'huge.csv', 'Site,URL\n');
    fs.truncateSync(huge, MAX_FILE_BYTES + 1);
    expect((await refusal(huge)).message).toMatch(/^The file is 100 MB, more than the 100 MB the import reads/);
    const wide = await writeXlsx(dir, 'wide.xlsx', [{ name: 'Wide', rows: [Array.from({ length: 201 }, (_, i) => `C${i + 1}`)] }]);
    expect(await refusal(wide)).toMatchObject({ field: 'sheet', message: expect.stringMatching(/^The sheet "Wide" has 201 columns, more than the 200/) });
    SHEET_LIMITS.maxRows = 3;
    const long = await writeXlsx(dir, 'long.xlsx', [
      {
        name: 'Long',
        rows: [
          ['Site', 'URL'],
          ['a', 'b'],
          ['c', 'd'],
          ['e', 'f'],
        ],
      },
    ]);
    expect(await refusal(long)).toMatchObject({
      field: 'sheet',
      message: expect.stringMatching(/^The sheet "Long" has 4 rows, more than the 3 the import reads/),
    });
  });
});
