/**
 * Opening a portfolio spreadsheet: the format is told from the file's first bytes, never its name
 * (a .csv that is really an .xlsx reads as the workbook it is): a zip holding an Excel workbook is
 * XLSX (read-xlsx.ts), text is CSV (read-csv.ts). What the import cannot read is refused at once with
 * what to do, as a SpreadsheetError: an empty file, an old .xls, a password-protected workbook, an
 * OpenDocument or Numbers file, a PDF, a web page saved as .xls, another binary file (read-csv.ts), a
 * file past MAX_FILE_BYTES.
 */
import fs from 'node:fs/promises';
import { openCsv } from './read-csv';
import { SpreadsheetError, type OpenedSheet, type OpenOptions } from './sheet';

export { ReadAborted } from '../activity/text';

/** Largest file opened: an XLSX is read whole into memory, and no portfolio list comes near it. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** Bytes read from each end of a zip to see what it holds: the entry names are in the central directory at its end. */
const ZIP_PEEK = 256 * 1024;

const SAVE_AS = 'save it as .xlsx, or as CSV UTF-8, then choose it again';

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

async function readRange(fh: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.max(0, length));
  const { bytesRead } = await fh.read(buf, 0, buf.length, position);
  return buf.subarray(0, bytesRead);
}

/** What a zip file is, from its entry names: an Excel workbook, or what else to say. */
function zipRefusal(names: Buffer): string | null {
  if (names.includes('xl/workbook.xml')) return null;
  if (names.includes('application/vnd.oasis.opendocument'))
    return `The file is an OpenDocument spreadsheet (.ods), which the import does not read: in LibreOffice, ${SAVE_AS}.`;
  if (names.includes('.iwa'))
    return 'The file is an Apple Numbers document, which the import does not read: in Numbers choose File, Export To, Excel (or CSV), then choose the exported file.';
  return `The file is a zip archive, not an Excel workbook: take the spreadsheet out of it, or ${SAVE_AS}.`;
}

/**
 * What a file starting as an OLE compound file is: a password-protected workbook (Excel stores the
 * encrypted .xlsx in an OLE stream named EncryptedPackage, its name in UTF-16) or an old .xls.
 */
async function oleRefusal(file: string): Promise<string> {
  const encrypted = (await fs.readFile(file)).includes(Buffer.from('EncryptedPackage', 'utf16le'));
  return encrypted
    ? 'The workbook is protected with a password, which the import cannot open: open it in Excel, remove the password (File, Info, Protect Workbook), save it, then choose it again.'
    : 'The file is an old Excel workbook (.xls), which the import does not read: open it in Excel and save it as .xlsx (or as CSV UTF-8), then choose it again.';
}

/** How the file must be read, or why it cannot be. */
async function sniff(file: string, size: number): Promise<'csv' | 'xlsx'> {
  const fh = await fs.open(file, 'r');
  try {
    const start = await readRange(fh, 0, Math.min(size, ZIP_PEEK));
    if (startsWith(start, [0x50, 0x4b, 0x03, 0x04]) || startsWith(start, [0x50, 0x4b, 0x05, 0x06])) {
      const end = size > ZIP_PEEK ? await readRange(fh, size - ZIP_PEEK, ZIP_PEEK) : Buffer.alloc(0);
      const refusal = zipRefusal(Buffer.concat([start, end]));
      if (refusal) throw new SpreadsheetError(refusal);
      return 'xlsx';
    }
    if (startsWith(start, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) throw new SpreadsheetError(await oleRefusal(file));
    if (start.subarray(0, 5).toString('latin1') === '%PDF-')
      throw new SpreadsheetError(`The file is a PDF, which holds no spreadsheet cells to read: export the list as .xlsx or CSV from where it was made.`);
    if (/^(\uFEFF)?\s*<(\?xml|!doctype|html|table)/i.test(start.subarray(0, 256).toString('utf8')))
      throw new SpreadsheetError(
        `The file is a web page or XML file (some apps save one under an Excel name), not a spreadsheet the import reads: open it in Excel and ${SAVE_AS}.`,
      );
    return 'csv';
  } finally {
    await fh.close();
  }
}

/**
 * The spreadsheet at `file` (`fileName` is the name the user chose: it names a CSV's one sheet), its
 * sheet and header row chosen as `opts` says or found.
 */
export async function openSpreadsheet(file: string, fileName: string, opts: OpenOptions = {}): Promise<OpenedSheet> {
  const { size } = await fs.stat(file);
  if (size === 0) throw new SpreadsheetError('The file is empty: it needs a row of column names, then one row per record.');
  if (size > MAX_FILE_BYTES)
    throw new SpreadsheetError(
      `The file is ${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB the import reads: split it, or delete the sheets and columns you do not import.`,
    );
  if (opts.headerRow !== null && opts.headerRow !== undefined && !(Number.isInteger(opts.headerRow) && opts.headerRow >= 1))
    throw new SpreadsheetError('The header row is a row number, from 1: choose the row that holds the column names.', 'headerRow');
  const format = await sniff(file, size);
  if (format === 'csv') return openCsv(file, fileName, opts, size);
  // The workbook reader (exceljs) loads on the first XLSX only, so no other command pays for it.
  const { openXlsx } = await import('./read-xlsx');
  return openXlsx(file, opts, size);
}
