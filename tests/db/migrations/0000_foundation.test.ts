import { describe, expect, it } from 'vitest';
import { databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, tableRows } from './harness';

describe('migration 0000: foundation (clients, sites, people, owners, change log)', () => {
  it('creates the first tables on an empty database, and a site starts in planning', () => {
    const db = databaseBefore(0);
    expect(schemaNames(db, 'table')).toEqual([]);
    migrateThrough(db, 0);
    expect(schemaNames(db, 'table')).toEqual(['change_log', 'clients', 'owner_assignments', 'people', 'sites', 'workspace_meta']);
    foundationRows(db);
    insertRows(db, 'sites', [stamped('s2', { client_id: 'c1', name: 'Northwind Trade', production_url: 'https://trade.northwind.test' })]);
    expect(tableRows(db, 'sites').map((s) => [s.id, s.stage, s.version])).toEqual([
      ['s1', 'setup', 1],
      ['s2', 'planning', 1],
    ]);
  });

  it('refuses a blank client name, a second client of the same name in another case, and a site outside https', () => {
    const db = databaseBefore(0);
    migrateThrough(db, 0);
    foundationRows(db);
    expect(() => insertRows(db, 'clients', [stamped('c2', { name: '   ' })])).toThrow(/CHECK constraint failed: clients_name_not_blank/);
    expect(() => insertRows(db, 'clients', [stamped('c2', { name: 'NORTHWIND' })])).toThrow(/UNIQUE constraint failed/);
    expect(() => insertRows(db, 'sites', [stamped('s2', { client_id: 'c1', name: 'Old', production_url: 'http://old.northwind.test' })])).toThrow(
      /CHECK constraint failed: sites_production_https/,
    );
    expect(() => insertRows(db, 'sites', [stamped('s2', { client_id: 'c1', name: 'Odd', production_url: 'https://odd.test', stage: 'launched' })])).toThrow(
      /CHECK constraint failed: sites_stage_valid/,
    );
    expect(() => insertRows(db, 'sites', [stamped('s2', { client_id: 'nobody', name: 'Orphan', production_url: 'https://orphan.test' })])).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('a production URL is unique among active sites only: an archived site frees it', () => {
    const db = databaseBefore(0);
    migrateThrough(db, 0);
    foundationRows(db);
    const again = stamped('s2', { client_id: 'c1', name: 'Northwind Shop (new)', production_url: 'https://SHOP.northwind.test' });
    expect(() => insertRows(db, 'sites', [again])).toThrow(/UNIQUE constraint failed/);
    db.prepare("UPDATE sites SET archived_at = ? WHERE id = 's1'").run('2026-03-02T10:00:00.000Z');
    insertRows(db, 'sites', [again]);
    expect(tableRows(db, 'sites')).toHaveLength(2);
  });

  it('a person belongs to a client exactly when their organisation is the client', () => {
    const db = databaseBefore(0);
    migrateThrough(db, 0);
    foundationRows(db);
    expect(() => insertRows(db, 'people', [stamped('p2', { name: 'Sam', email: 'sam@northwind.test', organisation: 'client' })])).toThrow(
      /people_client_matches_organisation/,
    );
    expect(() => insertRows(db, 'people', [stamped('p2', { name: 'Sam', email: 'sam@agency.test', organisation: 'agency', client_id: 'c1' })])).toThrow(
      /people_client_matches_organisation/,
    );
    expect(() => insertRows(db, 'people', [stamped('p2', { name: 'Ann', email: 'ANN@agency.test', organisation: 'agency' })])).toThrow(
      /UNIQUE constraint failed/,
    );
    insertRows(db, 'people', [stamped('p2', { name: 'Sam', email: 'sam@northwind.test', organisation: 'client', client_id: 'c1' })]);
  });

  it('one active owner per responsibility, a backup other than the owner, and a verification with both its time and its verifier', () => {
    const db = databaseBefore(0);
    migrateThrough(db, 0);
    foundationRows(db);
    insertRows(db, 'people', [stamped('p2', { name: 'Bob Reyes', email: 'bob@agency.test', organisation: 'agency' })]);
    const owner = (id: string, extra: Record<string, unknown> = {}) => stamped(id, { site_id: 's1', responsibility: 'hosting', owner_id: 'p1', ...extra });
    insertRows(db, 'owner_assignments', [owner('o1')]);
    expect(() => insertRows(db, 'owner_assignments', [owner('o2')])).toThrow(/UNIQUE constraint failed/);
    expect(() => insertRows(db, 'owner_assignments', [owner('o2', { responsibility: 'backups', backup_owner_id: 'p1' })])).toThrow(
      /owner_assignments_backup_differs/,
    );
    expect(() => insertRows(db, 'owner_assignments', [owner('o2', { responsibility: 'backups', verified_at: '2026-03-01T10:00:00.000Z' })])).toThrow(
      /owner_assignments_verified_pair/,
    );
    expect(() => insertRows(db, 'owner_assignments', [owner('o2', { responsibility: 'gardening' })])).toThrow(/owner_assignments_responsibility_valid/);
    db.prepare("UPDATE owner_assignments SET archived_at = ? WHERE id = 'o1'").run('2026-03-02T10:00:00.000Z');
    insertRows(db, 'owner_assignments', [owner('o2', { owner_id: 'p2', backup_owner_id: 'p1' })]);
    expect(tableRows(db, 'owner_assignments').map((o) => [o.id, o.owner_id, o.archived_at !== null])).toEqual([
      ['o1', 'p1', true],
      ['o2', 'p2', false],
    ]);
  });
});
