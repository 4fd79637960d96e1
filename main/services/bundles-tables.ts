/** The bundled tables (main/bundles/tables.ts) as this workspace's schema has them: columns, foreign keys, and an order with parents first. */
import { sql } from 'drizzle-orm';
import type { ReadableDb } from '@db/client';
import { BUNDLED_TABLES, type BundledTable } from '../bundles/tables';

export interface ColumnInfo {
  name: string;
  type: string;
  notnull: boolean;
  hasDefault: boolean;
}

export interface TableShape {
  spec: BundledTable;
  columns: ColumnInfo[];
  /** Foreign keys: column -> referenced table (to its id). */
  refs: Map<string, string>;
}

/** The bundled tables as this workspace's schema has them, parents before children. */
export function tableShapes(db: ReadableDb): TableShape[] {
  const shapes = new Map<string, TableShape>();
  for (const spec of BUNDLED_TABLES) {
    const info = db.all<{ name: string; type: string; notnull: number; dflt_value: unknown }>(
      sql`SELECT name, type, "notnull", dflt_value FROM pragma_table_info(${spec.table}) ORDER BY cid`,
    );
    const columns = info.map((c) => ({
      name: c.name,
      type: c.type.toLowerCase(),
      notnull: c.notnull === 1,
      hasDefault: c.dflt_value !== null,
    }));
    if (columns.length === 0) throw new Error(`The bundled table ${spec.table} is not in this workspace.`);
    const refs = new Map(
      db.all<{ table: string; from: string }>(sql`SELECT "table", "from" FROM pragma_foreign_key_list(${spec.table})`).map((f) => [f.from, f.table]),
    );
    shapes.set(spec.table, { spec, columns, refs });
  }
  const ordered: TableShape[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: string) => {
    const shape = shapes.get(table);
    if (!shape || state.get(table) === 'done') return;
    if (state.get(table) === 'visiting') throw new Error(`The foreign keys of ${table} form a cycle.`);
    state.set(table, 'visiting');
    for (const parent of shape.refs.values()) if (parent !== table) visit(parent);
    state.set(table, 'done');
    ordered.push(shape);
  };
  for (const spec of BUNDLED_TABLES) visit(spec.table);
  return ordered;
}
