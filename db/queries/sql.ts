/**
 * Small SQL builders every query uses, so each shape is written once (docs/ARCHITECTURE.md, "Reading
 * data"): a bound `IN (…)` list, the search fold's LIKE patterns, the live-records filter and a
 * `WHERE` made of optional parts. Values are always bound parameters, never spliced text.
 */
import { sql, type SQL } from 'drizzle-orm';
import { foldForSearch, SEARCH_FOLD_SQL } from '../../core/search-fold';

/** `(?, ?, …)` with one bound parameter per value; an empty list matches nothing (`(NULL)`). */
export function inList(values: readonly (string | number)[]): SQL {
  if (values.length === 0) return sql`(NULL)`;
  return sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

/** LIKE's wildcards and its escape character, escaped so that %, _ and \ match themselves (use with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A LIKE pattern for "contains" searches: the typed text in the search fold (core/search-fold.ts),
 * with LIKE's wildcards escaped. Compare it with `fold(column)` and `ESCAPE '\'` (searchMatch does both).
 */
export function likePattern(term: string): string {
  return `%${escapeLike(foldForSearch(term))}%`;
}

/** `fold(column) LIKE pattern`, for one column of a search. */
export function searchMatch(column: SQL, pattern: string): SQL {
  return sql`${sql.raw(SEARCH_FOLD_SQL)}(${column}) LIKE ${pattern} ESCAPE '\\'`;
}

/** `fold(column) = <folded value>`: the same name in the search fold (duplicate checks). */
export function sameFolded(column: SQL, value: string): SQL {
  return sql`${sql.raw(SEARCH_FOLD_SQL)}(${column}) = ${foldForSearch(value)}`;
}

/** Records not archived: `alias.archived_at IS NULL` (or the bare column without an alias). */
export function live(alias?: string): SQL {
  return alias ? sql`${sql.identifier(alias)}.archived_at IS NULL` : sql`archived_at IS NULL`;
}

/** The parts joined with AND; no parts is `1 = 1`. */
export function allOf(parts: readonly SQL[]): SQL {
  return parts.length ? sql.join(parts as SQL[], sql` AND `) : sql`1 = 1`;
}
