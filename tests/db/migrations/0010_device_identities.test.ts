import { describe, expect, it } from 'vitest';
import { databaseBefore, foundationRows, insertRows, migrateThrough, stamped, tableRows } from './harness';

const row = (id: string, seq: number, actor: string) => ({
  id,
  entity: 'site',
  entity_id: 's1',
  site_id: 's1',
  action: 'update',
  summary: `Change ${id}`,
  actor,
  device: 'laptop',
  at: '2026-03-01T10:00:00.000Z',
  seq,
  content_hash: `c${seq}`,
  hash: `h${seq}`,
});
const deviceLogins = (db: ReturnType<typeof databaseBefore>) =>
  JSON.parse((db.prepare("SELECT value FROM workspace_meta WHERE key = 'history.deviceLogins'").get() as { value: string }).value) as string[];

describe('migration 0010: device identities', () => {
  it('lists once, in order, the operating-system logins history was written under, and leaves history as written', () => {
    const db = databaseBefore(10);
    foundationRows(db);
    insertRows(db, 'change_log', [row('l1', 1, 'zoe'), row('l2', 2, 'ann'), row('l3', 3, 'zoe'), row('l4', 4, 'ann@laptop')]);
    const history = tableRows(db, 'change_log');
    migrateThrough(db, 10);
    expect(deviceLogins(db)).toEqual(['ann', 'ann@laptop', 'zoe']);
    expect(tableRows(db, 'change_log')).toEqual(history);
  });

  it('an empty history lists no device logins', () => {
    const db = databaseBefore(10);
    migrateThrough(db, 10);
    expect(deviceLogins(db)).toEqual([]);
  });

  it('a device names a person of the workspace, or nobody once the choice is cleared', () => {
    const db = databaseBefore(10);
    foundationRows(db);
    migrateThrough(db, 10);
    insertRows(db, 'device_identities', [stamped('ann@laptop', { person_id: 'p1' }), stamped('sam@desk', { person_id: null })]);
    expect(() => insertRows(db, 'device_identities', [stamped('eve@kiosk', { person_id: 'nobody' })])).toThrow(/FOREIGN KEY/);
    expect(() => insertRows(db, 'device_identities', [stamped('ann@laptop', { person_id: null })])).toThrow(/UNIQUE constraint failed/);
    expect(tableRows(db, 'device_identities').map((d) => [d.id, d.person_id, d.version])).toEqual([
      ['ann@laptop', 'p1', 1],
      ['sam@desk', null, 1],
    ]);
  });
});
