import { sql, type SQL } from 'drizzle-orm';
import { ErrorCode, WorkbenchError } from '../../core/errors';
import { foldForSearch, SEARCH_FOLD_SQL } from '../../core/search-fold';

export function notFound(what: string, id: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.NOT_FOUND, `${what} ${id} does not exist. It may have been removed on another device; reload the list.`);
}

export function staleVersion(what: string, name: string): WorkbenchError {
  return new WorkbenchError(
    ErrorCode.STALE_VERSION,
    `${what} “${name}” was changed since you opened it. Reload it to see the latest version, then apply your edit again.`,
  );
}

export function duplicate(message: string, field: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.DUPLICATE, message, { issues: [{ path: field, message }] });
}

export function refused(message: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.REFUSED, message);
}

/** A refusal that names the field to change, so a form can show it there. */
export function refusedOn(field: string, message: string, fieldMessage = message): WorkbenchError {
  return new WorkbenchError(ErrorCode.REFUSED, message, { issues: [{ path: field, message: fieldMessage }] });
}

/**
 * A LIKE pattern for "contains" searches: the typed text in the search fold (core/search-fold.ts),
 * with LIKE's wildcards escaped so % and _ match themselves. Compare it with `fold(column)`
 * and `ESCAPE '\\'` (searchMatch below does both).
 */
export function likePattern(term: string): string {
  return `%${foldForSearch(term).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `fold(column) = <folded value>`: the same name in the search fold (duplicate checks). */
export function sameFolded(column: SQL, value: string): SQL {
  return sql`${sql.raw(SEARCH_FOLD_SQL)}(${column}) = ${foldForSearch(value)}`;
}

/** `fold(column) LIKE pattern`, for one column of a search. */
export function searchMatch(column: SQL, pattern: string): SQL {
  return sql`${sql.raw(SEARCH_FOLD_SQL)}(${column}) LIKE ${pattern} ESCAPE '\\'`;
}
