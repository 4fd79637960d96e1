/**
 * Only workspaces are opened as workspaces: what opening does to real files of every kind, and that a
 * refused file is left exactly as it was (same bytes, same modification time, no journal files).
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@core/errors';
import { openWorkspace, WORKSPACE_APPLICATION_ID, WorkspaceOpenError, type OpenOptions } from '@db/client';
import { defaultMigrationsFolder } from '@db/migrate';
import { describeOpenProblem } from '@main/open-problem';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { migrationsUpTo, shippedMigrations, tempDir } from './helpers';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Fingerprint {
  sha256: string;
  mtimeMs: number;
  siblings: string[];
}

/** The file's bytes, its modification time and what lies next to it (journals, backups). */
function fingerprint(file: string): Fingerprint {
  return {
    sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
    mtimeMs: fs.statSync(file).mtimeMs,
    siblings: fs.readdirSync(path.dirname(file)).sort(),
  };
}

function refusal(file: string, opts: OpenOptions = {}): WorkspaceOpenError {
  try {
    openWorkspace(file, opts).close();
  } catch (e) {
    if (e instanceof WorkspaceOpenError) return e;
    throw e;
  }
  throw new Error(`expected ${file} to be refused`);
}

/** Refused, and byte-for-byte as before: same hash, same mtime, no -wal/-shm or backup left behind. */
function expectRefusedUntouched(file: string, problem: WorkspaceOpenError['problem'], opts: OpenOptions = {}): WorkspaceOpenError {
  const before = fingerprint(file);
  const err = refusal(file, opts);
  expect(err.problem).toBe(problem);
  expect(err.message).toContain(file);
  expect(fingerprint(file)).toEqual(before);
  return err;
}

function applicationId(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return Number(db.pragma('application_id', { simple: true }));
  } finally {
    db.close();
  }
}

/** Runs SQL on the file with the sqlite3 shell's equivalent (a plain connection), as someone editing it outside the app would. */
function edit(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

/** The header bytes that say the journal mode (18, 19) and the change counter (24..27). */
function header(file: string): number[] {
  const b = fs.readFileSync(file);
  return [b[18]!, b[19]!, ...b.subarray(24, 28)];
}

/**
 * What a crash in the middle of a transaction leaves (rollback-journal mode): a copy of the file and its
 * journal taken while `sql` runs in an open transaction with a tiny page cache, so changed pages have
 * already reached the file and only the journal can undo them.
 */
function crashedMidTransaction(file: string, sql: string): string {
  const db = new Database(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('cache_size = 2');
  db.exec('BEGIN');
  db.exec(sql);
  const crashed = path.join(tempDir(), path.basename(file));
  fs.copyFileSync(file, crashed);
  fs.copyFileSync(`${file}-journal`, `${crashed}-journal`);
  db.exec('ROLLBACK');
  db.close();
  return crashed;
}

const BALLAST =
  'CREATE TABLE ballast (b BLOB); INSERT INTO ballast WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) SELECT randomblob(600) FROM n;';

/** A workspace with one client, closed cleanly. */
async function workspaceWithData(file: string): Promise<void> {
  const s = openSession(file, { log: silentLogger, actor: 'tester' });
  const r = await s.dispatch('clients.create', { name: 'Northwind' });
  if (!r.ok) throw new Error(r.error.message);
  s.close();
}

/** What a workspace made before the identity mark existed looks like: the same schema, application_id 0. */
async function legacyWorkspace(file: string): Promise<void> {
  await workspaceWithData(file);
  const db = new Database(file);
  db.pragma('application_id = 0');
  db.close();
}

describe('another application’s files are refused untouched', () => {
  it('another application’s SQLite database (tables and rows, rollback journal) is refused, not migrated', () => {
    const file = path.join(tempDir(), 'inventory.db');
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.exec(
      "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE stock (item INTEGER, qty INTEGER); INSERT INTO items (name) VALUES ('bolt'), ('nut'); INSERT INTO stock VALUES (1, 40), (2, 15);",
    );
    db.close();
    const err = expectRefusedUntouched(file, 'foreign');
    expect(err.message).toMatch(/is not a Rollout Workbench workspace: it holds 2 table\(s\) of another application \(items, stock\)/);
    expect(err.message).toContain('has not been changed');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['inventory.db']);
  });

  it('a file in write-ahead-log mode from another application is refused without leaving -wal/-shm files', () => {
    const file = path.join(tempDir(), 'notes.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')");
    db.close();
    expectRefusedUntouched(file, 'foreign');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['notes.sqlite']);
  });

  it('a file left by a crash (a write-ahead log with changes, with or without its index) is refused with the file and its log unchanged', () => {
    const dir = tempDir();
    const live = path.join(dir, 'live.db');
    const db = new Database(live);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')");
    // A copy taken while the program runs is what a crash leaves behind.
    const crashed = path.join(dir, 'crash');
    fs.mkdirSync(crashed);
    for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(live + suffix, path.join(crashed, `notes.db${suffix}`));
    db.close();
    const file = path.join(crashed, 'notes.db');
    const log = fingerprint(`${file}-wal`).sha256;
    expectRefusedUntouched(file, 'foreign');
    fs.rmSync(`${file}-shm`);
    expectRefusedUntouched(file, 'foreign');
    expect(fingerprint(`${file}-wal`).sha256).toBe(log);
    expect(fs.readdirSync(crashed).sort()).toEqual(['notes.db', 'notes.db-wal']);
  });

  it('another application’s identity mark (a GeoPackage) is refused even without tables', () => {
    const file = path.join(tempDir(), 'map.gpkg');
    const db = new Database(file);
    db.pragma('application_id = 0x47504b47');
    db.close();
    const err = expectRefusedUntouched(file, 'foreign');
    expect(err.message).toContain('application_id 1196444487, 0x47504b47');
  });

  it('another drizzle application (a migration record that is not ours) is refused', () => {
    const file = path.join(tempDir(), 'other-drizzle.sqlite');
    const db = new Database(file);
    db.exec(
      "CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric); INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('abc', 1700000000000); CREATE TABLE todos (id TEXT)",
    );
    db.close();
    expect(expectRefusedUntouched(file, 'foreign').message).toContain('its migration record is not one of Rollout Workbench');
  });

  it('text that is not SQLite, and a damaged workspace, are refused untouched', async () => {
    const notes = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(notes, 'Shopping list: eggs, milk, bread. '.repeat(200));
    expectRefusedUntouched(notes, 'not-sqlite');

    const damaged = path.join(tempDir(), 'damaged.sqlite');
    await workspaceWithData(damaged);
    const bytes = fs.readFileSync(damaged);
    for (let i = 4096 * 2; i < Math.min(bytes.length, 4096 * 12); i += 5) bytes[i] = 0xa5;
    fs.writeFileSync(damaged, bytes);
    expectRefusedUntouched(damaged, 'corrupt');
  });
});

describe('creating a workspace only where the caller allows it', () => {
  it('a zero-byte file is refused untouched when creating is not allowed (the CLI), and becomes a workspace when it is', () => {
    const file = path.join(tempDir(), 'empty.sqlite');
    fs.writeFileSync(file, '');
    const err = expectRefusedUntouched(file, 'empty', { create: 'never' });
    expect(err.message).toContain('is an empty file (0 bytes), not a workspace');
    expect(fs.statSync(file).size).toBe(0);

    const ws = openWorkspace(file, { create: 'allow' });
    expect(ws.migratedFrom).toBe(0);
    expect(ws.backupFile).toBeNull();
    ws.close();
    expect(applicationId(file)).toBe(WORKSPACE_APPLICATION_ID);
  });

  it('a missing file is refused when creating is not allowed, and nothing is created', () => {
    const file = path.join(tempDir(), 'sub', 'nope.sqlite');
    expect(refusal(file, { create: 'never' }).problem).toBe('missing');
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });

  it('a truly empty SQLite database is refused untouched when creating is not allowed, and becomes a workspace when it is', () => {
    const file = path.join(tempDir(), 'blank.sqlite');
    edit(file, 'CREATE TABLE gone (x); DROP TABLE gone;');
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect(expectRefusedUntouched(file, 'empty', { create: 'never' }).message).toContain('is an empty SQLite database');
    openWorkspace(file, { create: 'allow' }).close();
    expect(applicationId(file)).toBe(WORKSPACE_APPLICATION_ID);
  });

  it('an SQLite file without tables but with a view, or with a user_version, belongs to another application: refused untouched even where creating is allowed', () => {
    const withView = path.join(tempDir(), 'view.sqlite');
    edit(withView, 'CREATE VIEW v AS SELECT 1 AS one');
    const view = expectRefusedUntouched(withView, 'foreign', { create: 'allow' });
    expect(view.message).toContain('it holds no tables but other database objects of another application (view v)');
    expect(fs.readdirSync(path.dirname(withView))).toEqual(['view.sqlite']);

    const versioned = path.join(tempDir(), 'versioned.sqlite');
    edit(versioned, 'PRAGMA user_version = 7');
    const version = expectRefusedUntouched(versioned, 'foreign', { create: 'allow' });
    expect(version.message).toContain('its SQLite user_version is 7, set by another application');
    expect(version.message).toContain('has not been changed');
  });

  it('a new workspace carries the identity mark', () => {
    const file = path.join(tempDir(), 'new.sqlite');
    openWorkspace(file).close();
    expect(applicationId(file)).toBe(WORKSPACE_APPLICATION_ID);
  });
});

describe('a workspace newer than the app, or with an edited migration', () => {
  it('a newer-schema workspace in rollback-journal mode (a copied backup) is refused with its header unchanged', () => {
    const dir = tempDir();
    const file = path.join(dir, 'newer.sqlite');
    const ws = openWorkspace(file);
    ws.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('f'.repeat(64), 9_999_999_999_999);
    // A backup copy is in rollback-journal mode: switching it to WAL would rewrite its header.
    const copy = path.join(dir, 'newer-copy.sqlite');
    ws.sqlite.exec(`VACUUM INTO '${copy}'`);
    ws.close();
    fs.rmSync(file);
    expect(fs.readFileSync(copy)[18]).toBe(1);
    const err = expectRefusedUntouched(copy, 'newer-schema');
    expect(err.message).toContain('newer version of Rollout Workbench');
    expect(fs.readFileSync(copy)[18]).toBe(1);
  });

  it('a newer-schema workspace in WAL mode is refused untouched, with no -wal/-shm left', () => {
    const file = path.join(tempDir(), 'newer.sqlite');
    const ws = openWorkspace(file);
    ws.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('f'.repeat(64), 9_999_999_999_999);
    ws.close();
    expectRefusedUntouched(file, 'newer-schema');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['newer.sqlite']);
  });

  it('a workspace whose migration record was emptied is refused untouched, header included (not migrated into "table already exists")', async () => {
    const file = path.join(tempDir(), 'emptied.sqlite');
    await workspaceWithData(file);
    edit(file, 'DELETE FROM __drizzle_migrations; PRAGMA journal_mode = DELETE;');
    const head = header(file);
    expect(head.slice(0, 2)).toEqual([1, 1]);
    const err = expectRefusedUntouched(file, 'edited-migration', { create: 'allow' });
    expect(err.message).toContain(
      `has a damaged record of applied database changes: it lists 0 of the ${shippedMigrations().length} changes this app knows, but tables that a later change creates already exist (change_log, clients, owner_assignments, …)`,
    );
    expect(err.message).toContain('Restore a backup');
    expect(header(file)).toEqual(head);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['emptied.sqlite']);
  });

  it('a workspace whose newest migration row was removed is refused untouched (its table already exists)', async () => {
    const file = path.join(tempDir(), 'cut.sqlite');
    await workspaceWithData(file);
    edit(file, 'DELETE FROM __drizzle_migrations WHERE id = (SELECT max(id) FROM __drizzle_migrations); PRAGMA journal_mode = DELETE;');
    const head = header(file);
    const err = expectRefusedUntouched(file, 'edited-migration');
    expect(err.message).toContain(`it lists ${shippedMigrations().length - 1} of the ${shippedMigrations().length} changes`);
    // The newest migration's first new table is what the message names first as already there.
    const newest = shippedMigrations().at(-1)!.tag;
    const created = /CREATE TABLE `(\w+)`/.exec(fs.readFileSync(path.join(defaultMigrationsFolder(), `${newest}.sql`), 'utf8'))![1];
    expect(err.message).toMatch(new RegExp(`already exist \\(${created}[,)]`));
    expect(header(file)).toEqual(head);
  });

  it('a workspace missing a table its migrations created is refused untouched', async () => {
    const file = path.join(tempDir(), 'dropped.sqlite');
    await workspaceWithData(file);
    edit(file, 'DROP TABLE saved_views');
    expect(expectRefusedUntouched(file, 'edited-migration').message).toContain('tables those changes created are missing (saved_views)');
  });

  it('an edited migration is refused untouched', () => {
    const file = path.join(tempDir(), 'edited.sqlite');
    const ws = openWorkspace(file);
    ws.sqlite.prepare('UPDATE __drizzle_migrations SET hash = ? WHERE id = 2').run('0'.repeat(64));
    ws.close();
    expectRefusedUntouched(file, 'edited-migration');
  });
});

describe('a workspace made before the identity mark', () => {
  it('is recognised by its migration record, backed up, then stamped; the CLI-visible facts say so', async () => {
    const file = path.join(tempDir(), 'legacy.sqlite');
    await legacyWorkspace(file);
    expect(applicationId(file)).toBe(0);
    const ws = openWorkspace(file, { now: () => new Date('2026-11-25T09:00:00Z') });
    expect(ws.backupFile).toBe(`${file}.bak-2026-11-25T09-00-00-000Z-before-migration`);
    expect(ws.migratedFrom).toBe(ws.schemaVersion);
    expect((ws.sqlite.prepare('SELECT name FROM clients').get() as { name: string }).name).toBe('Northwind');
    ws.close();
    expect(applicationId(file)).toBe(WORKSPACE_APPLICATION_ID);
    // The backup is the workspace as it was: unmarked, with its data.
    expect(applicationId(ws.backupFile!)).toBe(0);
    expect(fs.statSync(ws.backupFile!).size).toBeGreaterThan(0);
    // Opening again changes nothing.
    const again = openWorkspace(file);
    expect(again.migratedFrom).toBeNull();
    expect(again.backupFile).toBeNull();
    again.close();
  });
});

describe('read-only workspaces', () => {
  it('a read-only file (chmod 0444) opens read-only with the reason; a write answers READ_ONLY and nothing is written', async () => {
    const file = path.join(tempDir(), 'ro.sqlite');
    await workspaceWithData(file);
    fs.chmodSync(file, 0o444);
    const before = fingerprint(file);
    const s = openSession(file, { log: silentLogger });
    try {
      expect(s.workspace.readOnlyReason).toBe('the file is marked read-only');
      const info = await s.dispatch('workspace.info', {});
      expect(info).toMatchObject({ ok: true, value: { readOnly: true, readOnlyReason: 'the file is marked read-only', counts: { clients: 1 } } });
      const write = await s.dispatch('clients.create', { name: 'Contoso' });
      expect(write.ok).toBe(false);
      if (!write.ok) {
        expect(write.error.code).toBe(ErrorCode.READ_ONLY);
        expect(write.error.message).toMatch(/read-only/);
      }
      const list = await s.dispatch('clients.list', {});
      expect(list.ok).toBe(true);
    } finally {
      s.close();
    }
    expect(fingerprint(file)).toEqual(before);
  });

  it('a read-only file that needs migrating is refused untouched, saying to copy it somewhere writable', () => {
    const file = path.join(tempDir(), 'ro-old.sqlite');
    openWorkspace(file, { migrationsFolder: migrationsUpTo(shippedMigrations().length - 1) }).close();
    fs.chmodSync(file, 0o444);
    const err = expectRefusedUntouched(file, 'read-only');
    expect(err.message).toContain('is read-only (the file is marked read-only), and opening it would migrate it to this app version');
    expect(err.message).toContain('Copy it to a folder you may write to');
  });

  it('--read-only on a writable workspace: info says so, writes answer READ_ONLY, the file is unchanged and no -wal/-shm is left next to it', async () => {
    const file = path.join(tempDir(), 'flag.sqlite');
    await workspaceWithData(file);
    const before = fingerprint(file);
    expect(before.siblings).toEqual(['flag.sqlite']);
    const s = openSession(file, { log: silentLogger, readonly: true });
    try {
      const info = await s.dispatch('workspace.info', {});
      expect(info).toMatchObject({ ok: true, value: { readOnly: true, readOnlyReason: 'it was opened read-only' } });
      const write = await s.dispatch('clients.create', { name: 'Contoso' });
      expect(write.ok ? null : write.error.code).toBe(ErrorCode.READ_ONLY);
      expect(fs.readdirSync(path.dirname(file))).toEqual(['flag.sqlite']);
    } finally {
      s.close();
    }
    expect(fingerprint(file)).toEqual(before);
  });

  it('a read-only open of a workspace in WAL mode reads a private copy: no -wal/-shm next to it, while open or after', async () => {
    const file = path.join(tempDir(), 'wal.sqlite');
    await workspaceWithData(file);
    const before = fingerprint(file);
    const ws = openWorkspace(file, { readonly: true });
    expect((ws.sqlite.prepare('SELECT name FROM clients').get() as { name: string }).name).toBe('Northwind');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['wal.sqlite']);
    ws.close();
    expect(fingerprint(file)).toEqual(before);
  });

  it('--read-only on a workspace in rollback-journal mode (a copied backup) reads it in place and leaves nothing next to it', async () => {
    const file = path.join(tempDir(), 'copied.sqlite');
    await workspaceWithData(file);
    edit(file, 'PRAGMA journal_mode = DELETE');
    const before = fingerprint(file);
    const ws = openWorkspace(file, { readonly: true });
    expect(ws.readOnlyReason).toBe('it was opened read-only');
    expect((ws.sqlite.prepare('SELECT name FROM clients').get() as { name: string }).name).toBe('Northwind');
    ws.close();
    expect(fingerprint(file)).toEqual(before);
  });

  it('a writable workspace reports readOnly false', async () => {
    const s = openSession(path.join(tempDir(), 'rw.sqlite'), { log: silentLogger });
    const info = await s.dispatch('workspace.info', {});
    s.close();
    expect(info).toMatchObject({ ok: true, value: { readOnly: false, readOnlyReason: null } });
  });

  // root may write into any folder, so the read-only folder is tried as the unprivileged user `nobody`.
  const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']).status === 0;
  if (!canDropPrivileges) console.log('skipped: a writable file in a read-only folder needs root and setpriv to run a child as nobody');
  it.runIf(canDropPrivileges)('a writable file in a read-only folder (0555) opens read-only: no journal can be created next to it', async () => {
    const parent = tempDir();
    fs.chmodSync(parent, 0o755);
    const dir = path.join(parent, 'ro-folder');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'ws.sqlite');
    await workspaceWithData(file);
    fs.chmodSync(file, 0o666);
    fs.chmodSync(dir, 0o555);
    const before = fingerprint(file);
    const script = path.join(parent, 'probe.mts');
    fs.writeFileSync(
      script,
      `import { openSession } from ${JSON.stringify(path.join(repo, 'main/session.ts'))};
import { silentLogger } from ${JSON.stringify(path.join(repo, 'main/rpc/context.ts'))};
const s = openSession(${JSON.stringify(file)}, { log: silentLogger, actor: 'nobody' });
const info = await s.dispatch('workspace.info', {});
const write = await s.dispatch('clients.create', { name: 'Contoso' });
s.close();
console.log(JSON.stringify({ info, write }));
`,
    );
    fs.chmodSync(script, 0o644);
    const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '--import', 'tsx', script], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, HOME: parent },
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      info: { ok: true; value: { readOnly: boolean; readOnlyReason: string; counts: { clients: number } } };
      write: { ok: false; error: { code: string } };
    };
    expect(out.info.value).toMatchObject({
      readOnly: true,
      readOnlyReason: 'its folder is read-only, and SQLite must write its journal next to the workspace',
      counts: { clients: 1 },
    });
    expect(out.write.ok).toBe(false);
    expect(out.write.error.code).toBe(ErrorCode.READ_ONLY);
    expect(fingerprint(file)).toEqual(before);
    fs.chmodSync(dir, 0o755);
  });
});

describe('the backup before a migration on a full disk', () => {
  it('refuses before writing the backup when the folder lacks room for it, saying how much to free', async () => {
    const file = path.join(tempDir(), 'legacy.sqlite');
    await legacyWorkspace(file);
    const err = expectRefusedUntouched(file, 'disk-full', { statfs: () => ({ bavail: 10, bsize: 4096 }) });
    expect(err.message).toMatch(/^The disk is full: nothing was changed\. .* free at least \d+ MB on the disk that holds it and open it again\.$/);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  // A real full disk: a 1.2 MB tmpfs holding a ~0.7 MB workspace (only root may mount one).
  it('on a small tmpfs: the free-space check refuses, and a backup that runs out of space leaves no file', async (ctx) => {
    const mountPoint = tempDir();
    if (process.getuid?.() !== 0 || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1200k', 'tmpfs', mountPoint]).status !== 0) {
      console.log('skipped: the full-disk test on a tmpfs needs root to mount one (the simulated full disk above still ran)');
      ctx.skip();
    }
    try {
      const source = path.join(tempDir(), 'legacy.sqlite');
      await legacyWorkspace(source);
      const file = path.join(mountPoint, 'legacy.sqlite');
      fs.copyFileSync(source, file);
      expect(fs.statSync(file).size).toBeGreaterThan(fs.statfsSync(mountPoint).bavail * fs.statfsSync(mountPoint).bsize);

      const checked = expectRefusedUntouched(file, 'disk-full');
      expect(checked.message).toContain('free at least');

      // The check passes (a disk that claims room), the backup itself fills the disk: it is removed.
      const failed = expectRefusedUntouched(file, 'disk-full', { statfs: () => ({ bavail: 1e9, bsize: 4096 }) });
      expect(failed.message).toContain('The disk is full: nothing was changed');
      expect(fs.readdirSync(mountPoint)).toEqual(['legacy.sqlite']);
      expect(applicationId(file)).toBe(0);
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  });
});

describe('a workspace left by a crash in rollback-journal mode (a hot journal)', () => {
  const crashedWorkspace = async (name: string) => {
    const file = path.join(tempDir(), name);
    await workspaceWithData(file);
    return crashedMidTransaction(file, `UPDATE clients SET name = 'Torn'; ${BALLAST}`);
  };

  it('with write access it opens: the unfinished change is rolled back (as SQLite does after a crash) and the notice says so', async () => {
    const file = await crashedWorkspace('hot.sqlite');
    const ws = openWorkspace(file);
    try {
      expect((ws.sqlite.prepare('SELECT name FROM clients').all() as { name: string }[]).map((r) => r.name)).toEqual(['Northwind']);
      expect(ws.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'ballast'").get()).toBeUndefined();
      expect(ws.notices[0]).toBe(
        'The workspace was not closed properly: the change that was being saved when it closed was rolled back. Everything saved before it is kept.',
      );
      expect(ws.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      ws.close();
    }
    expect(fs.existsSync(`${file}-journal`)).toBe(false);
  });

  it('opened read-only (or as a file nobody may write) it is refused as not closed properly, file and journal untouched', async () => {
    const file = await crashedWorkspace('hot-ro.sqlite');
    const journalSha = fingerprint(`${file}-journal`).sha256;
    const err = expectRefusedUntouched(file, 'needs-recovery', { readonly: true });
    expect(err.message).toBe(
      `${file} was not closed properly: a journal next to it (hot-ro.sqlite-journal) holds a change that was being written and must be rolled back before the workspace can be read. Open it with write access (Rollout Workbench rolls the change back), or restore a backup (files ending in .bak next to it). The file has not been changed.`,
    );
    expect(describeOpenProblem(err.problem, err.message).title).toBe('The workspace was not closed properly');
    fs.chmodSync(file, 0o444);
    expectRefusedUntouched(file, 'needs-recovery');
    expect(fingerprint(`${file}-journal`).sha256).toBe(journalSha);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['hot-ro.sqlite', 'hot-ro.sqlite-journal']);
  });

  it('another application’s file with a hot journal is refused with file and journal untouched, even with write access', () => {
    const source = path.join(tempDir(), 'inventory.db');
    edit(source, "PRAGMA journal_mode = DELETE; CREATE TABLE items (name TEXT); INSERT INTO items VALUES ('bolt');");
    const file = crashedMidTransaction(source, `UPDATE items SET name = 'nut'; ${BALLAST}`);
    const journalSha = fingerprint(`${file}-journal`).sha256;
    expect(expectRefusedUntouched(file, 'foreign').message).toContain('it holds 1 table(s) of another application (items)');
    expect(fingerprint(`${file}-journal`).sha256).toBe(journalSha);
  });
});

describe('the backup before a migration is whole or absent', () => {
  it('is written under a temporary name and renamed: afterwards only the finished backup is next to the workspace', async () => {
    const file = path.join(tempDir(), 'legacy.sqlite');
    await legacyWorkspace(file);
    const ws = openWorkspace(file, { now: () => new Date('2026-11-25T09:00:00Z') });
    ws.close();
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['legacy.sqlite', 'legacy.sqlite.bak-2026-11-25T09-00-00-000Z-before-migration']);
    const backup = new Database(ws.backupFile!, { readonly: true });
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((backup.prepare('SELECT name FROM clients').get() as { name: string }).name).toBe('Northwind');
    backup.close();
  });

  it('a backup left half-written by a killed app (temporary name, journal) is removed at the next open; finished backups and other files stay', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'legacy.sqlite');
    await legacyWorkspace(file);
    // Process 99999999 cannot exist (above every system's pid limit): the app that wrote it is gone.
    const partial = '.legacy.sqlite.bak-2026-11-24T08-00-00-000Z-before-migration.99999999.partial';
    fs.writeFileSync(path.join(dir, partial), fs.readFileSync(file).subarray(0, 4096));
    fs.writeFileSync(path.join(dir, `${partial}-journal`), 'x');
    const kept = [
      'legacy.sqlite.bak-2026-11-01T08-00-00-000Z-before-migration',
      '.other.sqlite.bak-2026-11-24T08-00-00-000Z-before-migration.99999999.partial',
    ];
    for (const k of kept) fs.writeFileSync(path.join(dir, k), 'kept');
    const ws = openWorkspace(file, { now: () => new Date('2026-11-25T09:00:00Z') });
    expect(ws.notices).toContain('A backup that an interrupted update of this workspace had begun was removed (never finished, so never usable).');
    ws.close();
    expect(fs.readdirSync(dir).sort()).toEqual([...kept, 'legacy.sqlite', 'legacy.sqlite.bak-2026-11-25T09-00-00-000Z-before-migration'].sort());
  });

  it('killed with SIGKILL while migrating: no file under a backup’s final name is ever half-written, and the next open cleans up and migrates', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.sqlite');
    await legacyWorkspace(file);
    edit(file, BALLAST.replace('3000', '40000'));
    const script = path.join(dir, 'migrate.mts');
    fs.writeFileSync(
      script,
      `import { openWorkspace } from ${JSON.stringify(path.join(repo, 'db/client.ts'))};\nopenWorkspace(${JSON.stringify(file)}).close();\n`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repo, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Killed as soon as the backup is being written (or, should the child be faster, once it is done).
    const started = /^\.big\.sqlite\.bak-.*\.partial$/;
    while (child.exitCode === null && !fs.readdirSync(dir).some((n) => started.test(n))) await new Promise((r) => setImmediate(r));
    child.kill('SIGKILL');
    await exited;
    for (const name of fs.readdirSync(dir).filter((n) => /^big\.sqlite\.bak-.*-before-migration$/.test(n))) {
      const b = new Database(path.join(dir, name), { readonly: true });
      expect(b.pragma('integrity_check', { simple: true })).toBe('ok');
      b.close();
    }
    const ws = openWorkspace(file);
    ws.close();
    const left = fs.readdirSync(dir).filter((n) => n !== 'migrate.mts');
    expect(left.filter((n) => n.includes('partial'))).toEqual([]);
    expect(left.filter((n) => n.endsWith('-before-migration')).length).toBeGreaterThanOrEqual(1);
    expect(applicationId(file)).toBe(WORKSPACE_APPLICATION_ID);
  });
});

describe('a full disk when opening', () => {
  // A real full disk: a small tmpfs filled to the last byte (only root may mount one).
  it('on a full tmpfs: refused as a full disk in plain words, nothing left next to the file that was not there before', async (ctx) => {
    const mountPoint = tempDir();
    if (process.getuid?.() !== 0 || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]).status !== 0) {
      console.log('skipped: the full-disk-at-open test on a tmpfs needs root to mount one');
      ctx.skip();
    }
    try {
      const source = path.join(tempDir(), 'ws.sqlite');
      await workspaceWithData(source);
      const file = path.join(mountPoint, 'ws.sqlite');
      fs.copyFileSync(source, file);
      const filler = path.join(mountPoint, 'filler');
      const fd = fs.openSync(filler, 'w');
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(4096));
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        fs.closeSync(fd);
      }
      const err = expectRefusedUntouched(file, 'disk-full', { create: 'never' });
      expect(err.message).toBe(`The disk is full: nothing was changed in ${file}. Free some space on the disk that holds the workspace and open it again.`);
      expect(fs.readdirSync(mountPoint).sort()).toEqual(['filler', 'ws.sqlite']);
      expect(describeOpenProblem(err.problem, err.message).actions).toContain('retry');
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  });
});

describe('the open-problem screen', () => {
  it('has a title and a way out (last) for every new problem', () => {
    for (const p of ['foreign', 'missing', 'empty', 'disk-full', 'backup-failed', 'read-only', 'needs-recovery'] as const) {
      const screen = describeOpenProblem(p, 'the message');
      expect(screen.actions.at(-1)).toBe('quit');
      expect(screen.body).toBe('the message');
      expect(screen.title.length).toBeGreaterThan(10);
    }
    expect(describeOpenProblem('disk-full', 'm').actions).toContain('retry');
    expect(describeOpenProblem('foreign', 'm').actions).not.toContain('retry');
  });
});
