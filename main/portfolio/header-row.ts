/**
 * Finding the header row of a sheet people keep by hand, and the cell rules every format shares.
 *
 * A kept spreadsheet often opens with a title ("Client sites, March") and a group row ("Site details"
 * merged over three columns, "Versions" over three) above the column names. The header is the first
 * row, among the first rows that hold anything, with the most cells that read as names (ties: the
 * earliest) and at least two: a title or a group row has fewer cells than the names below it, and a
 * data row's emails, URLs, numbers and dates are not names, so both are passed over (see findHeaderRow).
 */

import { NEUTRALISED } from '@core/csv';
import { hasSecret } from '@core/domain/secret-scanner';
import { headerNames } from '../activity/read-csv';

/**
 * The column names of a header row: unique and non-empty (headerNames), and a name that looks like a
 * secret (a token pasted into a header cell) replaced by its position. A column name reaches the page,
 * the report, a saved mapping and its history: none of them may ever hold a secret, so it never
 * leaves the reader.
 */
export function columnNames(cells: readonly string[]): string[] {
  return headerNames(cells).map((name, i) => (hasSecret(name) ? `Column ${i + 1} (name hidden: it looks like a secret)` : name));
}

/** A worksheet's name as the import shows it: one that looks like a secret is replaced by its position. */
export function sheetLabel(name: string, index: number): string {
  return hasSecret(name) ? `Sheet ${index + 1} (name hidden: it looks like a secret)` : name;
}

/** How many non-empty rows from the top the header is looked for in. */
export const HEADER_SEARCH_ROWS = 20;

export interface LinedCells {
  line: number;
  cells: string[];
}

export const isEmptyRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * Whether a cell reads as a column name rather than a value: text that is not a number, a date, an
 * amount, an email address or a URL. A data row of emails and URLs thus never outnumbers a header
 * with a column left unnamed.
 */
export function nameLike(cell: string): boolean {
  const t = cell.trim();
  if (t === '') return false;
  if (/^[-+]?[\d\s.,:/%$€£-]+$/.test(t)) return false;
  if (/^[^\s@]+@[^\s@]+$/.test(t)) return false;
  return !/^(https?:\/\/|www\.)/i.test(t);
}

const filled = (cells: readonly string[]) => cells.reduce((n, c) => (c.trim() === '' ? n : n + 1), 0);
const named = (cells: readonly string[]) => cells.reduce((n, c) => (nameLike(c) ? n + 1 : n), 0);

/** The first row with the highest count (at least `least`), or null. */
function firstMost<T extends LinedCells>(rows: readonly T[], count: (cells: readonly string[]) => number, least: number): T | null {
  let best: T | null = null;
  let bestCount = least - 1;
  for (const row of rows) {
    const n = count(row.cells);
    if (n > bestCount) {
      best = row;
      bestCount = n;
    }
  }
  return best;
}

/**
 * The header among `rows` (the sheet's first rows; empty ones are passed over), or null when all are
 * empty: the first with the most name-like cells, at least two; else the first with the most cells,
 * at least two (a header of years or codes); else the first row that holds anything.
 */
export function findHeaderRow<T extends LinedCells>(rows: readonly T[]): T | null {
  const first = rows.filter((r) => filled(r.cells) > 0).slice(0, HEADER_SEARCH_ROWS);
  return firstMost(first, named, 2) ?? firstMost(first, filled, 2) ?? first[0] ?? null;
}

/**
 * A CSV cell read back as it was before the workbench's export neutralised it (core/csv.ts writes a
 * leading ' before = + - @, a tab or a carriage return, and before text that already starts with such
 * a ' itself): export, then import, gives the same text. XLSX never stores that ' in the value (Excel
 * keeps it as a cell property), so only CSV.
 */
export function unNeutralise(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}
