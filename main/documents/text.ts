/**
 * Line breaks in document text. Multi-line values (notes, reasons, instructions) keep their lines in
 * every format; one-line places (titles, headings, the page header and footer) print any value on
 * one line, so a name saved with a line break by an older version cannot break a heading or a title.
 */

/** Every way text can break a line: CR LF, CR, LF, NEL, vertical tab, form feed, line and paragraph separators. */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

/** The lines of a multi-line value. */
export function textLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/** The value with every line break as "\n". */
export function normaliseLineBreaks(text: string): string {
  return text.replace(LINE_BREAK, '\n');
}

/** The value on one line: each line break (with the spaces around it) becomes one space. */
export function oneLine(text: string): string {
  return text.replace(/[ \t]*(?:\r\n|[\n\r\v\f\u0085\u2028\u2029])+[ \t]*/g, ' ').trim();
}
