/** Column mapping: suggestions from header names, the signature a saved mapping is found by, and its problems. */
import type { ActivityMapping } from '../contract/activity';
import type { ActivityFormat } from './vocabulary';

/** A mapping for a file with these columns, suggested from their names (e.g. "User email" -> actor). */
export function suggestMapping(columns: readonly string[], format: ActivityFormat, delimiter: string | null, timeZone: string): ActivityMapping {
  (void columns, format, delimiter, timeZone);
  throw new Error('not implemented');
}

/** The columns, case-folded, trimmed, sorted and joined by U+001F: a file with the same columns in any order has the same. */
export function columnsSignature(columns: readonly string[]): string {
  void columns;
  throw new Error('not implemented');
}

/** What is wrong with a mapping for a file with these columns; `path` is the field (e.g. "columns.time"). */
export function mappingProblems(mapping: ActivityMapping, columns: readonly string[]): { path: string; message: string }[] {
  (void mapping, columns);
  throw new Error('not implemented');
}
