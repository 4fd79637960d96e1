import { describe, expect, it } from 'vitest';
import { databaseBefore, foundationRows, insertRows, migrateThrough, stamped, tableRows } from './harness';

const review = (id: string, extra: Record<string, unknown> = {}) =>
  stamped(id, { site_id: 's1', kind: 'periodic', reason: 'Every three months', due_on: '2026-06-01', ...extra });
const DONE = '2026-06-01T10:00:00.000Z';

// The new tables, the kind list and the due date's form are checked on a 0004 file in tests/db/migrations.test.ts.
describe('migration 0005: reviews', () => {
  it('one open review per site and kind: a done or skipped one no longer counts', () => {
    const db = databaseBefore(5);
    foundationRows(db);
    migrateThrough(db, 5);
    insertRows(db, 'reviews', [review('r1')]);
    expect(() => insertRows(db, 'reviews', [review('r2', { due_on: '2026-09-01' })])).toThrow(/UNIQUE constraint failed/);
    db.prepare("UPDATE reviews SET done_at = ?, done_by = 'ann', notes = 'Walked through' WHERE id = 'r1'").run(DONE);
    insertRows(db, 'reviews', [review('r2', { due_on: '2026-09-01' })]);
    db.prepare("UPDATE reviews SET skipped_at = ?, skipped_by = 'ann', skip_reason = 'Client review instead' WHERE id = 'r2'").run(DONE);
    insertRows(db, 'reviews', [review('r3', { due_on: '2026-12-01' })]);
    expect(tableRows(db, 'reviews').map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
  });

  it('done needs notes and who did it, skipped needs a reason and who skipped, never both; a snooze is a date', () => {
    const db = databaseBefore(5);
    foundationRows(db);
    migrateThrough(db, 5);
    expect(() => insertRows(db, 'reviews', [review('r1', { done_at: DONE, done_by: 'ann' })])).toThrow(/reviews_done_has_notes/);
    expect(() => insertRows(db, 'reviews', [review('r1', { skipped_at: DONE, skipped_by: 'ann' })])).toThrow(/reviews_skip_has_reason/);
    expect(() =>
      insertRows(db, 'reviews', [review('r1', { done_at: DONE, done_by: 'ann', notes: 'n', skipped_at: DONE, skipped_by: 'ann', skip_reason: 'r' })]),
    ).toThrow(/reviews_done_or_skipped/);
    expect(() => insertRows(db, 'reviews', [review('r1', { snoozed_until: 'next week' })])).toThrow(/reviews_snooze_is_a_date/);
    expect(() => insertRows(db, 'reviews', [review('r1', { owner_id: 'nobody' })])).toThrow(/FOREIGN KEY/);
  });

  it('a site has one review schedule, and an operator is listed once on a review', () => {
    const db = databaseBefore(5);
    foundationRows(db);
    migrateThrough(db, 5);
    insertRows(db, 'review_schedules', [stamped('sch1', { site_id: 's1', rrule: 'FREQ=MONTHLY;INTERVAL=3', start_on: '2026-03-01' })]);
    expect(() => insertRows(db, 'review_schedules', [stamped('sch2', { site_id: 's1', rrule: 'FREQ=MONTHLY', start_on: '2026-03-01' })])).toThrow(
      /UNIQUE constraint failed/,
    );
    insertRows(db, 'operators', [stamped('o1', { site_id: 's1', person_id: 'p1', role: 'editor' })]);
    insertRows(db, 'reviews', [review('r1')]);
    insertRows(db, 'review_operators', [stamped('ro1', { review_id: 'r1', operator_id: 'o1' })]);
    expect(() => insertRows(db, 'review_operators', [stamped('ro2', { review_id: 'r1', operator_id: 'o1' })])).toThrow(/UNIQUE constraint failed/);
  });
});
