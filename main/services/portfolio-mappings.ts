/**
 * Saved ways of reading portfolio spreadsheets (`portfolio.mappings`, `portfolio.deleteMapping`): a
 * mapping saved under a name when a file is imported (`saveMappingAs`), offered first by
 * `portfolio.inspect` for the next file with the same columns (the columns signature: names folded,
 * sorted), and by name to the command-line import (`--mapping`). Saving under a name in use replaces
 * that mapping; removing one archives it. Each is recorded in history as 'import_mapping'.
 */
import { eq, sql } from 'drizzle-orm';
import { columnsSignature } from '@core/activity/mapping';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import type { PortfolioMapping, SavedMapping } from '@core/contract/portfolio';
import type { ImportKind } from '@core/portfolio/fields';
import type { WritableDb } from '@db/client';
import { newId } from '@db/ids';
import { importMappingColumns, importMappings } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { notFound } from './errors';

interface MappingRow {
  id: string;
  name: string;
  kind: ImportKind;
  sheet: string | null;
  headerRow: number | null;
  delimiter: string | null;
  newPeople: 'agency' | 'client';
  columnNames: string;
  columnsSignature: string;
  updatedAt: string;
  version: number;
}

const SELECT = sql`SELECT id, name, kind, sheet, header_row AS headerRow, delimiter, new_people AS newPeople,
  column_names AS columnNames, columns_signature AS columnsSignature, updated_at AS updatedAt, version FROM import_mappings`;

function toSaved(ctx: Pick<HandlerContext, 'db'>, r: MappingRow): SavedMapping {
  const cols = ctx.db.all<{ field: string; column: string }>(
    sql`SELECT field, column_name AS "column" FROM import_mapping_columns WHERE mapping_id = ${r.id} ORDER BY field`,
  );
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    fileColumns: r.columnNames === '' ? [] : r.columnNames.split('\u001f'),
    updatedAt: r.updatedAt,
    mapping: {
      kind: r.kind,
      sheet: r.sheet,
      headerRow: r.headerRow,
      delimiter: r.delimiter as PortfolioMapping['delimiter'],
      newPeople: r.newPeople,
      columns: Object.fromEntries(cols.map((c) => [c.field, c.column])),
    },
  };
}

export function listMappings(ctx: HandlerContext): OutputOf<'portfolio.mappings'> {
  return ctx.db.all<MappingRow>(sql`${SELECT} WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, id`).map((r) => toSaved(ctx, r));
}

/** The saved mapping for files with these columns (the latest saved), or null. */
export function findSavedMapping(ctx: Pick<HandlerContext, 'db'>, columns: readonly string[]): SavedMapping | null {
  if (columns.length === 0) return null;
  const row = ctx.db.get<MappingRow>(
    sql`${SELECT} WHERE columns_signature = ${columnsSignature(columns)} AND archived_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT 1`,
  );
  return row ? toSaved(ctx, row) : null;
}

/** A saved mapping by its name (as saved, any case), or null. */
export function findMappingByName(ctx: Pick<HandlerContext, 'db'>, name: string): SavedMapping | null {
  const row = ctx.db.get<MappingRow>(
    sql`${SELECT} WHERE lower(name) = lower(${name.trim()}) AND archived_at IS NULL ORDER BY name = ${name.trim()} DESC LIMIT 1`,
  );
  return row ? toSaved(ctx, row) : null;
}

export function deleteMapping(ctx: WriteContext, input: ParsedInputOf<'portfolio.deleteMapping'>): OutputOf<'portfolio.deleteMapping'> {
  const row = ctx.db.get<MappingRow>(sql`${SELECT} WHERE id = ${input.id} AND archived_at IS NULL`);
  if (!row) throw notFound('Saved mapping', input.id);
  return mutate(ctx, 'import_mapping', (tx, at) => {
    tx.update(importMappings)
      .set({ archivedAt: at, updatedAt: at, version: row.version + 1 })
      .where(eq(importMappings.id, row.id))
      .run();
    recordChange(tx, ctx, at, {
      entity: 'import_mapping',
      entityId: row.id,
      action: 'archive',
      summary: `Removed the saved mapping “${row.name}”`,
      before: toSaved(ctx, row),
    });
    return { id: row.id };
  });
}

/**
 * Saves `mapping` under `name` for files with `fileColumns`, inside the caller's transaction; a live
 * mapping with that name is replaced (its columns rewritten), and the history row says what it held.
 */
export function saveMapping(tx: WritableDb, ctx: WriteContext, at: string, name: string, mapping: PortfolioMapping, fileColumns: readonly string[]): string {
  const existing = ctx.db.get<MappingRow>(sql`${SELECT} WHERE lower(name) = lower(${name}) AND archived_at IS NULL`);
  const before = existing ? toSaved(ctx, existing) : null;
  const values = {
    name,
    kind: mapping.kind,
    sheet: mapping.sheet,
    headerRow: mapping.headerRow,
    delimiter: mapping.delimiter,
    newPeople: mapping.newPeople,
    columnsSignature: columnsSignature(fileColumns),
    columnNames: fileColumns.join('\u001f'),
  };
  let id: string;
  if (existing) {
    id = existing.id;
    tx.update(importMappings)
      .set({ ...values, updatedAt: at, version: existing.version + 1 })
      .where(eq(importMappings.id, id))
      .run();
    tx.delete(importMappingColumns).where(eq(importMappingColumns.mappingId, id)).run();
  } else {
    id = newId();
    tx.insert(importMappings)
      .values({ id, createdAt: at, updatedAt: at, ...values })
      .run();
  }
  for (const [field, column] of Object.entries(mapping.columns)) {
    if (column) tx.insert(importMappingColumns).values({ id: newId(), createdAt: at, updatedAt: at, mappingId: id, field, columnName: column }).run();
  }
  const after = toSaved(ctx, { ...values, id, updatedAt: at, version: (existing?.version ?? 0) + 1 });
  recordChange(tx, ctx, at, {
    entity: 'import_mapping',
    entityId: id,
    action: existing ? 'update' : 'create',
    summary: existing ? `Replaced the saved mapping “${name}”` : `Saved the mapping “${name}” (${mapping.kind})`,
    ...(before ? { before } : {}),
    after,
  });
  return id;
}

/** Saves a mapping as its own write (one transaction, one history row). */
export function saveMappingNow(ctx: WriteContext, name: string, mapping: PortfolioMapping, fileColumns: readonly string[]): { id: string } {
  return mutate(ctx, 'import_mapping', (tx, at) => ({ id: saveMapping(tx, ctx, at, name, mapping, fileColumns) }));
}
