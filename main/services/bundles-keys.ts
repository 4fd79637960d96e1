/**
 * The unique keys of a bundled table, read from its indexes (PRAGMA index_list / index_info and the
 * index's own CREATE statement), never from a hand list: what the schema says is one record is what a
 * bundle's row is matched by, and what would refuse it. A key is evaluated on a bundle's row with the
 * index's own expressions and WHERE clause (in the scratch database), then looked up here with the same
 * expressions, so `lower("name")` and a partial index's condition mean the same on both sides.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import type { ReadableDb } from '@db/client';
import type { BundleRow } from '../bundles/format';

export interface UniqueKey {
  name: string;
  /** The key's parts as the index writes them (a column or an expression). */
  exprs: string[];
  /** The plain columns of the key (expressions name the columns they read). */
  columns: string[];
  /** A partial index's condition, or null. */
  where: string | null;
}

/** The parts between the parentheses that follow `ON <table>`, split at top-level commas, and the WHERE after them. */
function parseIndex(text: string): { exprs: string[]; where: string | null } | null {
  const on = /\bON\s+(?:`[^`]+`|"[^"]+"|\[[^\]]+\]|\w+)\s*\(/i.exec(text);
  if (!on) return null;
  const exprs: string[] = [];
  let depth = 1;
  let part = '';
  let quote: string | null = null;
  let i = on.index + on[0].length;
  for (; i < text.length && depth > 0; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === '`' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) break;
    else if (ch === ',' && depth === 1) {
      exprs.push(part.trim());
      part = '';
      continue;
    }
    part += ch;
  }
  exprs.push(part.trim());
  const rest = text.slice(i + 1).trim();
  const where = /^WHERE\s+([\s\S]+)$/i.exec(rest);
  return { exprs, where: where ? where[1]!.trim() : null };
}

/** The table's unique keys other than its id. */
export function uniqueKeys(db: ReadableDb, table: string): UniqueKey[] {
  const out: UniqueKey[] = [];
  const indexes = db.all<{ name: string; unique: number; origin: string }>(sql`SELECT name, "unique", origin FROM pragma_index_list(${table})`);
  for (const ix of indexes) {
    if (ix.unique !== 1 || ix.origin === 'pk') continue;
    const cols = db.all<{ name: string | null }>(sql`SELECT name FROM pragma_index_info(${ix.name}) ORDER BY seqno`);
    if (cols.length === 1 && cols[0]!.name === 'id') continue;
    const text = db.get<{ sql: string | null }>(sql`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ${ix.name}`)?.sql ?? null;
    const parsed = text ? parseIndex(text) : null;
    const exprs = parsed?.exprs ?? cols.map((c) => `"${c.name}"`);
    const columns = [...new Set(exprs.flatMap((e) => [...e.matchAll(/[`"]([a-z_][a-z0-9_]*)[`"]\s*(?![.\w])/gi)].map((m) => m[1]!)))];
    out.push({ name: ix.name, exprs, columns, where: parsed?.where ?? null });
  }
  return out;
}

/** What a user reads for a key: "name", "site and kind". */
export const keyLabel = (key: UniqueKey) => key.columns.map((c) => c.replace(/_id$/, '').replace(/_/g, ' ')).join(' and ');

/** Prepared once per scratch database and key: a bundle of everything evaluates keys for every row. */
const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * The key's values for a bundle's row (its references already mapped to the ids they have here), or
 * null when the key does not apply to it: the partial index's condition is false, or a part is null
 * (a unique index never compares nulls).
 */
export function keyValues(scratch: BetterSqlite3.Database, table: string, columns: string[], key: UniqueKey, row: BundleRow): unknown[] | null {
  const select = columns.map((c) => `? AS "${c}"`).join(', ');
  const text = `SELECT ${key.exprs.map((e, i) => `${e} AS k${i}`).join(', ')} FROM (SELECT ${select}) AS "${table}"${key.where ? ` WHERE ${key.where}` : ''}`;
  let cache = statements.get(scratch);
  if (!cache) statements.set(scratch, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = scratch.prepare(text)));
  const got = statement.get(...columns.map((c) => row[c] as never)) as Record<string, unknown> | undefined;
  if (!got) return null;
  const values = key.exprs.map((_, i) => got[`k${i}`]);
  return values.some((v) => v === null || v === undefined) ? null : values;
}

/** The row here that holds the key's values, if any (`extra`: a further condition, e.g. live rows only). */
export function rowByKey(db: ReadableDb, table: string, key: UniqueKey, values: unknown[], extra?: string): BundleRow | undefined {
  const terms = key.exprs.map((e, i) => sql`${sql.raw(e)} = ${values[i] as string | number}`);
  if (key.where) terms.push(sql.raw(`(${key.where})`));
  if (extra) terms.push(sql.raw(extra));
  return db.get<BundleRow>(sql`SELECT * FROM ${sql.identifier(table)} WHERE ${sql.join(terms, sql` AND `)} LIMIT 1`);
}
