/**
 * The backup engine on real workspaces: round trips plain and encrypted, the passphrase refusals, the
 * catalogue (new and legacy backups), retention across days and ISO weeks, and when the daily backup
 * is due across midnight in a time zone.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '@db/client';
import {
  appVersion,
  applyRetention,
  BackupError,
  backupsFolderOf,
  createBackup,
  dailyBackupDue,
  extractBackup,
  lastDailyBackup,
  listBackups,
  readBackupInfo,
  type BackupReason,
} from '@main/backups/index';
import { closeWorkers } from '@main/workers/index';
import { tableSnapshot } from './fixtures/backup-snapshot';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

afterAll(async () => {
  await closeWorkers();
});

async function seeded(): Promise<TestWorkspace> {
  const ws = openTestWorkspace();
  const client = await ws.factories.buildClient({ name: 'Northwind' });
  for (let i = 0; i < 3; i += 1) await ws.factories.buildSite({ clientId: client.id, name: `Northwind shop ${i}` });
  await ws.factories.buildPerson({ name: 'Ada Lovelace', email: 'ada@northwind.test' });
  return ws;
}

/** The workspace's identity: the id of its first history row. */
const firstHistoryId = (ws: TestWorkspace) =>
  (ws.session.workspace.sqlite.prepare('SELECT id FROM change_log ORDER BY seq LIMIT 1').get() as { id: string }).id;

const base = (ws: TestWorkspace, folder: string, reason: BackupReason = 'manual') => ({
  folder,
  reason,
  now: new Date('2026-03-01T10:00:00.000Z'),
  appVersion: appVersion(),
  schemaVersion: ws.session.workspace.schemaVersion,
});

async function refusal(p: Promise<unknown>): Promise<BackupError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BackupError);
  return e as BackupError;
}

describe('backup round trips', () => {
  it('a plain backup extracts to a workspace with the same rows, which opens', async () => {
    const ws = await seeded();
    const folder = backupsFolderOf(ws.file);
    expect(folder).toBe(path.join(path.dirname(ws.file), 'ws backups'));
    const progress: { done: number; total: number }[] = [];
    const info = await createBackup(ws.file, { ...base(ws, folder), onProgress: (p) => progress.push(p) });
    expect(info.name).toBe('ws 2026-03-01 100000 manual.rwbackup');
    expect(info).toMatchObject({
      reason: 'manual',
      encrypted: false,
      appVersion: appVersion(),
      workspaceName: 'ws.sqlite',
      createdAt: '2026-03-01T10:00:00.000Z',
    });
    expect(info.schemaVersion).toBe(ws.session.workspace.schemaVersion);
    expect(info.workspaceId).toBe(firstHistoryId(ws));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    expect(fs.readdirSync(folder)).toEqual([info.name]);

    const out = tempDir();
    const restored = await extractBackup(info.file, { dir: out });
    expect(fs.readdirSync(out)).toEqual([path.basename(restored)]);
    expect(tableSnapshot(restored)).toEqual(tableSnapshot(ws.file));
    const opened = openWorkspace(restored, { create: 'never' });
    try {
      expect(opened.schemaVersion).toBe(ws.session.workspace.schemaVersion);
    } finally {
      opened.close();
    }
  });

  it('an encrypted backup reads back only with its passphrase and shows nothing of the records', async () => {
    const ws = await seeded();
    const folder = tempDir();
    const info = await createBackup(ws.file, { ...base(ws, folder), passphrase: 'correct horse battery' });
    expect(info.encrypted).toBe(true);
    const bytes = fs.readFileSync(info.file);
    for (const word of ['Northwind', 'Lovelace', 'SQLite format 3', 'northwind.test']) expect(bytes.includes(Buffer.from(word))).toBe(false);
    const header = JSON.parse(bytes.subarray(29, 29 + bytes.readUInt32BE(25)).toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(header).sort()).toEqual(
      [
        'appVersion',
        'cipher',
        'createdAt',
        'encrypted',
        'format',
        'kdf',
        'keyCheck',
        'payloadBytes',
        'reason',
        'schemaVersion',
        'workspaceId',
        'workspaceName',
      ].sort(),
    );

    const out = tempDir();
    expect((await refusal(extractBackup(info.file, { dir: out }))).kind).toBe('passphrase-needed');
    const wrong = await refusal(extractBackup(info.file, { dir: out, passphrase: 'correct horse battery!' }));
    expect(wrong.kind).toBe('wrong-passphrase');
    expect(wrong.message).toMatch(/^The passphrase does not open this backup/);
    expect(fs.readdirSync(out)).toEqual([]);

    const restored = await extractBackup(info.file, { dir: out, passphrase: 'correct horse battery' });
    expect(tableSnapshot(restored)).toEqual(tableSnapshot(ws.file));
  });

  it('refuses a passphrase shorter than 8 characters and writes nothing', async () => {
    const ws = await seeded();
    const folder = tempDir();
    const e = await refusal(createBackup(ws.file, { ...base(ws, folder), passphrase: 'short' }));
    expect(e.message).toMatch(/at least 8 characters/);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('names backups of the same second apart, never one over another, even when taken at once', async () => {
    const ws = await seeded();
    const folder = tempDir();
    const a = await createBackup(ws.file, base(ws, folder));
    const [b, c] = await Promise.all([createBackup(ws.file, base(ws, folder)), createBackup(ws.file, base(ws, folder))]);
    expect(a.name).toBe('ws 2026-03-01 100000 manual.rwbackup');
    expect([b.name, c.name].sort()).toEqual(['ws 2026-03-01 100000 manual-2.rwbackup', 'ws 2026-03-01 100000 manual-3.rwbackup']);
    expect(fs.readdirSync(folder).sort()).toEqual([a.name, b.name, c.name].sort());
  });

  it('refuses when the folder cannot be made, writing nothing', async () => {
    const ws = await seeded();
    const blocker = path.join(tempDir(), 'a-file');
    fs.writeFileSync(blocker, 'x');
    const e = await refusal(createBackup(ws.file, base(ws, path.join(blocker, 'inside'))));
    expect(e.kind).toBe('failed');
    expect(e.message).toMatch(/cannot be made/);
  });
});

describe('the catalogue', () => {
  it('lists backups newest first with the copies written before a migration, and skips what is not a backup', async () => {
    const ws = await seeded();
    const folder = backupsFolderOf(ws.file);
    await createBackup(ws.file, { ...base(ws, folder, 'daily'), now: new Date('2026-03-02T08:00:00Z') });
    await createBackup(ws.file, { ...base(ws, folder, 'manual'), now: new Date('2026-03-03T08:00:00Z') });
    fs.writeFileSync(path.join(folder, 'notes.rwbackup'), 'not a backup');
    const legacy = `${ws.file}.bak-2026-02-01T09-30-00-000Z-before-migration`;
    fs.copyFileSync(ws.file, legacy);
    const list = listBackups(folder, ws.file);
    expect(list.map((b) => [b.reason, b.createdAt])).toEqual([
      ['manual', '2026-03-03T08:00:00.000Z'],
      ['daily', '2026-03-02T08:00:00.000Z'],
      ['before-migration', '2026-02-01T09:30:00.000Z'],
    ]);
    expect(list[2]).toMatchObject({ appVersion: null, schemaVersion: null, encrypted: false, workspaceName: 'ws.sqlite', file: legacy });
    const out = tempDir();
    expect(tableSnapshot(await extractBackup(legacy, { dir: out }))).toEqual(tableSnapshot(legacy));
  });

  it('refuses a file that is not a backup with its kind', async () => {
    const dir = tempDir();
    const text = path.join(dir, 'readme.rwbackup');
    fs.writeFileSync(text, 'hello');
    expect(() => readBackupInfo(text)).toThrow(expect.objectContaining({ kind: 'not-a-backup', file: text }));
    const other = path.join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => readBackupInfo(other)).toThrow(expect.objectContaining({ kind: 'not-a-backup' }));
    await expect(extractBackup(other, { dir: tempDir() })).rejects.toMatchObject({ kind: 'not-a-backup' });
  });
});

describe('retention', () => {
  /** A backup file with only its header's time and reason mattering. */
  async function backupsAt(ws: TestWorkspace, folder: string, at: [string, BackupReason][]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const [iso, reason] of at) names.set(`${iso} ${reason}`, (await createBackup(ws.file, { ...base(ws, folder, reason), now: new Date(iso) })).file);
    return names;
  }

  it('keeps the newest of each of the last days and ISO weeks, every manual backup, and what is less than a day old', async () => {
    const ws = await seeded();
    const folder = tempDir();
    const made = await backupsAt(ws, folder, [
      ['2026-02-02T09:00:00.000Z', 'daily'], // Monday of ISO week 6
      ['2026-02-06T09:00:00.000Z', 'daily'], // Friday of week 6: the newest of that week
      ['2026-02-10T09:00:00.000Z', 'manual'], // week 7, made by hand
      ['2026-02-16T09:00:00.000Z', 'daily'], // week 8
      ['2026-02-28T08:00:00.000Z', 'daily'], // Saturday
      ['2026-02-28T20:00:00.000Z', 'before-restore'], // the same Saturday, later
      ['2026-03-01T07:00:00.000Z', 'daily'], // Sunday, less than a day old
      ['2026-03-01T09:00:00.000Z', 'before-import'], // Sunday, less than a day old
    ]);
    const removed = applyRetention(folder, { keepDaily: 2, keepWeekly: 3, now: new Date('2026-03-01T10:00:00.000Z'), workspaceId: firstHistoryId(ws) });
    // Safety copies (before-*) have their own rule and take no day. Days kept: 1 March and 28 February;
    // weeks kept: week 9 (1 March's), week 8 (16 Feb, since 28 Feb is in week 9) and week 6 (6 Feb).
    expect(removed).toEqual([made.get('2026-02-02T09:00:00.000Z daily')]);
    expect(listBackups(folder).map((b) => `${b.createdAt} ${b.reason}`)).toEqual([
      '2026-03-01T09:00:00.000Z before-import',
      '2026-03-01T07:00:00.000Z daily',
      '2026-02-28T20:00:00.000Z before-restore',
      '2026-02-28T08:00:00.000Z daily',
      '2026-02-16T09:00:00.000Z daily',
      '2026-02-10T09:00:00.000Z manual',
      '2026-02-06T09:00:00.000Z daily',
    ]);
  });

  it('keeps no weekly backups with keepWeekly 0, and counts days in the time zone', async () => {
    const ws = await seeded();
    const folder = tempDir();
    await backupsAt(ws, folder, [
      ['2026-02-20T23:30:00.000Z', 'daily'], // 21 February in Berlin
      ['2026-02-21T08:00:00.000Z', 'daily'], // 21 February too
      ['2026-02-21T23:30:00.000Z', 'daily'], // 22 February in Berlin
    ]);
    const at = { now: new Date('2026-03-01T10:00:00.000Z'), timeZone: 'Europe/Berlin', workspaceId: firstHistoryId(ws) };
    const removed = applyRetention(folder, { keepDaily: 5, keepWeekly: 0, ...at });
    expect(removed.map((f) => path.basename(f))).toEqual(['ws 2026-02-20 233000 daily.rwbackup']);
    expect(applyRetention(folder, { keepDaily: 1, keepWeekly: 0, ...at })).toHaveLength(1);
    expect(listBackups(folder).map((b) => b.name)).toEqual(['ws 2026-02-21 233000 daily.rwbackup']);
  });
});

describe('retention in a folder several workspaces share', () => {
  it("removes only the current workspace's automatic backups: never another's of the same name, nor one without an identity", async () => {
    const a = await seeded();
    const b = await seeded();
    expect(path.basename(a.file)).toBe(path.basename(b.file));
    const folder = tempDir();
    const days = ['2026-02-20T09:00:00.000Z', '2026-02-21T09:00:00.000Z', '2026-02-22T09:00:00.000Z'];
    const made = { a: [] as string[], b: [] as string[] };
    for (const day of days) {
      made.a.push((await createBackup(a.file, { ...base(a, folder, 'daily'), now: new Date(day) })).file);
      made.b.push((await createBackup(b.file, { ...base(b, folder, 'daily'), now: new Date(day) })).file);
    }
    expect(new Set(listBackups(folder).map((x) => x.workspaceId))).toEqual(new Set([firstHistoryId(a), firstHistoryId(b)]));
    // A backup written before identities were recorded: its header has none.
    const legacy = withoutIdentity(made.a[0]!);
    const removed = applyRetention(folder, { keepDaily: 1, keepWeekly: 0, now: new Date('2026-03-01T10:00:00.000Z'), workspaceId: firstHistoryId(a) });
    expect(removed.sort()).toEqual(made.a.slice(0, 2).sort());
    expect(fs.existsSync(legacy)).toBe(true);
    for (const f of made.b) expect(fs.existsSync(f)).toBe(true);
    expect(readBackupInfo(legacy).workspaceId).toBeNull();
  });
});

/** A copy (beside it, an earlier second's name) of plain backup `file` with no workspaceId in its header, its checksum recomputed. */
function withoutIdentity(file: string): string {
  const bytes = fs.readFileSync(file);
  const length = bytes.readUInt32BE(25);
  const { workspaceId: _id, ...header } = JSON.parse(bytes.subarray(29, 29 + length).toString('utf8')) as Record<string, unknown>;
  const json = Buffer.from(JSON.stringify({ ...header, createdAt: '2026-02-19T09:00:00.000Z' }));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  const head = Buffer.concat([bytes.subarray(0, 25), len, json]);
  const out = path.join(path.dirname(file), 'ws 2026-02-19 090000 daily.rwbackup');
  fs.writeFileSync(out, Buffer.concat([head, crypto.createHash('sha256').update(head).digest(), bytes.subarray(29 + length + 32)]));
  return out;
}

/** A copy of plain backup `file` (beside it) whose header says it was taken at `createdAt` for `reason`, its checksum recomputed. */
function restamped(file: string, createdAt: string, reason: BackupReason): string {
  const bytes = fs.readFileSync(file);
  const length = bytes.readUInt32BE(25);
  const header = JSON.parse(bytes.subarray(29, 29 + length).toString('utf8')) as Record<string, unknown>;
  const json = Buffer.from(JSON.stringify({ ...header, createdAt, reason }));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  const head = Buffer.concat([bytes.subarray(0, 25), len, json]);
  const out = path.join(path.dirname(file), `ws ${createdAt.slice(0, 10)} ${createdAt.slice(11, 19).replace(/:/g, '')} ${reason}.rwbackup`);
  fs.writeFileSync(out, Buffer.concat([head, crypto.createHash('sha256').update(head).digest(), bytes.subarray(29 + length + 32)]));
  return out;
}

describe('retention of safety copies', () => {
  it('keeps the newest ten of each reason and every one younger than 30 days, whatever the daily settings', async () => {
    const ws = await seeded();
    const folder = tempDir();
    const id = firstHistoryId(ws);
    const now = new Date('2026-06-30T10:00:00.000Z');
    const model = (await createBackup(ws.file, { ...base(ws, folder, 'before-restore'), now: new Date('2026-06-29T09:00:00.000Z') })).file;
    // Before-restore copies every five days from 14 June back to 9 April: three inside 30 days.
    const restores = Array.from({ length: 16 }, (_, i) => restamped(model, new Date(Date.UTC(2026, 5, 14 - 5 * i, 9)).toISOString(), 'before-restore'));
    const oldImport = restamped(model, '2025-01-01T09:00:00.000Z', 'before-import');
    const oldMigration = restamped(model, '2025-01-02T09:00:00.000Z', 'before-migration');
    const removed = applyRetention(folder, { keepDaily: 1, keepWeekly: 0, now, workspaceId: id });
    // Of the 17 before-restore copies the 10 newest are kept (the 4 younger than 30 days among them); an old
    // import's and an old migration's copy are the newest of their reason.
    const kept = [model, ...restores.slice(0, 9)];
    expect(removed.sort()).toEqual(restores.slice(9).sort());
    for (const f of [...kept, oldImport, oldMigration]) expect(fs.existsSync(f), f).toBe(true);
    // The daily thinning is not theirs: a daily backup beside them is judged alone.
    const daily = restamped(model, '2026-06-20T09:00:00.000Z', 'daily');
    const newerDaily = restamped(model, '2026-06-21T09:00:00.000Z', 'daily');
    expect(applyRetention(folder, { keepDaily: 1, keepWeekly: 0, now, workspaceId: id })).toEqual([daily]);
    expect(fs.existsSync(newerDaily)).toBe(true);
    // Eleven recent imports: all younger than 30 days, all kept; the old one is now past the ten newest.
    const imports = Array.from({ length: 11 }, (_, i) => restamped(model, new Date(Date.UTC(2026, 5, 28 - i, 9)).toISOString(), 'before-import'));
    expect(applyRetention(folder, { keepDaily: 1, keepWeekly: 0, now, workspaceId: id })).toEqual([oldImport]);
    for (const f of imports) expect(fs.existsSync(f), f).toBe(true);
  });
});

describe('a backup dated in the future', () => {
  it('takes no day or week, is never removed, and does not hold the daily backup off', async () => {
    const ws = await seeded();
    const folder = tempDir();
    const id = firstHistoryId(ws);
    const now = new Date('2026-03-01T10:00:00.000Z');
    const future = await createBackup(ws.file, { ...base(ws, folder, 'daily'), now: new Date('2027-01-01T09:00:00.000Z') });
    const older = await createBackup(ws.file, { ...base(ws, folder, 'daily'), now: new Date('2026-02-27T09:00:00.000Z') });
    const oldest = await createBackup(ws.file, { ...base(ws, folder, 'daily'), now: new Date('2026-02-20T09:00:00.000Z') });
    const entries = listBackups(folder);
    // The daily backup's "last" is the newest one not in the future: due today.
    expect(lastDailyBackup(entries, id, now)).toBe(older.createdAt);
    expect(dailyBackupDue(lastDailyBackup(entries, id, now), now, 'UTC')).toBe(true);
    expect(lastDailyBackup(entries, 'another workspace', now)).toBeNull();
    // With one day kept, the day slot goes to 27 February, not to the future one, which stays anyway.
    expect(applyRetention(folder, { keepDaily: 1, keepWeekly: 0, now, workspaceId: id })).toEqual([oldest.file]);
    expect(fs.existsSync(future.file)).toBe(true);
    expect(fs.existsSync(older.file)).toBe(true);
  });
});

describe('dailyBackupDue', () => {
  it('is due with no backup, and once a new day begins in the workspace time zone', () => {
    const tz = 'America/New_York';
    expect(dailyBackupDue(null, new Date('2026-03-01T10:00:00Z'), tz)).toBe(true);
    // 23:30 in New York on 28 February; midnight there is 05:00 UTC on 1 March.
    const last = '2026-03-01T04:30:00.000Z';
    expect(dailyBackupDue(last, new Date('2026-03-01T04:59:59Z'), tz)).toBe(false);
    expect(dailyBackupDue(last, new Date('2026-03-01T05:00:00Z'), tz)).toBe(true);
    // In UTC the same two instants are on the same day.
    expect(dailyBackupDue(last, new Date('2026-03-01T05:00:00Z'), 'UTC')).toBe(false);
  });

  it('is due when the last backup is dated later than now (a clock that was ahead), beyond five minutes', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    expect(dailyBackupDue('2026-03-05T10:00:00Z', now, 'UTC')).toBe(true);
    expect(dailyBackupDue('2026-03-01T10:06:00Z', now, 'UTC')).toBe(true);
    // Two machines' clocks a little apart: a backup a few minutes "ahead" still counts as today's.
    expect(dailyBackupDue('2026-03-01T10:04:00Z', now, 'UTC')).toBe(false);
  });
});

describe('appVersion', () => {
  it("is package.json's version", () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as { version: string };
    expect(appVersion()).toBe(pkg.version);
  });
});
