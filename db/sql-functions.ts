/**
 * Functions every workspace connection provides to SQL. `fold(text)` is the search fold of
 * core/search-fold.ts, so a query compares `fold(column) LIKE <folded search text>` with the very
 * rule the TypeScript side applies to the typed text.
 */
import { domainToUnicode } from 'node:url';
import type Database from 'better-sqlite3';
import { foldForSearch, SEARCH_FOLD_SQL } from '@core/search-fold';

/** The name of the SQL function that gives a stored URL as a reader types it, in the search fold. */
export const URL_SEARCH_FOLD_SQL = 'fold_url';

const ESCAPED_BYTES = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * A stored URL as people read and type it: URL normalisation stores a host such as bücher.example.com
 * as punycode (xn--bcher-kva.example.com) and a path such as /café percent-encoded (/caf%C3%A9); this
 * gives back bücher.example.com/café. What cannot be decoded (not punycode, not UTF-8) stays as stored.
 */
export function readableUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/:]*)(.*)$/i.exec(url);
  if (!m) return url;
  const [, scheme, host, rest] = m as unknown as [string, string, string, string];
  const unicodeHost = host.includes('xn--') ? domainToUnicode(host) || host : host;
  const path = rest.replace(ESCAPED_BYTES, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
  return `${scheme}${unicodeHost}${path}`;
}

export function registerSqlFunctions(sqlite: Database.Database): void {
  sqlite.function(SEARCH_FOLD_SQL, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldForSearch(value) : value));
  sqlite.function(URL_SEARCH_FOLD_SQL, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldForSearch(readableUrl(value)) : value));
}
