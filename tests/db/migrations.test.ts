import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace, WORKSPACE_APPLICATION_ID, WorkspaceOpenError } from '@db/client';
import { migrationsUpTo, shippedMigrations, tempDir } from './helpers';

function openError(fn: () => unknown): WorkspaceOpenError {
  try {
    fn();
  } catch (e) {
    if (e instanceof WorkspaceOpenError) return e;
    throw e;
  }
  throw new Error('expected the workspace to be refused');
}

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name").all() as { name: string }[];
  db.close();
  return rows.map((r) => r.name);
}

describe('opening and migrating a workspace', () => {
  it('creates every table and trigger on an empty file, with WAL and foreign keys on', () => {
    const file = path.join(tempDir(), 'new.sqlite');
    const ws = openWorkspace(file);
    expect(ws.schemaVersion).toBe(shippedMigrations().length);
    expect(ws.backupFile).toBeNull();
    expect(ws.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ws.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.sqlite.pragma('application_id', { simple: true })).toBe(WORKSPACE_APPLICATION_ID);
    ws.close();
    expect(tables(file)).toEqual(
      expect.arrayContaining([
        'clients',
        'sites',
        'people',
        'owner_assignments',
        'change_log',
        'workspace_meta',
        'change_log_no_update',
        'change_log_no_delete',
        'site_checklist_items',
        'site_pauses',
        'gate_overrides',
        'incidents',
        'incident_events',
      ]),
    );
  });

  it('0000 then 0001 on a real file: data kept, backup written first, change log becomes append-only', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const v1 = openWorkspace(file, { migrationsFolder: migrationsUpTo(1) });
    expect(v1.schemaVersion).toBe(1);
    v1.sqlite
      .prepare("INSERT INTO change_log (id, entity, entity_id, action, summary, actor, device, at) VALUES ('l1', 'site', 's1', 'create', 'x', 'a', 'd', 't')")
      .run();
    // Before 0001 the log could still be edited.
    v1.sqlite.prepare("UPDATE change_log SET summary = 'y' WHERE id = 'l1'").run();
    v1.close();

    const v2 = openWorkspace(file, { now: () => new Date('2026-03-01T10:00:00Z') });
    expect(v2.schemaVersion).toBe(shippedMigrations().length);
    expect(v2.backupFile).toBe(`${file}.bak-2026-03-01T10-00-00-000Z-before-migration`);
    expect(fs.existsSync(v2.backupFile!)).toBe(true);
    expect(tables(v2.backupFile!)).not.toContain('change_log_no_update');
    expect(() => v2.sqlite.prepare("UPDATE change_log SET summary = 'z' WHERE id = 'l1'").run()).toThrow(/append-only/);
    expect(() => v2.sqlite.prepare("DELETE FROM change_log WHERE id = 'l1'").run()).toThrow(/append-only/);
    expect((v2.sqlite.prepare("SELECT summary FROM change_log WHERE id = 'l1'").get() as { summary: string }).summary).toBe('y');
    v2.close();
  });

  it('0002 on a workspace from 0001: playbook and operator tables added, existing sites kept', () => {
    const file = path.join(tempDir(), 'v2.sqlite');
    const v2 = openWorkspace(file, { migrationsFolder: migrationsUpTo(2) });
    const now = '2026-03-01T10:00:00.000Z';
    v2.sqlite.prepare("INSERT INTO clients (id, created_at, updated_at, name) VALUES ('c1', ?, ?, 'Acme')").run(now, now);
    v2.sqlite
      .prepare("INSERT INTO sites (id, created_at, updated_at, client_id, name, production_url) VALUES ('s1', ?, ?, 'c1', 'Shop', 'https://shop.acme.test')")
      .run(now, now);
    v2.close();
    const v3 = openWorkspace(file);
    expect(v3.backupFile).not.toBeNull();
    expect(tables(file)).toEqual(
      expect.arrayContaining(['sop_versions', 'sop_items', 'scenarios', 'operators', 'training_signoffs', 'scenario_checks', 'scenario_check_answers']),
    );
    expect((v3.sqlite.prepare('SELECT count(*) AS n FROM sites').get() as { n: number }).n).toBe(1);
    expect(() =>
      v3.sqlite
        .prepare("INSERT INTO operators (id, created_at, updated_at, site_id, person_id, role, access) VALUES ('o1', ?, ?, 's1', 'nobody', 'editor', 'none')")
        .run(now, now),
    ).toThrow(/FOREIGN KEY/);
    v3.close();
  });

  it('0005 and 0006 on a workspace from 0004: reviews and document tables added, existing sites kept, and the session plans their cadence', async () => {
    const file = path.join(tempDir(), 'v5.sqlite');
    const v5 = openWorkspace(file, { migrationsFolder: migrationsUpTo(5) });
    const now = '2026-03-01T10:00:00.000Z';
    v5.sqlite.prepare("INSERT INTO clients (id, created_at, updated_at, name) VALUES ('c1', ?, ?, 'Acme')").run(now, now);
    v5.sqlite
      .prepare("INSERT INTO sites (id, created_at, updated_at, client_id, name, production_url) VALUES ('s1', ?, ?, 'c1', 'Shop', 'https://shop.acme.test')")
      .run(now, now);
    v5.close();
    const v7 = openWorkspace(file);
    expect(v7.backupFile).not.toBeNull();
    expect(tables(file)).toEqual(expect.arrayContaining(['reviews', 'review_operators', 'review_schedules', 'site_runbook_facts', 'generated_documents']));
    expect(() =>
      v7.sqlite
        .prepare("INSERT INTO reviews (id, created_at, updated_at, site_id, kind, reason, due_on) VALUES ('r1', ?, ?, 's1', 'yearly', 'x', '2026-03-01')")
        .run(now, now),
    ).toThrow(/CHECK constraint failed: reviews_kind_valid/);
    expect(() =>
      v7.sqlite
        .prepare("INSERT INTO reviews (id, created_at, updated_at, site_id, kind, reason, due_on) VALUES ('r1', ?, ?, 's1', 'periodic', 'x', '1 March')")
        .run(now, now),
    ).toThrow(/reviews_due_on_is_a_date/);
    v7.close();
    // The app opening it plans the pre-existing site's periodic review.
    const { openSession } = await import('@main/session');
    const { silentLogger } = await import('@main/rpc/context');
    const session = openSession(file, { log: silentLogger });
    const kinds = session.workspace.sqlite.prepare('SELECT kind FROM reviews').all() as { kind: string }[];
    session.close();
    expect(kinds).toEqual([{ kind: 'periodic' }]);
  });

  it('reopening an up-to-date workspace runs nothing and writes no backup', () => {
    const file = path.join(tempDir(), 'ws.sqlite');
    openWorkspace(file).close();
    const again = openWorkspace(file);
    expect(again.backupFile).toBeNull();
    again.close();
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it('refuses a workspace written by a newer app and leaves it untouched', () => {
    const file = path.join(tempDir(), 'newer.sqlite');
    const ws = openWorkspace(file);
    ws.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('f'.repeat(64), 9_999_999_999_999);
    ws.close();
    const before = fs.readFileSync(file);
    const err = openError(() => openWorkspace(file));
    expect(err.problem).toBe('newer-schema');
    expect(err.message).toContain('newer version of Rollout Workbench');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a workspace whose applied migration differs from the shipped file (edited migration)', () => {
    const file = path.join(tempDir(), 'edited.sqlite');
    const ws = openWorkspace(file);
    ws.sqlite.prepare('UPDATE __drizzle_migrations SET hash = ? WHERE created_at = ?').run('0'.repeat(64), shippedMigrations()[0]!.when);
    ws.close();
    expect(openError(() => openWorkspace(file)).problem).toBe('edited-migration');
  });

  it('refuses a pending migration older than the newest applied one', () => {
    const file = path.join(tempDir(), 'gap.sqlite');
    const ws = openWorkspace(file);
    ws.sqlite.prepare('DELETE FROM __drizzle_migrations WHERE created_at = ?').run(shippedMigrations()[0]!.when);
    ws.close();
    const err = openError(() => openWorkspace(file));
    expect(err.problem).toBe('edited-migration');
    expect(err.message).toContain('older than ones already applied');
  });

  it('says plainly when the file is not a workspace', () => {
    const file = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(file, 'Shopping list: eggs, milk, bread. '.repeat(200));
    const err = openError(() => openWorkspace(file));
    expect(err.problem).toBe('not-sqlite');
    expect(err.message).toContain('is not a Rollout Workbench workspace');
  });

  it('says plainly when the file is damaged, and does not change it', () => {
    const file = path.join(tempDir(), 'damaged.sqlite');
    const ws = openWorkspace(file);
    ws.sqlite.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    ws.close();
    const bytes = fs.readFileSync(file);
    // Scribble over the b-tree pages after the header page.
    for (let i = 4096 + 100; i < Math.min(bytes.length, 4096 * 6); i += 7) bytes[i] = 0xa5;
    fs.writeFileSync(file, bytes);
    const before = fs.readFileSync(file);
    const err = openError(() => openWorkspace(file));
    expect(err.problem).toBe('corrupt');
    expect(err.message).toContain('is damaged and cannot be opened safely');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
