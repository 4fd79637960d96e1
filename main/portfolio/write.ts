/**
 * The file formats of a portfolio export: a table (headers and rows of text or number cells) as CSV or
 * XLSX bytes, and JSON text. Cells never run in a spreadsheet:
 *
 * - CSV: UTF-8 with a byte order mark (Excel reads the file as UTF-8 only with it), lines ending in
 *   CRLF, every cell through core/csv.ts, so text starting with = + - @, a tab or a carriage return is
 *   prefixed with ' and shows as text. The import strips that ' again when it reads a CSV.
 * - XLSX: every cell is a string or a number value, never a formula. A string cell is text to Excel
 *   whatever it starts with, so it is written as it is, without the ' (the import reads XLSX cells as
 *   they are: a prefix here would come back as part of the name). The XLSX writer is write-xlsx.ts,
 *   loaded on the first XLSX export only, so programs that never write one never load exceljs.
 */
import { csvRow } from '@core/csv';

export type ExportCell = string | number | null;

export interface ExportTable {
  /** The worksheet's name (XLSX). */
  sheet: string;
  headers: readonly string[];
  rows: readonly ExportCell[][];
}

const BOM = '\ufeff';
const CRLF = '\r\n';

export function csvBytes(table: ExportTable): Buffer {
  const lines: string[] = [csvRow(table.headers)];
  for (const row of table.rows) lines.push(csvRow(row));
  return Buffer.from(`${BOM}${lines.join(CRLF)}${CRLF}`, 'utf8');
}

/** Rows looked at to size the columns: enough to be representative, few enough to stay quick. */
const WIDTH_SAMPLE = 500;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** Each column as wide as its header or its longest cell among the first rows, within bounds. */
export function columnWidths(table: ExportTable): number[] {
  return table.headers.map((h, i) => {
    let widest = h.length;
    for (const row of table.rows.slice(0, WIDTH_SAMPLE)) {
      const cell = row[i];
      if (cell !== null && cell !== undefined) widest = Math.max(widest, String(cell).split('\n')[0]!.length);
    }
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
  });
}

/** Pretty-printed JSON, ending with a line break, as UTF-8 bytes. */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}
