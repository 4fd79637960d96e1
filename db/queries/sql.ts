/**
 * Small SQL builders every query uses, so each shape is written once (docs/ARCHITECTURE.md, "Reading
 * data"): a bound `IN (…)` list, the search fold's LIKE patterns, URL matching, the live-records filter
 * and a `WHERE` made of optional parts. Values are always bound parameters, never spliced text.
 *
 * One style for reads (what the services do): a raw `sql` template read with `ctx.db.get<Row>` /
 * `ctx.db.all<Row>`, its WHERE built from these helpers.
 * - A read whose row is the answer selects camelCase aliases (`created_at AS createdAt`) and types the
 *   row inline when it is small, or as `Pick<typeof table.$inferSelect, …>` when it is plain columns.
 * - A read whose row a `toX` function turns into a contract shape (joined names, counts, 0/1 flags)
 *   keeps SQLite's column names and takes its row type from db/queries/rows.ts.
 * - The query builder (`db.select().from(table).where(eq(…))`) is preferred for a plain read of one
 *   table with no joins, subqueries or computed columns, where the schema types the result; writes use
 *   the builder's insert / update with the schema's columns.
 * Reads live in main/services/ or a db/queries/ module, never in the CLI, jobs, handlers or the RPC layer.
 */
import { sql, type SQL } from 'drizzle-orm';
import { foldForSearch, SEARCH_FOLD_SQL } from '@core/search-fold';
import { URL_SEARCH_FOLD_SQL } from '../sql-functions';

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

/**
 * `fold(column) LIKE pattern`, for one column of a search. Plain ASCII text (a character count equal to
 * its byte count) folds to its ASCII lower case, which LIKE already ignores, so only other text pays
 * for a call of fold(): a search over 10,000 names stays inside SQLite.
 */
export function searchMatch(column: SQL, pattern: string): SQL {
  return sql`(CASE WHEN length(${column}) = length(CAST(${column} AS BLOB)) THEN ${column} ELSE ${sql.raw(SEARCH_FOLD_SQL)}(${column}) END) LIKE ${pattern} ESCAPE '\\'`;
}

/**
 * A stored URL matching a search pattern as stored and as people read it. URLs are stored in ASCII
 * (punycode host, percent-encoded path), where the search fold is plain ASCII lower case, so lower() is
 * that fold without a call per row; only a URL with a punycode label or a percent escape is also
 * decoded (bücher.example.com/café) and folded, so "bücher" and "café" find it.
 */
export function urlSearchMatch(column: SQL, pattern: string): SQL {
  return sql`(lower(${column}) LIKE ${pattern} ESCAPE '\\'
    OR ((instr(${column}, 'xn--') > 0 OR instr(${column}, '%') > 0) AND ${sql.raw(URL_SEARCH_FOLD_SQL)}(${column}) LIKE ${pattern} ESCAPE '\\'))`;
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
