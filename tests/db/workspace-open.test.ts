/**
 * Only workspaces are opened as workspaces: what opening does to real files of every kind, and that a
 * refused file is left exactly as it was (same bytes, same modification time, no journal files).
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../core/errors';
import { openWorkspace, WORKSPACE_APPLICATION_ID, WorkspaceOpenError, type OpenOptions } from '../../db/client';
import { describeOpenProblem } from '../../main/open-problem';
import { silentLogger } from '../../main/rpc/context';
import { openSession } from '../../main/session';
import { tempDir } from './helpers';

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
    db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE stock (item INTEGER, qty INTEGER); INSERT INTO items (name) VALUES ('bolt'), ('nut'); INSERT INTO stock VALUES (1, 40), (2, 15);");
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
    db.exec("CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric); INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('abc', 1700000000000); CREATE TABLE todos (id TEXT)");
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

  it('an SQLite file without tables is refused untouched when creating is not allowed', () => {
    const file = path.join(tempDir(), 'blank.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 1');
    db.close();
    expect(expectRefusedUntouched(file, 'empty', { create: 'never' }).message).toContain('is an empty SQLite database');
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

  it('a read-only file that needs migrating is refused untouched, saying to copy it somewhere writable', async () => {
    const file = path.join(tempDir(), 'ro-old.sqlite');
    await workspaceWithData(file);
    const db = new Database(file);
    db.prepare('DELETE FROM __drizzle_migrations WHERE id = (SELECT max(id) FROM __drizzle_migrations)').run();
    db.close();
    fs.chmodSync(file, 0o444);
    const err = expectRefusedUntouched(file, 'read-only');
    expect(err.message).toContain('is read-only (the file is marked read-only), and opening it would migrate it to this app version');
    expect(err.message).toContain('Copy it to a folder you may write to');
  });

  it('--read-only on a writable workspace: info says so, writes answer READ_ONLY, the file is unchanged', async () => {
    const file = path.join(tempDir(), 'flag.sqlite');
    await workspaceWithData(file);
    const sha = fingerprint(file).sha256;
    const s = openSession(file, { log: silentLogger, readonly: true });
    try {
      const info = await s.dispatch('workspace.info', {});
      expect(info).toMatchObject({ ok: true, value: { readOnly: true, readOnlyReason: 'it was opened read-only' } });
      const write = await s.dispatch('clients.create', { name: 'Contoso' });
      expect(write.ok ? null : write.error.code).toBe(ErrorCode.READ_ONLY);
    } finally {
      s.close();
    }
    expect(fingerprint(file).sha256).toBe(sha);
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
    expect(out.info.value).toMatchObject({ readOnly: true, readOnlyReason: 'its folder is read-only, and SQLite must write its journal next to the workspace', counts: { clients: 1 } });
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

describe('the open-problem screen', () => {
  it('has a title and a way out (last) for every new problem', () => {
    for (const p of ['foreign', 'missing', 'empty', 'disk-full', 'backup-failed', 'read-only'] as const) {
      const screen = describeOpenProblem(p, 'the message');
      expect(screen.actions.at(-1)).toBe('quit');
      expect(screen.body).toBe('the message');
      expect(screen.title.length).toBeGreaterThan(10);
    }
    expect(describeOpenProblem('disk-full', 'm').actions).toContain('retry');
    expect(describeOpenProblem('foreign', 'm').actions).not.toContain('retry');
  });
});
