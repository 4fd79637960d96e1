import { describe, expect, it } from 'vitest';
import { columnsOf, databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, tableRows, type DB } from './harness';

function world(): DB {
  const db = databaseBefore(16);
  foundationRows(db);
  return db;
}

const delivery = (id: string, extra: Record<string, unknown> = {}) =>
  stamped(id, { day: '2026-03-02', recipient: 'lead@agency.test', kind: 'digest', status: 'sent', ...extra });

describe('migration 0016: reminder preferences and e-mail deliveries', () => {
  it('gives every person already there desktop reminders and no quiet hours, leaving the rest of the row as it was', () => {
    const db = world();
    const before = tableRows(db, 'people')[0]!;
    migrateThrough(db, 16);
    const after = tableRows(db, 'people')[0]!;
    expect(after).toEqual({ ...before, reminder_channel: 'desktop', quiet_hours_start: null, quiet_hours_end: null });
    insertRows(db, 'people', [
      stamped('p2', {
        name: 'Bo Ek',
        email: 'bo@agency.test',
        organisation: 'agency',
        reminder_channel: 'email',
        quiet_hours_start: '22:00',
        quiet_hours_end: '07:00',
      }),
    ]);
    expect(tableRows(db, 'people').find((p) => p.id === 'p2')).toMatchObject({ reminder_channel: 'email', quiet_hours_start: '22:00' });
  });

  it('adds the deliveries table with its columns and indexes', () => {
    const db = world();
    migrateThrough(db, 16);
    expect(columnsOf(db, 'reminder_deliveries')).toEqual(
      expect.arrayContaining([
        'id',
        'day',
        'recipient',
        'kind',
        'status',
        'attempts',
        'error',
        'next_attempt_at',
        'reviews',
        'message_id',
        'sent_at',
        'version',
      ]),
    );
    expect(schemaNames(db, 'index')).toEqual(expect.arrayContaining(['reminder_deliveries_digest_once', 'reminder_deliveries_updated']));
    insertRows(db, 'reminder_deliveries', [delivery('d1')]);
    expect(tableRows(db, 'reminder_deliveries')[0]).toMatchObject({ attempts: 0, reviews: 0, error: null, next_attempt_at: null, version: 1 });
  });

  it('keeps one daily digest per day and address, while test messages may repeat', () => {
    const db = world();
    migrateThrough(db, 16);
    insertRows(db, 'reminder_deliveries', [delivery('d1')]);
    expect(() => insertRows(db, 'reminder_deliveries', [delivery('d2', { status: 'sending' })])).toThrow(/UNIQUE constraint failed/);
    insertRows(db, 'reminder_deliveries', [delivery('d3', { recipient: 'other@agency.test' }), delivery('d4', { day: '2026-03-03' })]);
    insertRows(db, 'reminder_deliveries', [delivery('t1', { kind: 'test' }), delivery('t2', { kind: 'test' })]);
    expect(tableRows(db, 'reminder_deliveries')).toHaveLength(5);
  });

  it('refuses an unknown kind or status and a negative attempt count', () => {
    const db = world();
    migrateThrough(db, 16);
    expect(() => insertRows(db, 'reminder_deliveries', [delivery('d1', { kind: 'weekly' })])).toThrow(/CHECK constraint failed/);
    expect(() => insertRows(db, 'reminder_deliveries', [delivery('d2', { status: 'queued' })])).toThrow(/CHECK constraint failed/);
    expect(() => insertRows(db, 'reminder_deliveries', [delivery('d3', { attempts: -1 })])).toThrow(/CHECK constraint failed/);
  });
});
