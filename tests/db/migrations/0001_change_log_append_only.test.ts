import { describe, expect, it } from 'vitest';
import { databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, tableRows } from './harness';

const entry = (id: string, summary: string) => ({
  id,
  entity: 'site',
  entity_id: 's1',
  site_id: 's1',
  action: 'create',
  summary,
  actor: 'ann',
  device: 'laptop',
  at: '2026-03-01T10:00:00.000Z',
});

// Opening a real 0000 file and migrating it (backup first, then the log refuses edits) is in tests/db/migrations.test.ts.
describe('migration 0001: the change log becomes append-only', () => {
  it('keeps the history written before it word for word, and history can still be appended', () => {
    const db = databaseBefore(1);
    foundationRows(db);
    insertRows(db, 'change_log', [entry('l1', 'Created site Northwind Shop'), entry('l2', 'Moved to setup')]);
    const before = tableRows(db, 'change_log');
    expect(schemaNames(db, 'trigger')).toEqual([]);

    migrateThrough(db, 1);
    expect(schemaNames(db, 'trigger')).toEqual(['change_log_no_delete', 'change_log_no_update']);
    expect(tableRows(db, 'change_log')).toEqual(before);
    insertRows(db, 'change_log', [entry('l3', 'Assigned the hosting owner')]);
    expect(tableRows(db, 'change_log').map((r) => r.id)).toEqual(['l1', 'l2', 'l3']);
  });

  it('refuses to edit or delete any row, old or new, and leaves it as written', () => {
    const db = databaseBefore(1);
    foundationRows(db);
    insertRows(db, 'change_log', [entry('l1', 'Created site Northwind Shop')]);
    migrateThrough(db, 1);
    insertRows(db, 'change_log', [entry('l2', 'Moved to setup')]);
    for (const id of ['l1', 'l2']) {
      expect(() => db.prepare("UPDATE change_log SET actor = 'mallory' WHERE id = ?").run(id)).toThrow('change_log is append-only');
      expect(() => db.prepare('DELETE FROM change_log WHERE id = ?').run(id)).toThrow('change_log is append-only');
    }
    expect(tableRows(db, 'change_log').map((r) => [r.id, r.actor])).toEqual([
      ['l1', 'ann'],
      ['l2', 'ann'],
    ]);
  });
});
