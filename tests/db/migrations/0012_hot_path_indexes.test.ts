import { describe, expect, it } from 'vitest';
import { AT, databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, type DB } from './harness';

const assignment = (id: string, site: string, responsibility: string, extra: Record<string, unknown> = {}) =>
  stamped(id, { site_id: site, responsibility, owner_id: 'p1', ...extra });
const verified = { verified_at: AT, verified_by_id: 'p2' };

/** The owner figures counted now, the straightforward way, for every site. */
function recount(db: DB) {
  return db
    .prepare(
      `SELECT s.id AS site_id,
         (SELECT count(*) FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL) AS assigned,
         (SELECT count(*) FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL AND oa.verified_at IS NULL) AS unverified,
         EXISTS (SELECT 1 FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL AND oa.responsibility = 'setup') AS setup_owner
       FROM sites s ORDER BY s.id`,
    )
    .all();
}
const stored = (db: DB) => db.prepare('SELECT site_id, assigned, unverified, setup_owner FROM site_owner_stats ORDER BY site_id').all();

function twoSites(db: DB) {
  foundationRows(db);
  insertRows(db, 'people', [stamped('p2', { name: 'Ben Ode', email: 'ben@agency.test', organisation: 'agency' })]);
  insertRows(db, 'sites', [stamped('s2', { client_id: 'c1', name: 'Northwind Blog', production_url: 'https://blog.northwind.test', stage: 'planning' })]);
}

describe('migration 0012: hot path indexes and stored owner figures', () => {
  it('counts the owners of every existing site: live ones, unverified ones, and whether one is the setup owner', () => {
    const db = databaseBefore(12);
    twoSites(db);
    insertRows(db, 'owner_assignments', [
      assignment('a1', 's1', 'setup', verified),
      assignment('a2', 's1', 'primary'),
      assignment('a3', 's1', 'hosting', { archived_at: AT }),
      assignment('a4', 's2', 'backups', verified),
    ]);
    migrateThrough(db, 12);
    expect(stored(db)).toEqual([
      { site_id: 's1', assigned: 2, unverified: 1, setup_owner: 1 },
      { site_id: 's2', assigned: 1, unverified: 0, setup_owner: 0 },
    ]);
  });

  it('keeps the figures equal to a count made now through every kind of write, by any writer', () => {
    const db = databaseBefore(12);
    twoSites(db);
    migrateThrough(db, 12);
    const steps: [string, () => void][] = [
      [
        'a new site starts with no owners',
        () => insertRows(db, 'sites', [stamped('s3', { client_id: 'c1', name: 'Third', production_url: 'https://third.test' })]),
      ],
      ['an owner is assigned', () => insertRows(db, 'owner_assignments', [assignment('a1', 's1', 'setup'), assignment('a2', 's1', 'primary')])],
      ['an owner is verified', () => db.prepare("UPDATE owner_assignments SET verified_at = ?, verified_by_id = 'p2' WHERE id = 'a1'").run(AT)],
      ['an assignment moves to another site', () => db.prepare("UPDATE owner_assignments SET site_id = 's2' WHERE id = 'a2'").run()],
      ['a responsibility changes', () => db.prepare("UPDATE owner_assignments SET responsibility = 'hosting' WHERE id = 'a1'").run()],
      ['an owner is unassigned (archived)', () => db.prepare("UPDATE owner_assignments SET archived_at = ? WHERE id = 'a2'").run(AT)],
      ['the setup owner is assigned again', () => insertRows(db, 'owner_assignments', [assignment('a3', 's1', 'setup')])],
      ['an assignment row is deleted outside the app', () => db.prepare("DELETE FROM owner_assignments WHERE id = 'a3'").run()],
      ['a note changes, nothing else', () => db.prepare("UPDATE owner_assignments SET note = 'x' WHERE id = 'a1'").run()],
    ];
    for (const [what, step] of steps) {
      step();
      expect(stored(db), what).toEqual(recount(db));
    }
    expect(stored(db)).toContainEqual({ site_id: 's1', assigned: 1, unverified: 0, setup_owner: 0 });
  });

  it('a site removed outside the app takes its figures with it; a figure needs its site', () => {
    const db = databaseBefore(12);
    twoSites(db);
    migrateThrough(db, 12);
    db.prepare("DELETE FROM sites WHERE id = 's2'").run();
    expect(stored(db)).toEqual([{ site_id: 's1', assigned: 0, unverified: 0, setup_owner: 0 }]);
    expect(() => insertRows(db, 'site_owner_stats', [{ site_id: 'nowhere' }])).toThrow(/FOREIGN KEY/);
  });

  it('adds the indexes the hot reads use, and a person named by name is found through one', () => {
    const db = databaseBefore(12);
    migrateThrough(db, 12);
    expect(schemaNames(db, 'index')).toEqual(
      expect.arrayContaining([
        'site_owner_stats_assigned_idx',
        'sites_live_name_idx',
        'sites_live_updated_idx',
        'sites_archived_name_idx',
        'sites_live_stage_idx',
        'clients_name_nocase_idx',
        'people_name_lower_idx',
        'owner_assignments_site_idx',
      ]),
    );
    const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT id FROM people WHERE lower(name) = lower(?)').all('Ann Lee') as { detail: string }[]).map(
      (p) => p.detail,
    );
    expect(plan.join('\n')).toContain('USING INDEX people_name_lower_idx');
    const list = (
      db.prepare('EXPLAIN QUERY PLAN SELECT id FROM sites WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, id LIMIT 100').all() as { detail: string }[]
    ).map((p) => p.detail);
    expect(list).toEqual(['SCAN sites USING INDEX sites_live_name_idx']);
  });
});
