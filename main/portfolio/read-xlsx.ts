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
import { headerNames } from '../activity/read-csv';
import { ReadAborted } from '../activity/text';
import { cellText } from './cell-text';
import { findHeaderRow, HEADER_SEARCH_ROWS, isEmptyRow, type LinedCells } from './header-row';
import { SpreadsheetError, type OpenedSheet, type OpenOptions, type RowsOptions, type SheetProblem, type SheetRow } from './sheet';

/** Most rows and columns a worksheet may have to be imported: a portfolio is far smaller, a bigger sheet is a mistake or a data dump. */
export const XLSX_LIMITS = { maxRows: 100_000, maxColumns: 200 };

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
    const t = cellText(cell.value);
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
    const found = sheets.find((ws) => ws.name === name) ?? sheets.find((ws) => ws.name.toLowerCase() === name.trim().toLowerCase());
    if (!found)
      throw new SpreadsheetError(`The file has no sheet named "${name}": its sheets are ${quoted(sheets.map((ws) => ws.name))}. Choose one of them.`, 'sheet');
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

export async function openXlsx(file: string, opts: OpenOptions, totalBytes: number): Promise<OpenedSheet> {
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
  if (ws.actualRowCount > XLSX_LIMITS.maxRows)
    throw new SpreadsheetError(
      `The sheet "${ws.name}" has ${ws.actualRowCount} rows, more than the ${XLSX_LIMITS.maxRows} the import reads: split it into smaller files.`,
      'sheet',
    );
  const { width, lastRow: last } = sheetExtent(ws);
  if (width > XLSX_LIMITS.maxColumns)
    throw new SpreadsheetError(
      `The sheet "${ws.name}" has ${width} columns, more than the ${XLSX_LIMITS.maxColumns} the import reads: delete the columns you do not import.`,
      'sheet',
    );
  if (width === 0) throw new SpreadsheetError(`The sheet "${ws.name}" is empty: choose the sheet that holds the list.`, 'sheet');

  let headerLine: number;
  if (opts.headerRow !== null && opts.headerRow !== undefined) {
    headerLine = opts.headerRow;
    if (headerLine > last)
      throw new SpreadsheetError(
        `Row ${headerLine} is past the end of the sheet "${ws.name}", which ends at row ${last}: choose the row that holds the column names.`,
        'headerRow',
      );
    if (isEmptyRow(rowCells(ws, headerLine, width, 'header').cells))
      throw new SpreadsheetError(`Row ${headerLine} of the sheet "${ws.name}" is empty: choose the row that holds the column names.`, 'headerRow');
  } else {
    const first: LinedCells[] = [];
    for (let r = 1; r <= last && first.length < HEADER_SEARCH_ROWS; r++) {
      const { cells } = rowCells(ws, r, width, 'detect');
      if (!isEmptyRow(cells)) first.push({ line: r, cells });
    }
    const found = findHeaderRow(first);
    if (!found) throw new SpreadsheetError(`The sheet "${ws.name}" is empty: choose the sheet that holds the list.`, 'sheet');
    headerLine = found.line;
  }
  const columns = headerNames(rowCells(ws, headerLine, width, 'header').cells);

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
    sheets: wb.worksheets.map((s) => ({ name: s.name, rows: s.actualRowCount })),
    sheet: ws.name,
    delimiter: null,
    headerRow: headerLine,
    columns,
    totalBytes,
    rows,
  };
}
