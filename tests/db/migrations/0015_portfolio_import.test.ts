import { describe, expect, it } from 'vitest';
import { columnsOf, databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, tableRows, type DB } from './harness';

function world(): DB {
  const db = databaseBefore(15);
  foundationRows(db);
  return db;
}

const mapping = (id: string, extra: Record<string, unknown> = {}) =>
  stamped(id, {
    name: `Mapping ${id}`,
    kind: 'sites',
    new_people: 'agency',
    columns_signature: 'client\u001fsite\u001furl',
    column_names: 'Client\u001fSite\u001fURL',
    ...extra,
  });

describe('migration 0015: portfolio import mappings', () => {
  it('adds the saved mappings and their columns, leaving the rows already there as they were', () => {
    const db = world();
    const sitesBefore = tableRows(db, 'sites');
    migrateThrough(db, 15);
    expect(tableRows(db, 'sites')).toEqual(sitesBefore);
    expect(columnsOf(db, 'import_mappings')).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'kind',
        'sheet',
        'header_row',
        'delimiter',
        'new_people',
        'columns_signature',
        'column_names',
        'archived_at',
        'version',
      ]),
    );
    expect(columnsOf(db, 'import_mapping_columns')).toEqual(expect.arrayContaining(['mapping_id', 'field', 'column_name']));
    expect(schemaNames(db, 'index')).toEqual(expect.arrayContaining(['import_mappings_name', 'import_mappings_signature', 'import_mapping_columns_once']));
    insertRows(db, 'import_mappings', [mapping('m1')]);
    expect(tableRows(db, 'import_mappings')[0]).toMatchObject({ version: 1, new_people: 'agency', sheet: null, header_row: null, archived_at: null });
  });

  it('refuses an unknown kind or organisation, a header row below 1, and a second live mapping of the same name', () => {
    const db = world();
    migrateThrough(db, 15);
    expect(() => insertRows(db, 'import_mappings', [mapping('m1', { kind: 'invoices' })])).toThrow(/CHECK constraint failed/);
    expect(() => insertRows(db, 'import_mappings', [mapping('m2', { new_people: 'vendor' })])).toThrow(/CHECK constraint failed/);
    expect(() => insertRows(db, 'import_mappings', [mapping('m3', { header_row: 0 })])).toThrow(/CHECK constraint failed/);
    insertRows(db, 'import_mappings', [mapping('m4', { name: 'Agency sheet', archived_at: '2026-03-02T10:00:00.000Z' })]);
    insertRows(db, 'import_mappings', [mapping('m5', { name: 'Agency sheet' })]);
    expect(() => insertRows(db, 'import_mappings', [mapping('m6', { name: 'Agency sheet' })])).toThrow(/UNIQUE constraint failed/);
  });

  it('keeps each field of a mapping once, and only for a mapping that exists', () => {
    const db = world();
    migrateThrough(db, 15);
    insertRows(db, 'import_mappings', [mapping('m1')]);
    const column = (id: string, extra: Record<string, unknown>) => stamped(id, { mapping_id: 'm1', field: 'name', column_name: 'Site', ...extra });
    insertRows(db, 'import_mapping_columns', [column('c1', {})]);
    expect(() => insertRows(db, 'import_mapping_columns', [column('c2', { column_name: 'Other' })])).toThrow(/UNIQUE constraint failed/);
    expect(() => insertRows(db, 'import_mapping_columns', [column('c3', { mapping_id: 'missing', field: 'client' })])).toThrow(/FOREIGN KEY constraint failed/);
  });
});
