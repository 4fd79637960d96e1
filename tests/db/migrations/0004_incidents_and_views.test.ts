import { describe, expect, it } from 'vitest';
import { databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, tableRows } from './harness';

const incident = (id: string, extra: Record<string, unknown> = {}) =>
  stamped(id, {
    site_id: 's1',
    severity: 'high',
    title: 'Wrong sizes published',
    what_happened: 'A plan changed size charts',
    affected_workflow: 'product_copy',
    occurred_at: '2026-03-01T09:00:00.000Z',
    opened_by: 'ann',
    ...extra,
  });

describe('migration 0004: incidents and saved views', () => {
  it('adds the tables; an incident opens as open', () => {
    const db = databaseBefore(4);
    foundationRows(db);
    migrateThrough(db, 4);
    expect(schemaNames(db, 'table')).toEqual(expect.arrayContaining(['incident_events', 'incidents', 'saved_views']));
    insertRows(db, 'incidents', [incident('n1')]);
    expect(tableRows(db, 'incidents')[0]).toMatchObject({ status: 'open', prevention_owner_id: null });
  });

  it('an incident is resolved only with its prevention owner, regression check and time; severity and status are from the lists', () => {
    const db = databaseBefore(4);
    foundationRows(db);
    migrateThrough(db, 4);
    expect(() => insertRows(db, 'incidents', [incident('n1', { severity: 'urgent' })])).toThrow(/incidents_severity_valid/);
    expect(() => insertRows(db, 'incidents', [incident('n1', { status: 'closed' })])).toThrow(/incidents_status_valid/);
    insertRows(db, 'incidents', [incident('n1')]);
    expect(() => db.prepare("UPDATE incidents SET status = 'resolved', resolved_at = ? WHERE id = 'n1'").run('2026-03-02T10:00:00.000Z')).toThrow(
      /incidents_resolved_needs_prevention/,
    );
    db.prepare(
      "UPDATE incidents SET status = 'resolved', resolved_at = ?, prevention_owner_id = 'p1', regression_check = 'Sizes rechecked' WHERE id = 'n1'",
    ).run('2026-03-02T10:00:00.000Z');
    expect(() => db.prepare("UPDATE incidents SET prevention_owner_id = 'nobody' WHERE id = 'n1'").run()).toThrow(/FOREIGN KEY/);
    insertRows(db, 'incident_events', [stamped('e1', { incident_id: 'n1', at: '2026-03-02T10:00:00.000Z', actor: 'ann', kind: 'resolved', text: 'Resolved' })]);
    expect(() =>
      insertRows(db, 'incident_events', [stamped('e2', { incident_id: 'gone', at: '2026-03-02T10:00:00.000Z', actor: 'ann', kind: 'note', text: 'x' })]),
    ).toThrow(/FOREIGN KEY/);
  });

  it('a saved view has a name, unique among active views in any case; an archived view frees it', () => {
    const db = databaseBefore(4);
    migrateThrough(db, 4);
    const view = (id: string, name: string) => stamped(id, { name, query: 'stage=pilot' });
    expect(() => insertRows(db, 'saved_views', [view('v1', '  ')])).toThrow(/saved_views_name_not_blank/);
    insertRows(db, 'saved_views', [view('v1', 'Pilot sites')]);
    expect(() => insertRows(db, 'saved_views', [view('v2', 'PILOT SITES')])).toThrow(/UNIQUE constraint failed/);
    db.prepare("UPDATE saved_views SET archived_at = ? WHERE id = 'v1'").run('2026-03-02T10:00:00.000Z');
    insertRows(db, 'saved_views', [view('v2', 'PILOT SITES')]);
  });
});
