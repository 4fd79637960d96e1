import { describe, expect, it } from 'vitest';
import { databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, tableRows } from './harness';

const item = (id: string, extra: Record<string, unknown>) =>
  stamped(id, { site_id: 's1', kind: 'checklist', item_id: 'reach-diagnostics', status: 'open', recorded_by: 'ann', ...extra });
const pause = (id: string, extra: Record<string, unknown> = {}) =>
  stamped(id, { site_id: 's1', paused_by: 'ann', reason: 'Wrong sizes published', paused_at: '2026-03-01T10:00:00.000Z', ...extra });

describe('migration 0003: readiness (checklist items, pauses, gate overrides)', () => {
  it('adds the readiness tables and keeps the sites', () => {
    const db = databaseBefore(3);
    foundationRows(db);
    migrateThrough(db, 3);
    expect(schemaNames(db, 'table')).toEqual(expect.arrayContaining(['gate_overrides', 'site_checklist_items', 'site_pause_workflows', 'site_pauses']));
    expect(tableRows(db, 'sites').map((s) => s.id)).toEqual(['s1']);
  });

  it('an item is recorded once per site, and not applicable or blocked needs a reason', () => {
    const db = databaseBefore(3);
    foundationRows(db);
    migrateThrough(db, 3);
    expect(() => insertRows(db, 'site_checklist_items', [item('i1', { status: 'blocked' })])).toThrow(/site_checklist_items_reason_needed/);
    expect(() => insertRows(db, 'site_checklist_items', [item('i1', { status: 'not_applicable' })])).toThrow(/site_checklist_items_reason_needed/);
    expect(() => insertRows(db, 'site_checklist_items', [item('i1', { status: 'skipped' })])).toThrow(/site_checklist_items_status_valid/);
    insertRows(db, 'site_checklist_items', [item('i1', { status: 'blocked', reason: 'Waiting for the host' })]);
    expect(() => insertRows(db, 'site_checklist_items', [item('i2', {})])).toThrow(/UNIQUE constraint failed/);
    // Before 0007, Done needed no evidence.
    insertRows(db, 'site_checklist_items', [item('i2', { item_id: 'pause-high-risk', status: 'done' })]);
  });

  it('a site has at most one open pause, and a resumed pause carries its note', () => {
    const db = databaseBefore(3);
    foundationRows(db);
    migrateThrough(db, 3);
    insertRows(db, 'site_pauses', [pause('z1')]);
    expect(() => insertRows(db, 'site_pauses', [pause('z2')])).toThrow(/UNIQUE constraint failed/);
    expect(() => db.prepare("UPDATE site_pauses SET resumed_at = ?, resumed_by = 'ann' WHERE id = 'z1'").run('2026-03-02T10:00:00.000Z')).toThrow(
      /site_pauses_resume_note/,
    );
    db.prepare("UPDATE site_pauses SET resumed_at = ?, resumed_by = 'ann', resume_note = 'Sizes corrected' WHERE id = 'z1'").run('2026-03-02T10:00:00.000Z');
    insertRows(db, 'site_pauses', [pause('z2')]);
    insertRows(db, 'site_pause_workflows', [stamped('w1', { pause_id: 'z2', workflow: 'product_copy' })]);
    expect(() => insertRows(db, 'site_pause_workflows', [stamped('w2', { pause_id: 'z2', workflow: 'product_copy' })])).toThrow(/UNIQUE constraint failed/);
    expect(() =>
      insertRows(db, 'gate_overrides', [
        stamped('g1', {
          site_id: 'gone',
          gate: 'invite_wider_team',
          action: 'stage',
          reasons: '[]',
          override_reason: 'Agreed',
          actor: 'ann',
          at: '2026-03-01T10:00:00.000Z',
        }),
      ]),
    ).toThrow(/FOREIGN KEY/);
  });
});
