/**
 * CSV (RFC 4180) that is safe to open in a spreadsheet: a cell that a spreadsheet would read as a
 * formula (it starts with = + - @, a tab or a carriage return) is prefixed with ' so it shows as text
 * ("formula injection"); cells holding a comma, a quote or a line break are quoted, quotes doubled.
 */

/**
 * A cell a spreadsheet would read as a formula, or one that already starts with the ' this module
 * adds (prefixed again, so reading one ' back always gives the text as it was).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
/** A cell as csvCell wrote it after prefixing: the importer removes that one '. */
export const NEUTRALISED = /^''*[=+\-@\t\r]/;

/** One cell as text a spreadsheet shows literally. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells (without the line ending). */
export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}
