/**
 * `rollout-workbench backup`: into the workspace's backups folder with its retention, into another
 * folder, encrypted with the passphrase from the environment (refused without one), the exit codes,
 * and a run through the real launcher while the app holds the workspace open.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '@db/client';
import { MIGRATIONS_TABLE, runMigration } from '@db/migrate';
import { runCli } from '@main/cli';
import { runBackup } from '@main/cli/backup';
import { UsageError } from '@main/cli/common';
import { backupsFolderOf, extractBackup, listBackups, readBackupInfo } from '@main/backups/index';
import { closeWorkers } from '@main/workers/index';
import { tableSnapshot } from './fixtures/backup-snapshot';
import { migrations } from './migrations/harness';
import { fixedClock, openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

afterAll(async () => {
  await closeWorkers();
});

const ROOT = path.resolve(__dirname, '../..');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

async function workspace(): Promise<TestWorkspace> {
  const ws = openTestWorkspace();
  await ws.factories.buildSite({ name: 'Northwind Shop' });
  return ws;
}

describe('rollout-workbench backup', () => {
  it('writes into the backups folder beside the workspace and applies its retention', async () => {
    const ws = await workspace();
    const folder = backupsFolderOf(ws.file);
    const days = ['2026-03-01T09:00:00Z', '2026-03-02T09:00:00Z', '2026-03-03T09:00:00Z', '2026-03-04T09:00:00Z'];
    for (const day of days) {
      const c = capture();
      expect(await runCli(['backup', '--workspace', ws.file, '--keep-daily', '2', '--keep-weekly', '0'], c.io, {}, fixedClock(day))).toBe(0);
      expect(c.err).toEqual([]);
      expect(c.out[0]).toMatch(
        new RegExp(`^Backed up .*ws\\.sqlite to .*ws ${day.slice(0, 10)} 090000 daily\\.rwbackup \\(\\d+(\\.\\d)? (KB|MB)\\) in \\d+\\.\\d s\\.$`),
      );
      expect(c.out[1]).toMatch(/^Kept the newest backup of each of the last 2 days and 0 weeks/);
    }
    expect(listBackups(folder).map((b) => b.name)).toEqual(['ws 2026-03-04 090000 daily.rwbackup', 'ws 2026-03-03 090000 daily.rwbackup']);
    const restored = await extractBackup(listBackups(folder)[0]!.file, { dir: tempDir() });
    expect(tableSnapshot(restored).sites).toEqual(tableSnapshot(ws.file).sites);
  });

  it('writes a manual backup into --out, kept until removed, and prints JSON', async () => {
    const ws = await workspace();
    const out = path.join(tempDir(), 'nas', 'rollouts');
    const c = capture();
    expect(await runCli(['backup', '--workspace', ws.file, '--out', out, '--json'], c.io, {}, fixedClock('2026-03-01T09:00:00Z'))).toBe(0);
    const printed = JSON.parse(c.out.join('\n')) as { file: string; reason: string; removed: string[] };
    expect(printed).toMatchObject({ reason: 'manual', removed: [], encrypted: false });
    expect(path.dirname(printed.file)).toBe(out);
    expect(fs.existsSync(backupsFolderOf(ws.file))).toBe(false);
  });

  it('--encrypt takes the passphrase from the environment, and refuses without one', async () => {
    const ws = await workspace();
    const out = tempDir();
    const refused = capture();
    expect(await runCli(['backup', '--workspace', ws.file, '--out', out, '--encrypt'], refused.io, {})).toBe(2);
    expect(refused.err.join('\n')).toMatch(/--encrypt needs a passphrase: give --passphrase-file FILE or set ROLLOUT_WORKBENCH_BACKUP_PASSPHRASE/);
    const short = capture();
    expect(await runCli(['backup', '--workspace', ws.file, '--out', out, '--encrypt'], short.io, { ROLLOUT_WORKBENCH_BACKUP_PASSPHRASE: 'short' })).toBe(2);
    expect(short.err.join('\n')).toMatch(/shorter than 8 characters/);
    expect(fs.readdirSync(out)).toEqual([]);

    const c = capture();
    const env: NodeJS.ProcessEnv = { ROLLOUT_WORKBENCH_BACKUP_PASSPHRASE: 'cron passphrase 1' };
    process.env.ROLLOUT_WORKBENCH_BACKUP_PASSPHRASE = 'cron passphrase 1';
    expect(await runCli(['backup', '--workspace', ws.file, '--out', out, '--encrypt'], c.io, env)).toBe(0);
    // Read once, then gone: no program started later inherits it.
    expect(env.ROLLOUT_WORKBENCH_BACKUP_PASSPHRASE).toBeUndefined();
    expect(process.env.ROLLOUT_WORKBENCH_BACKUP_PASSPHRASE).toBeUndefined();
    expect(c.out[0]).toMatch(/, encrypted\) in/);
    const [name] = fs.readdirSync(out);
    expect(readBackupInfo(path.join(out, name!)).encrypted).toBe(true);
    await expect(extractBackup(path.join(out, name!), { dir: tempDir(), passphrase: 'cron passphrase 1' })).resolves.toMatch(/\.sqlite$/);
  });

  it('--passphrase-file reads the passphrase without its line break, and refuses a file others may read', async () => {
    const ws = await workspace();
    const out = tempDir();
    const file = path.join(tempDir(), 'passphrase');
    fs.writeFileSync(file, 'cron passphrase 2\n', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const args = { out, encrypt: true, json: false, 'passphrase-file': file };
    const open = capture();
    await expect(runBackup(ws.file, args, open.io, {}, null)).rejects.toThrow(
      new UsageError(`--passphrase-file ${file} may be read by every user of this machine. Make it yours only (chmod 600 "${file}"), then run again.`),
    );
    expect(fs.readdirSync(out)).toEqual([]);
    fs.chmodSync(file, 0o600);
    const c = capture();
    expect(await runBackup(ws.file, args, c.io, {}, null)).toBe(0);
    const [name] = fs.readdirSync(out);
    await expect(extractBackup(path.join(out, name!), { dir: tempDir(), passphrase: 'cron passphrase 2' })).resolves.toMatch(/\.sqlite$/);
    // The same through the command line, as cron runs it.
    const cli = capture();
    const second = tempDir();
    expect(await runCli(['backup', '--workspace', ws.file, '--out', second, '--encrypt', '--passphrase-file', file], cli.io, {})).toBe(0);
    const [made] = fs.readdirSync(second);
    await expect(extractBackup(path.join(second, made!), { dir: tempDir(), passphrase: 'cron passphrase 2' })).resolves.toMatch(/\.sqlite$/);
  });

  it('backs up a workspace an app update is about to migrate, without migrating it', async () => {
    const file = path.join(tempDir(), 'older.sqlite');
    const db = new Database(file);
    db.exec(`CREATE TABLE "${MIGRATIONS_TABLE}" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`);
    const through = 7; // before history was sealed (0008): an older app's workspace
    for (const m of migrations().slice(0, through + 1)) {
      db.transaction(() => {
        runMigration(db, m);
        db.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" (hash, created_at) VALUES (?, ?)`).run(m.hash, m.folderMillis);
      })();
    }
    const first = '01HZZZZZZZZZZZZZZZZZZZZZZ1';
    const row = db.prepare('INSERT INTO change_log (id, entity, entity_id, action, summary, actor, device, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    row.run('01HZZZZZZZZZZZZZZZZZZZZZZ2', 'client', 'c2', 'create', 'Created client B', 'ada', 'laptop', '2025-06-02T09:00:00.000Z');
    row.run(first, 'client', 'c1', 'create', 'Created client A', 'ada', 'laptop', '2025-06-01T09:00:00.000Z');
    db.close();
    const before = fs.readFileSync(file);

    const c = capture();
    expect(await runCli(['backup', '--workspace', file, '--json'], c.io, {}, fixedClock('2026-03-01T09:00:00Z'))).toBe(0);
    expect(c.err).toEqual([]);
    const printed = JSON.parse(c.out.join('\n')) as { file: string; schemaVersion: number; workspaceId: string };
    expect(printed).toMatchObject({ schemaVersion: through + 1, workspaceId: first, reason: 'daily' });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    // The backup holds the older workspace, which the app migrates when it opens it.
    const restored = await extractBackup(printed.file, { dir: tempDir() });
    const opened = openWorkspace(restored, { create: 'never' });
    try {
      expect(opened.schemaVersion).toBe(migrations().length);
      expect((opened.sqlite.prepare('SELECT id FROM change_log WHERE seq = 1').get() as { id: string }).id).toBe(first);
    } finally {
      opened.close();
    }
  });

  it('refuses a file that is not a workspace of this app, naming it', async () => {
    const file = path.join(tempDir(), 'other.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE notes (x)');
    db.close();
    const c = capture();
    expect(await runCli(['backup', '--workspace', file, '--out', tempDir()], c.io, {})).toBe(2);
    expect(c.err.join('\n')).toMatch(/other\.sqlite is not a Rollout Workbench workspace/);
  });

  it('exits 2 with the reason for a missing workspace, bad --keep numbers and a file as --out', async () => {
    const ws = await workspace();
    const missing = capture();
    expect(await runCli(['backup', '--workspace', path.join(tempDir(), 'nope.sqlite')], missing.io, {})).toBe(2);
    expect(missing.err.join('\n')).toMatch(/nope\.sqlite/);
    const bad = capture();
    expect(await runCli(['backup', '--workspace', ws.file, '--keep-daily', '0'], bad.io, {})).toBe(2);
    expect(bad.err).toEqual(['--keep-daily 0: give a whole number from 1 to 365.']);
    const file = path.join(tempDir(), 'plain-file');
    fs.writeFileSync(file, 'x');
    const notFolder = capture();
    expect(await runCli(['backup', '--workspace', ws.file, '--out', file], notFolder.io, {})).toBe(2);
    expect(notFolder.err.join('\n')).toMatch(/cannot be made|choose a folder/i);
  });

  it('runs as a process of its own while the app keeps the workspace open', async () => {
    const ws = await workspace();
    const out = tempDir();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'backup', '--workspace', ws.file, '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ROLLOUT_WORKBENCH_DB: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Backed up /);
    await ws.factories.buildSite();
    expect(fs.readdirSync(out).filter((n) => n.endsWith('.rwbackup'))).toHaveLength(1);
  });
});
