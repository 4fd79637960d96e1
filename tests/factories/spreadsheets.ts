/**
 * Messy spreadsheet files for import tests, written for real into a test's temp dir:
 *
 *   const csv = writeCsv(dir, 'sites.csv', [['Site', 'URL'], ['Acme', 'https://acme.test']], { bom: true, delimiter: ';', crlf: true });
 *   const xlsx = await writeXlsx(dir, 'sites.xlsx', [{ name: 'Sites', rows: [['Site details', null], ['Site', 'URL'], ['Acme', 'https://acme.test']], merges: ['A1:B1'] }]);
 *   const xls = writeBytes(dir, 'old.xls', OLE_MAGIC);
 *
 * CSV cells are quoted only when they must be (the delimiter, a quote or a line break inside), as
 * spreadsheet apps write them; `raw` writes the text exactly as given, for files no app would write
 * (a quote never closed). XLSX cells take text, numbers, booleans, dates, `{ formula, result? }` (no
 * `result`: a formula with no saved value, as a generator that never calculated it writes;
 * `result: { error: '#N/A' }`: a formula showing an error), and
 * `{ text, hyperlink }`; `null` leaves the cell empty. Every builder returns the file's path.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

export interface CsvOptions {
  /** A UTF-8 byte order mark first, as Excel's "CSV UTF-8" writes. */
  bom?: boolean;
  /** ',' unless told (Excel in many locales writes ';'). */
  delimiter?: string;
  /** Lines end in CRLF, as Windows apps write them. */
  crlf?: boolean;
  /** Saved as UTF-16 LE, as Excel's "Unicode Text" (with `bom`: FF FE first, as Excel writes it). */
  utf16?: boolean;
}

const csvField = (cell: string, delimiter: string) =>
  cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r') ? `"${cell.replace(/"/g, '""')}"` : cell;

/** The CSV text of `rows` (each row a line; an empty row an empty line), without writing it. */
export function csvText(rows: string[][], opts: CsvOptions = {}): string {
  const delimiter = opts.delimiter ?? ',';
  const eol = opts.crlf ? '\r\n' : '\n';
  return rows.map((r) => r.map((c) => csvField(c, delimiter)).join(delimiter)).join(eol) + eol;
}

export function writeCsv(dir: string, name: string, rows: string[][], opts: CsvOptions = {}): string {
  return writeText(dir, name, csvText(rows, opts), opts);
}

/** Text written exactly as given (a BOM first when asked): for files broken in ways no app writes. */
export function writeText(dir: string, name: string, text: string, opts: Pick<CsvOptions, 'bom' | 'utf16'> = {}): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, (opts.bom ? '\uFEFF' : '') + text, opts.utf16 ? 'utf16le' : 'utf8');
  return file;
}

export function writeBytes(dir: string, name: string, bytes: Uint8Array | number[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.from(bytes));
  return file;
}

/** The first bytes of an old Excel .xls (an OLE compound file; a password-protected .xlsx starts the same). */
export const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(504).fill(0)];

/** An OLE file holding the stream Excel writes a password-protected .xlsx into (its name is UTF-16). */
export const ENCRYPTED_XLSX = [...OLE_MAGIC, ...Buffer.from('EncryptedPackage', 'utf16le')];

export type XlsxCell =
  | string
  | number
  | boolean
  | Date
  | { formula: string; result?: string | number | boolean | Date | { error: string } }
  | { text: string; hyperlink: string }
  /** A number shown in a number format ("0.00" shows 8.1 as 8.10). */
  | { number: number; numFmt: string }
  | null;

export interface XlsxSheet {
  name: string;
  rows: XlsxCell[][];
  /** Ranges merged after the cells are written, e.g. 'A1:C1' (the first cell keeps its value). */
  merges?: string[];
  state?: 'visible' | 'hidden';
}

export async function writeXlsx(dir: string, name: string, sheets: XlsxSheet[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.state ?? 'visible' });
    s.rows.forEach((cells, r) => {
      cells.forEach((cell, c) => {
        if (cell === null) return;
        const target = ws.getCell(r + 1, c + 1);
        if (typeof cell === 'object' && 'numFmt' in cell) {
          target.value = cell.number;
          target.numFmt = cell.numFmt;
        } else target.value = cell as ExcelJS.CellValue;
      });
    });
    for (const range of s.merges ?? []) ws.mergeCells(range);
  }
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}
