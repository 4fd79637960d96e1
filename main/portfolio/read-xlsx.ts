/**
 * A portfolio XLSX as a sheet, read with exceljs: the whole workbook is loaded (bounded by the file
 * size checked before, and refused past MAX_ROWS rows or MAX_COLUMNS columns), then one worksheet is
 * read as text cells (cell-text.ts).
 *
 * Merged cells: a merge holds its value once, in its first cell, and a data row reads it there only
 * (repeating it would copy one site's value into the next row's cell). The header row is the
 * exception: a name merged down from the group row above (a "Site" cell spanning both rows) or across
 * columns is the name of every column it covers, so those columns are named and can be mapped.
 */
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { ReadAborted } from '../activity/text';
import { cellText } from './cell-text';
import { columnNames, findHeaderRow, HEADER_SEARCH_ROWS, isEmptyRow, sheetLabel, type LinedCells } from './header-row';
import { SHEET_LIMITS, SpreadsheetError, type OpenedSheet, type OpenOptions, type RowsOptions, type SheetProblem, type SheetRow } from './sheet';

/** exceljs's ValueType.Merge: a cell covered by a merge, not its first cell. */
const MERGED = 1;

/** A column's letters (1 -> A, 28 -> AB), as a spreadsheet names it. */
export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

type Mode = 'data' | 'detect' | 'header';

/**
 * Row `r` as text cells. A merged cell reads "" in data rows, its merge's value in the header row, and,
 * when looking for the header, the value of a merge coming down from a row above (a merge across the
 * same row counts once, so a group row never outnumbers the names below it).
 */
function rowCells(ws: ExcelJS.Worksheet, r: number, width: number, mode: Mode) {
  const row = ws.findRow(r);
  const cells: string[] = [];
  const missing: { col: number; kind: 'formula' | 'error'; detail: string }[] = [];
  if (!row) return { cells: new Array<string>(width).fill(''), missing };
  for (let c = 1; c <= width; c++) {
    let cell = row.getCell(c);
    if ((cell.type as number) === MERGED) {
      const master = cell.master;
      if (mode === 'data' || (mode === 'detect' && Number(master.row) >= r)) {
        cells.push('');
        continue;
      }
      cell = master;
    }
    const t = cellText(cell.value, cell.numFmt);
    cells.push(t.text);
    if ('missing' in t) missing.push({ col: c, kind: t.missing, detail: t.detail });
  }
  return { cells, missing };
}

/** Whether a cell holds something: a value with text, or a formula or an error (read as "" but reported). */
const holds = (cell: ExcelJS.Cell) =>
  (cell.type as number) !== MERGED && cell.value !== null && cell.value !== undefined && (typeof cell.value === 'object' || cellText(cell.value).text !== '');

/**
 * The last column and the last row holding something: the sheet's extent (a sheet formatted down to
 * its millionth row still ends at its last value).
 */
function sheetExtent(ws: ExcelJS.Worksheet): { width: number; lastRow: number } {
  let width = 0;
  let lastRow = 0;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (!holds(cell)) return;
      if (col > width) width = col;
      lastRow = r;
    });
  });
  return { width, lastRow };
}

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

function chooseSheet(wb: ExcelJS.Workbook, name: string | null): ExcelJS.Worksheet {
  const sheets = wb.worksheets;
  if (name !== null) {
    const labels = sheets.map((ws, i) => sheetLabel(ws.name, i));
    const at = labels.findIndex((l) => l === name);
    const i = at >= 0 ? at : labels.findIndex((l) => l.toLowerCase() === name.trim().toLowerCase());
    const found = sheets[i];
    if (!found)
      throw new SpreadsheetError(`The file has no sheet named "${sheetLabel(name, -1)}": its sheets are ${quoted(labels)}. Choose one of them.`, 'sheet');
    return found;
  }
  const withData = sheets.filter((ws) => ws.actualRowCount > 0);
  const ws = withData.find((s) => s.state === 'visible') ?? withData[0];
  if (!ws) throw new SpreadsheetError('Every sheet of the file is empty: it needs a row of column names, then one row per record.');
  return ws;
}

function problemOf(r: number, missing: { col: number; kind: 'formula' | 'error'; detail: string }[], columns: string[]): SheetProblem {
  const where = (m: { col: number }) => `column ${columnLetters(m.col)} (${columns[m.col - 1]})`;
  const formulas = missing.filter((m) => m.kind === 'formula');
  const errors = missing.filter((m) => m.kind === 'error');
  const parts: string[] = [];
  if (formulas.length)
    parts.push(
      `Row ${r}, ${formulas.map(where).join(', ')} ${formulas.length > 1 ? 'hold formulas' : 'holds a formula'} without a saved value: open the file in a spreadsheet app and save it, or paste values`,
    );
  if (errors.length)
    parts.push(
      `Row ${r}, ${errors.map((m) => `${where(m)} holds the error ${m.detail}`).join(', ')} instead of a value: correct ${errors.length > 1 ? 'them' : 'it'} in the spreadsheet`,
    );
  return { line: r, reason: `${parts.join('; ')}.`, columns: missing.map((m) => columns[m.col - 1]!) };
}

/**
 * What the workbook unpacks to, from its zip directory, before anything is unpacked: a file of a few
 * megabytes can hold a sheet of hundreds (a zip bomb, or a data dump), which the workbook reader would
 * hold whole in memory. Sizes a zip claims can lie; the row and column limits still hold after loading.
 */
async function unzippedBytes(file: string): Promise<number> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  return new Promise((resolve, reject) => {
    let total = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      if (total > SHEET_LIMITS.maxUnzippedBytes) {
        zip.close();
        resolve(total);
      } else zip.readEntry();
    });
    zip.on('end', () => resolve(total));
    zip.on('error', reject);
    zip.readEntry();
  });
}

export async function openXlsx(file: string, opts: OpenOptions, totalBytes: number): Promise<OpenedSheet> {
  const unpacked = await unzippedBytes(file).catch(() => 0);
  if (unpacked > SHEET_LIMITS.maxUnzippedBytes)
    throw new SpreadsheetError(
      `The workbook unpacks to more than ${SHEET_LIMITS.maxUnzippedBytes / 1024 / 1024} MB, far more than a portfolio list: delete the sheets and columns you do not import, or save the list alone as CSV.`,
    );
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch {
    throw new SpreadsheetError(
      'The file cannot be read as an .xlsx workbook (it may be damaged): open it in a spreadsheet app, save it as .xlsx again, then choose it again.',
    );
  }
  if (wb.worksheets.length === 0)
    throw new SpreadsheetError('The workbook has no sheets: it needs a sheet with a row of column names, then one row per record.');
  const ws = chooseSheet(wb, opts.sheet ?? null);
  const shownName = sheetLabel(ws.name, wb.worksheets.indexOf(ws));
  if (ws.actualRowCount > SHEET_LIMITS.maxRows)
    throw new SpreadsheetError(
      `The sheet "${shownName}" has ${ws.actualRowCount} rows, more than the ${SHEET_LIMITS.maxRows} the import reads: split it into smaller files.`,
      'sheet',
    );
  const { width, lastRow: last } = sheetExtent(ws);
  if (width > SHEET_LIMITS.maxColumns)
    throw new SpreadsheetError(
      `The sheet "${shownName}" has ${width} columns, more than the ${SHEET_LIMITS.maxColumns} the import reads: delete the columns you do not import.`,
      'sheet',
    );
  if (width === 0) throw new SpreadsheetError(`The sheet "${shownName}" is empty: choose the sheet that holds the list.`, 'sheet');

  let headerLine: number;
  if (opts.headerRow !== null && opts.headerRow !== undefined) {
    headerLine = opts.headerRow;
    if (headerLine > last)
      throw new SpreadsheetError(
        `Row ${headerLine} is past the end of the sheet "${shownName}", which ends at row ${last}: choose the row that holds the column names.`,
        'headerRow',
      );
    if (isEmptyRow(rowCells(ws, headerLine, width, 'header').cells))
      throw new SpreadsheetError(`Row ${headerLine} of the sheet "${shownName}" is empty: choose the row that holds the column names.`, 'headerRow');
  } else {
    const first: LinedCells[] = [];
    for (let r = 1; r <= last && first.length < HEADER_SEARCH_ROWS; r++) {
      const { cells } = rowCells(ws, r, width, 'detect');
      if (!isEmptyRow(cells)) first.push({ line: r, cells });
    }
    const found = findHeaderRow(first);
    if (!found) throw new SpreadsheetError(`The sheet "${shownName}" is empty: choose the sheet that holds the list.`, 'sheet');
    headerLine = found.line;
  }
  const columns = columnNames(rowCells(ws, headerLine, width, 'header').cells);

  async function* rows(ro: RowsOptions = {}): AsyncGenerator<SheetRow> {
    for (let r = headerLine + 1; r <= last; r++) {
      if (ro.signal?.aborted) throw new ReadAborted();
      const { cells, missing } = rowCells(ws, r, width, 'data');
      if (isEmptyRow(cells) && missing.length === 0) continue;
      if (missing.length) {
        ro.onProblem?.(problemOf(r, missing, columns));
        if (!ro.partialRows) continue;
      }
      yield { line: r, cells };
    }
    if (ro.signal?.aborted) throw new ReadAborted();
  }

  return {
    format: 'xlsx',
    sheets: wb.worksheets.map((s, i) => ({ name: sheetLabel(s.name, i), rows: s.actualRowCount })),
    sheet: shownName,
    delimiter: null,
    headerRow: headerLine,
    columns,
    totalBytes,
    rows,
  };
}
