/**
 * A portfolio CSV as a sheet, on the audit import's CSV reader (main/activity/read-csv.ts: csv-parse,
 * its recovery rules and line numbers) and its text decoding (main/activity/text.ts: UTF-8, the BOM
 * Excel's "CSV UTF-8" writes dropped, CRLF as LF, binary files refused). Excel's other text export,
 * "Unicode Text" (tab-separated UTF-16 LE, starting with its byte order mark), is read too; UTF-16
 * without that mark, or big-endian, is refused with how to save the file instead.
 *
 * The file is read twice when opened, never held whole: once for the header row and the row count,
 * then once per `rows()`. Rows are read as a spreadsheet app shows them: a row shorter than the header
 * has its missing cells empty; a row longer than it (a delimiter inside a cell without quotes shifts
 * every cell after it) is reported, not guessed, unless the extra cells are empty.
 */
import { CSV_DELIMITERS, csvRecords, detectDelimiter, type CsvRecord } from '../activity/read-csv';
import fs from 'node:fs/promises';
import { head, textChunks, UnreadableFile, type TextEncodingName } from '../activity/text';
import { columnNames, findHeaderRow, HEADER_SEARCH_ROWS, isEmptyRow, unNeutralise, type LinedCells } from './header-row';
import { SHEET_LIMITS, SpreadsheetError, type OpenedSheet, type OpenOptions, type RowsOptions, type SheetRow } from './sheet';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'vertical bar' };

/** UTF-16 LE when the file starts with its byte order mark (FF FE), else UTF-8. */
async function encodingOf(file: string): Promise<TextEncodingName> {
  const fh = await fs.open(file, 'r');
  try {
    const start = Buffer.alloc(2);
    await fh.read(start, 0, 2, 0);
    return start[0] === 0xff && start[1] === 0xfe ? 'utf-16le' : 'utf-8';
  } finally {
    await fh.close();
  }
}

const BINARY = 'The file is not a spreadsheet the import reads (it holds binary data, not text): save it as .xlsx, or as CSV UTF-8, then choose it again.';

/** The file's first 64 KB as text, with a text reader's refusals worded for a portfolio file. */
async function headText(file: string, encoding: TextEncodingName): Promise<string> {
  try {
    const text = await head(file, undefined, encoding);
    if (encoding !== 'utf-8' && text.includes('\u0000')) throw new SpreadsheetError(BINARY);
    return text;
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    throw new SpreadsheetError(
      /UTF-16/.test(e.message)
        ? 'The file is saved as UTF-16 ("Unicode text"), which the import does not read: save it as .xlsx, or as CSV UTF-8 (in Excel: Save As, "CSV UTF-8"), then choose it again.'
        : BINARY,
    );
  }
}

/** How many times `d` occurs in `line` outside quotes. */
function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

/**
 * The delimiter from the file's first lines: the one that splits the most lines into the same number
 * of cells (then the one giving more cells). Unlike the audit import's detectDelimiter, the first line
 * is not the reference: a title above the header ("Client sites, March") must not make a semicolon file
 * read as comma-separated.
 */
export function csvDelimiter(text: string): string {
  const lines = text
    .split('\n')
    .slice(0, 50)
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  let best = { d: detectDelimiter(text), agree: 0, n: 0 };
  for (const d of CSV_DELIMITERS) {
    const byCount = new Map<number, number>();
    for (const l of lines) {
      const n = countOutsideQuotes(l, d);
      if (n > 0) byCount.set(n, (byCount.get(n) ?? 0) + 1);
    }
    for (const [n, agree] of byCount) if (agree > best.agree || (agree === best.agree && n > best.n)) best = { d, agree, n };
  }
  return best.d;
}

interface Source {
  file: string;
  encoding: TextEncodingName;
  delimiter: string;
}

const records = (src: Source, opts: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {}) =>
  csvRecords(textChunks(src.file, { signal: opts.signal, onProgress: opts.onBytes }, Infinity, src.encoding), src.delimiter, opts.signal, 'row');

const cellsOf = (rec: { cells: string[] }) => rec.cells.map(unNeutralise);

/** What opening reads: the first non-empty records (header search), the header asked for, the row count. */
async function survey(src: Source, headerRow: number | null) {
  const first: LinedCells[] = [];
  let asked: CsvRecord | null = null;
  let rows = 0;
  let lastLine = 0;
  try {
    for await (const rec of records(src)) {
      lastLine = rec.line;
      if ('problem' in rec) continue;
      const cells = cellsOf(rec);
      if (headerRow !== null && asked === null && rec.line >= headerRow) asked = rec;
      if (isEmptyRow(cells)) continue;
      rows++;
      if (first.length < HEADER_SEARCH_ROWS) first.push({ line: rec.line, cells });
    }
  } catch (e) {
    if (e instanceof UnreadableFile) throw new SpreadsheetError(e.message);
    throw e;
  }
  return { first, asked, rows, lastLine };
}

/** The header record asked for by line, or why that line cannot be the header. */
function askedHeader(headerRow: number, s: Awaited<ReturnType<typeof survey>>): LinedCells {
  const firstLine = s.first[0]?.line;
  const hint = firstLine ? ` (the first line that holds anything is line ${firstLine})` : '';
  if (!s.asked)
    throw new SpreadsheetError(
      `Line ${headerRow} is past the end of the file, which has ${s.lastLine} lines: choose the line that holds the column names${hint}.`,
      'headerRow',
    );
  const { asked } = s;
  if ('problem' in asked || asked.line !== headerRow || isEmptyRow(asked.cells))
    throw new SpreadsheetError(
      `Line ${headerRow} holds no column names (it is empty, or inside a cell that spans lines): choose the line that holds them${hint}.`,
      'headerRow',
    );
  return { line: asked.line, cells: cellsOf(asked) };
}

export async function openCsv(file: string, fileName: string, opts: OpenOptions, totalBytes: number): Promise<OpenedSheet> {
  const encoding = await encodingOf(file);
  const text = await headText(file, encoding);
  if (text.trim() === '') throw new SpreadsheetError('The file is empty: it needs a row of column names, then one row per record.');
  if (opts.delimiter && !(CSV_DELIMITERS as readonly string[]).includes(opts.delimiter))
    throw new SpreadsheetError('The delimiter must be a comma, a semicolon, a tab or a vertical bar (|).', 'delimiter');
  const delimiter = opts.delimiter || csvDelimiter(text);
  const headerRow = opts.headerRow ?? null;
  const src: Source = { file, encoding, delimiter };
  const s = await survey(src, headerRow);
  const header = headerRow !== null ? askedHeader(headerRow, s) : findHeaderRow(s.first);
  if (!header)
    throw new SpreadsheetError(
      `The file holds no rows the ${DELIMITER_NAMES[delimiter] ?? delimiter}-separated reader can read: check that it is a CSV export, with a row of column names first.`,
    );
  const columns = columnNames(header.cells);
  if (columns.length > SHEET_LIMITS.maxColumns)
    throw new SpreadsheetError(
      `The file has ${columns.length} columns, more than the ${SHEET_LIMITS.maxColumns} the import reads: delete the columns you do not import, or check the delimiter.`,
      'delimiter',
    );
  if (s.rows > SHEET_LIMITS.maxRows)
    throw new SpreadsheetError(
      `The file has ${s.rows.toLocaleString('en')} rows, more than the ${SHEET_LIMITS.maxRows.toLocaleString('en')} the import reads: split it into smaller files.`,
    );
  const width = columns.length;

  async function* rows(ro: RowsOptions = {}): AsyncGenerator<SheetRow> {
    try {
      for await (const rec of records(src, ro)) {
        if ('problem' in rec) {
          ro.onProblem?.({ line: rec.line, reason: rec.problem });
          continue;
        }
        if (rec.line <= header!.line) continue;
        const cells = cellsOf(rec);
        if (isEmptyRow(cells)) continue;
        if (cells.length > width) {
          if (!isEmptyRow(cells.slice(width))) {
            ro.onProblem?.({
              line: rec.line,
              reason: `This row has ${cells.length} cells but the header names ${width} columns: check its delimiters and quotes (a cell holding a ${DELIMITER_NAMES[delimiter] ?? delimiter} must be in quotes).`,
            });
            continue;
          }
          cells.length = width;
        }
        while (cells.length < width) cells.push('');
        // The decoder turns bytes that are not UTF-8 (a file saved as "CSV" in a Windows code page) into U+FFFD.
        const garbled = columns.filter((_, i) => cells[i]!.includes('\uFFFD'));
        for (let i = 0; i < width; i++) if (cells[i]!.includes('\uFFFD')) cells[i] = '';
        if (garbled.length) {
          ro.onProblem?.({
            line: rec.line,
            columns: garbled,
            reason: `${garbled.length > 1 ? 'The cells' : 'The cell'} in ${garbled.map((c) => `"${c}"`).join(', ')} ${garbled.length > 1 ? 'hold' : 'holds'} characters that are not UTF-8 text: save the file as CSV UTF-8 (in Excel: Save As, "CSV UTF-8") and import it again.`,
          });
          if (!ro.partialRows) continue;
        }
        yield { line: rec.line, cells };
      }
    } catch (e) {
      if (e instanceof UnreadableFile) throw new SpreadsheetError(e.message);
      throw e;
    }
  }

  return {
    format: 'csv',
    sheets: [{ name: fileName, rows: s.rows }],
    sheet: null,
    delimiter,
    headerRow: header.line,
    columns,
    totalBytes,
    rows,
  };
}
