/**
 * Functions every workspace connection provides to SQL. `fold(text)` is the search fold of
 * core/search-fold.ts, so a query compares `fold(column) LIKE <folded search text>` with the very
 * rule the TypeScript side applies to the typed text.
 */
import type Database from 'better-sqlite3';
import { foldForSearch, SEARCH_FOLD_SQL } from '../core/search-fold';

export function registerSqlFunctions(sqlite: Database.Database): void {
  sqlite.function(SEARCH_FOLD_SQL, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldForSearch(value) : value));
}
