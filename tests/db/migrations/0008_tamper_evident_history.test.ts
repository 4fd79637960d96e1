import { describe, expect, it } from 'vitest';
import { columnsOf, databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, tableRows } from './harness';

const entry = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  entity: 'site',
  entity_id: 's1',
  site_id: 's1',
  action: 'update',
  summary: `Change ${id}`,
  actor: 'ann',
  device: 'laptop',
  at: '2026-03-01T10:00:00.000Z',
  ...extra,
});
const sealed = (id: string, seq: number) => entry(id, { seq, content_hash: `content-${seq}`, hash: `hash-${seq}` });

describe('migration 0008: tamper-evident history', () => {
  it('keeps the history written before it, unsealed (the app seals it once on opening), and archives review schedules', () => {
    const db = databaseBefore(8);
    foundationRows(db);
    insertRows(db, 'change_log', [entry('l1'), entry('l2')]);
    insertRows(db, 'review_schedules', [stamped('sch1', { site_id: 's1', rrule: 'FREQ=MONTHLY;INTERVAL=3', start_on: '2026-03-01' })]);
    migrateThrough(db, 8);
    expect(columnsOf(db, 'change_log')).toEqual(expect.arrayContaining(['seq', 'content_hash', 'hash']));
    expect(tableRows(db, 'change_log').map((r) => [r.id, r.summary, r.seq, r.content_hash, r.hash])).toEqual([
      ['l1', 'Change l1', null, null, null],
      ['l2', 'Change l2', null, null, null],
    ]);
    expect(tableRows(db, 'review_schedules')[0]).toMatchObject({ id: 'sch1', archived_at: null });
    expect(schemaNames(db, 'trigger')).toEqual(expect.arrayContaining(['change_log_no_replace', 'change_log_sealed_rows_only']));
  });

  it('refuses a new row that is not sealed, one that replaces a row, and one that does not come after the last', () => {
    const db = databaseBefore(8);
    foundationRows(db);
    migrateThrough(db, 8);
    expect(() => insertRows(db, 'change_log', [entry('l1')])).toThrow('change_log rows must be sealed: seq, content_hash and hash are required');
    expect(() => insertRows(db, 'change_log', [entry('l1', { seq: 1, content_hash: 'c' })])).toThrow(/must be sealed/);
    insertRows(db, 'change_log', [sealed('l1', 1), sealed('l2', 2)]);
    expect(() =>
      db
        .prepare(
          "INSERT OR REPLACE INTO change_log (id, entity, entity_id, action, summary, actor, device, at, seq, content_hash, hash) VALUES ('l2', 'site', 's1', 'update', 'Forged', 'mallory', 'x', 't', 3, 'c', 'h')",
        )
        .run(),
    ).toThrow('change_log is append-only: a history row cannot be replaced');
    expect(() => insertRows(db, 'change_log', [sealed('l3', 2)])).toThrow(/cannot be replaced/);
    expect(() => insertRows(db, 'change_log', [sealed('l3', 1)])).toThrow(/cannot be replaced/);
    insertRows(db, 'change_log', [sealed('l3', 3)]);
    expect(tableRows(db, 'change_log').map((r) => [r.id, r.seq, r.summary])).toEqual([
      ['l1', 1, 'Change l1'],
      ['l2', 2, 'Change l2'],
      ['l3', 3, 'Change l3'],
    ]);
  });
});
