import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { IMPORT_KINDS } from '@core/portfolio/fields';
import { sqlValues, syncColumns } from './common';

/**
 * A saved way of reading one kind of portfolio spreadsheet (`portfolio.*`), offered again for the next
 * file whose columns are the same (`columns_signature`). Each mapped field is a row of
 * import_mapping_columns: one editable fact per row, nothing in a JSON blob.
 */
export const importMappings = sqliteTable(
  'import_mappings',
  {
    ...syncColumns(),
    name: text('name').notNull(),
    kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
    /** XLSX: the worksheet's name; null: the first sheet with data. */
    sheet: text('sheet'),
    /** The row holding the headers; null: found from the file. */
    headerRow: integer('header_row'),
    /** CSV: the delimiter; null: detected. */
    delimiter: text('delimiter'),
    /** Owner cells naming an unknown email add a person of this organisation. */
    newPeople: text('new_people', { enum: ['agency', 'client'] })
      .notNull()
      .default('agency'),
    /** The file's column names, case-folded, sorted and joined by U+001F: how a file is recognised. */
    columnsSignature: text('columns_signature').notNull(),
    /** The file's column names in file order, joined by U+001F (shown with the saved mapping). */
    columnNames: text('column_names').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [
    uniqueIndex('import_mappings_name')
      .on(t.name)
      .where(sql`${t.archivedAt} is null`),
    index('import_mappings_signature').on(t.columnsSignature),
    check('import_mappings_kind_valid', sql`${t.kind} in (${sqlValues(IMPORT_KINDS)})`),
    check('import_mappings_new_people_valid', sql`${t.newPeople} in ('agency', 'client')`),
    check('import_mappings_header_row_valid', sql`${t.headerRow} is null or ${t.headerRow} >= 1`),
  ],
);

/** One field of a saved mapping and the column it is read from. */
export const importMappingColumns = sqliteTable(
  'import_mapping_columns',
  {
    ...syncColumns(),
    mappingId: text('mapping_id')
      .notNull()
      .references(() => importMappings.id),
    field: text('field').notNull(),
    columnName: text('column_name').notNull(),
  },
  (t) => [uniqueIndex('import_mapping_columns_once').on(t.mappingId, t.field)],
);
