import { describe, expect, it } from 'vitest';
import { AT, columnsOf, databaseBefore, foundationRows, insertRows, migrateThrough, schemaNames, stamped, tableRows, type DB } from './harness';

const facts = (id: string, extra: Record<string, unknown> = {}) =>
  stamped(id, {
    site_id: 's1',
    known_good_sophmate: '2.4.1',
    known_good_recorded_on: '2026-03-01',
    backup_location: 'Host panel → Backups',
    last_backup_on: '2026-02-28',
    last_rehearsal_on: '2026-02-20',
    diagnostics_location: 'SophMate → Diagnostics',
    vendor_support: 'SophMate support, support@sophmate.example, licence in the agency vault',
    pause_instructions: 'SophMate → Workflows → Pause all',
    ...extra,
  });

function world(row = facts('f1')): DB {
  const db = databaseBefore(14);
  foundationRows(db);
  insertRows(db, 'site_runbook_facts', [row]);
  return db;
}

describe('migration 0014: runbook', () => {
  it('moves each free-text fact to its new home on the same site, and drops the old columns', () => {
    const db = world();
    migrateThrough(db, 14);
    const values = tableRows(db, 'runbook_values').map((r) => [r.site_id, r.client_id, r.key, r.value]);
    expect(values).toEqual(
      expect.arrayContaining([
        ['s1', null, 'backupLocation', 'Host panel → Backups'],
        ['s1', null, 'diagnosticsLocation', 'SophMate → Diagnostics'],
        ['s1', null, 'pauseInstructions', 'SophMate → Workflows → Pause all'],
      ]),
    );
    expect(values).toHaveLength(3);
    expect(tableRows(db, 'runbook_vendors').map((r) => [r.site_id, r.kind, r.notes])).toEqual([
      ['s1', 'sophmate', 'SophMate support, support@sophmate.example, licence in the agency vault'],
    ]);
    expect(columnsOf(db, 'site_runbook_facts')).toEqual(expect.arrayContaining(['known_good_woocommerce', 'last_backup_on']));
    for (const gone of ['backup_location', 'last_rehearsal_on', 'diagnostics_location', 'vendor_support', 'pause_instructions'])
      expect(columnsOf(db, 'site_runbook_facts')).not.toContain(gone);
    expect(tableRows(db, 'site_runbook_facts')[0]).toMatchObject({ last_backup_on: '2026-02-28', known_good_sophmate: '2.4.1' });
  });

  it('keeps a rehearsal day recorded before outcomes were, as an unknown outcome that does not count as passed', () => {
    const db = world();
    migrateThrough(db, 14);
    expect(tableRows(db, 'rollback_rehearsals').map((r) => [r.site_id, r.rehearsed_on, r.outcome])).toEqual([['s1', '2026-02-20', 'unknown']]);
  });

  it('moves nothing that was blank', () => {
    const db = world(facts('f1', { backup_location: '  ', diagnostics_location: null, vendor_support: null, pause_instructions: '', last_rehearsal_on: null }));
    migrateThrough(db, 14);
    for (const t of ['runbook_values', 'runbook_vendors', 'rollback_rehearsals']) expect(tableRows(db, t)).toEqual([]);
  });

  it('refuses a row set on both a client and a site, an unknown fact, and a failed rehearsal without notes', () => {
    const db = world();
    migrateThrough(db, 14);
    const value = (id: string, extra: Record<string, unknown>) => stamped(id, { key: 'backupLocation', value: 'x', ...extra });
    expect(() => insertRows(db, 'runbook_values', [value('v1', { site_id: 's1', client_id: 'c1' })])).toThrow(/CHECK constraint failed/);
    expect(() => insertRows(db, 'runbook_values', [value('v2', { key: 'nonsense' })])).toThrow(/CHECK constraint failed/);
    insertRows(db, 'runbook_values', [value('v3', {})]);
    expect(() => insertRows(db, 'runbook_values', [value('v4', {})])).toThrow(/UNIQUE constraint failed/);
    const rehearsal = (id: string, extra: Record<string, unknown>) =>
      stamped(id, { site_id: 's1', rehearsed_on: '2026-03-01', outcome: 'failed', recorded_by: 'ann', ...extra });
    expect(() => insertRows(db, 'rollback_rehearsals', [rehearsal('r1', { notes: null })])).toThrow(/CHECK constraint failed/);
    insertRows(db, 'rollback_rehearsals', [rehearsal('r2', { notes: 'Restore stopped at the database import.' })]);
  });

  it('marks the site dirty when its last backup or a rehearsal changes, and every site when an age limit does', () => {
    const db = world();
    migrateThrough(db, 14);
    expect(schemaNames(db, 'trigger')).toEqual(
      expect.arrayContaining(['site_readiness_facts_update', 'site_readiness_rehearsal_insert', 'site_readiness_setting_update']),
    );
    const dirty = () => tableRows(db, 'site_readiness').map((r) => [r.site_id, r.dirty]);
    expect(dirty()).toEqual([['s1', 1]]);
    db.prepare('UPDATE site_readiness SET dirty = 0').run();
    db.prepare("UPDATE site_runbook_facts SET last_backup_on = '2026-03-05'").run();
    expect(dirty()).toEqual([['s1', 1]]);
    db.prepare('UPDATE site_readiness SET dirty = 0').run();
    insertRows(db, 'rollback_rehearsals', [stamped('r3', { site_id: 's1', rehearsed_on: '2026-03-06', outcome: 'passed', recorded_by: 'ann' })]);
    expect(dirty()).toEqual([['s1', 1]]);
    db.prepare('UPDATE site_readiness SET dirty = 0').run();
    db.prepare("INSERT INTO workspace_meta (key, value, updated_at) VALUES ('setting.maxBackupAgeDays', '3', ?)").run(AT);
    expect(dirty()).toEqual([['s1', 1]]);
  });

  it('marks the sites of a client dirty on its runbook edits, and every site on the template’s, nothing on other history', () => {
    const db = world();
    migrateThrough(db, 14);
    expect(schemaNames(db, 'trigger')).toEqual(expect.arrayContaining(['site_readiness_client_runbook', 'site_readiness_template_runbook']));
    const clientId = String(tableRows(db, 'sites')[0]!.client_id);
    const dirty = () => tableRows(db, 'site_readiness').map((r) => [r.site_id, r.dirty]);
    let seq = 0;
    const cases = [
      ['client', clientId, 'update', 0],
      ['client', clientId, 'runbook-list', 1],
      ['client', 'another-client', 'runbook-values', 0],
      ['settings', 'runbook', 'runbook-values', 1],
      ['settings', 'branding', 'runbook-values', 0],
    ] as const;
    for (const [entity, entityId, action, expected] of cases) {
      db.prepare('UPDATE site_readiness SET dirty = 0').run();
      seq += 1;
      insertRows(db, 'change_log', [
        {
          id: `l${seq}`,
          entity,
          entity_id: entityId,
          site_id: null,
          action,
          summary: 'Edited',
          actor: 'ann',
          device: 'laptop',
          at: AT,
          seq,
          content_hash: `c${seq}`,
          hash: `h${seq}`,
        },
      ]);
      expect([entity, entityId, action, dirty()]).toEqual([entity, entityId, action, [['s1', expected]]]);
    }
  });
});
