/**
 * A portfolio spreadsheet as the importer sees it, whatever its format (CSV or XLSX): the sheets it
 * has, the header row, the column names (made unique and non-empty), and its data rows as text cells
 * with the row number a user sees in a spreadsheet (CSV: the line where the record starts).
 */
export interface SheetRow {
  /** The row (XLSX) or the line where the record starts (CSV), 1-based, as a spreadsheet shows it. */
  line: number;
  /** Cells in `columns` order, as text: trimmed of nothing, "" when empty; a number without float noise, a date as YYYY-MM-DD. */
  cells: string[];
}

/**
 * A row the reader could not read as cells (a quote never closed): reported as a bad row, never guessed,
 * and not yielded. A row read whole but with cells that hold no value to trust (a formula never
 * calculated, an error such as #N/A, bytes that are not UTF-8) is reported the same way, naming those
 * cells' columns in `columns`; with `rows({ partialRows: true })` it is yielded too, those cells "",
 * for a caller that judges a problem in a column it does not use no problem at all.
 */
export interface SheetProblem {
  line: number;
  reason: string;
  /** Names (from `columns`) of the cells that could not be read, when the row itself was. */
  columns?: string[];
}

export interface OpenedSheet {
  format: 'csv' | 'xlsx';
  /** XLSX: every worksheet and its row count; CSV: one entry named after the file. */
  sheets: { name: string; rows: number }[];
  /** The worksheet read (XLSX), else null. */
  sheet: string | null;
  /** CSV: the delimiter used; XLSX: null. */
  delimiter: string | null;
  /** The row holding the headers (1-based). */
  headerRow: number;
  /** Header names after the header row, unique and non-empty ("Column 3", "Email (2)"). */
  columns: string[];
  /** Bytes of the file, for progress. */
  totalBytes: number;
  /**
   * The data rows after the header row, in order; rows with every cell empty are skipped. `onProblem`
   * hears rows that could not be read; `onBytes` (CSV) how far into the file the reader is;
   * `partialRows` yields rows with unreadable cells too (see SheetProblem). Throws ReadAborted
   * (main/portfolio/read.ts) once `signal` is aborted.
   */
  rows(opts?: RowsOptions): AsyncGenerator<SheetRow>;
}

export interface RowsOptions {
  signal?: AbortSignal;
  onProblem?: (p: SheetProblem) => void;
  onBytes?: (bytes: number) => void;
  partialRows?: boolean;
}

export interface OpenOptions {
  sheet?: string | null;
  headerRow?: number | null;
  delimiter?: string | null;
}

/** A file that is not a spreadsheet the importer reads, with what to do (an .xls, a .numbers, a PDF, a sheet that is not there). */
export class SpreadsheetError extends Error {
  constructor(
    message: string,
    readonly field: 'file' | 'sheet' | 'headerRow' | 'delimiter' = 'file',
  ) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

/**
 * What any portfolio sheet may hold, whatever its format: a portfolio is far smaller, and a bigger
 * sheet is a mistake or a data dump that would only exhaust memory. `maxUnzippedBytes` bounds what an
 * XLSX may unpack to (a small file can hold a sheet of hundreds of megabytes).
 */
export const SHEET_LIMITS = { maxRows: 100_000, maxColumns: 200, maxUnzippedBytes: 256 * 1024 * 1024 };
