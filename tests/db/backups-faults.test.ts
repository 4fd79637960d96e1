/**
 * Backups under faults: bytes flipped in the header, the payload and the tag, a file cut short, an
 * unknown format version, a backup taken while another program keeps writing, and a backup process
 * killed (SIGKILL) while copying and while writing. Each leaves the workspace as it was and nothing
 * under a backup's final name that is not a whole backup.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '@db/client';
import { appVersion, BackupError, createBackup, extractBackup, listBackups, readBackupInfo, removeStalePrivateFolders } from '@main/backups/index';
import { hostTag } from '@main/backups/files';
import { KDF_LIMIT } from '@main/backups/format';
import { TEST_PAUSE_ENV } from '@main/backups/worker-tasks';
import { closeWorkers } from '@main/workers/index';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(async () => {
  await closeWorkers();
});

const PASSPHRASE = 'a long enough passphrase';

async function seeded(sites = 3): Promise<TestWorkspace> {
  const ws = openTestWorkspace();
  for (let i = 0; i < sites; i += 1) await ws.factories.buildSite();
  return ws;
}

async function backup(ws: TestWorkspace, passphrase?: string) {
  return createBackup(ws.file, {
    folder: tempDir(),
    reason: 'manual',
    now: new Date('2026-03-01T10:00:00Z'),
    appVersion: appVersion(),
    schemaVersion: ws.session.workspace.schemaVersion,
    ...(passphrase ? { passphrase } : {}),
  });
}

async function refusal(p: Promise<unknown>): Promise<BackupError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BackupError);
  return e as BackupError;
}

function flipByte(file: string, at: number): void {
  const b = fs.readFileSync(file);
  b[at] = b[at]! ^ 0x01;
  fs.writeFileSync(file, b);
}

/** Where the parts of a container start: the header JSON, the payload, the tag (or the end). */
function layout(file: string) {
  const b = fs.readFileSync(file);
  const headerLength = b.readUInt32BE(25);
  const payload = 29 + headerLength + 32;
  return { json: 29, payload, end: b.length };
}

/** A copy of backup `file` whose header JSON `change` rewrote, with the header checksum recomputed so only deeper checks can tell. */
function forged(file: string, change: (header: Record<string, unknown>) => Record<string, unknown>): string {
  const b = fs.readFileSync(file);
  const headerLength = b.readUInt32BE(25);
  const header = JSON.parse(b.subarray(29, 29 + headerLength).toString('utf8')) as Record<string, unknown>;
  const json = Buffer.from(JSON.stringify(change(header)));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  const head = Buffer.concat([b.subarray(0, 25), length, json]);
  const out = path.join(tempDir(), path.basename(file));
  fs.writeFileSync(out, Buffer.concat([head, crypto.createHash('sha256').update(head).digest(), b.subarray(29 + headerLength + 32)]));
  return out;
}

function sha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('damaged backups are refused, and nothing is extracted', () => {
  for (const encrypted of [false, true]) {
    const kind = encrypted ? 'encrypted' : 'plain';
    it(`${encrypted ? 'an' : 'a'} ${kind} backup with a byte flipped in the header, the payload or the tag, or cut short`, async () => {
      const ws = await seeded();
      const info = await backup(ws, encrypted ? PASSPHRASE : undefined);
      const { json, payload, end } = layout(info.file);
      const places: [string, number][] = [
        ['header', json + 10],
        ['payload', payload + Math.floor((end - payload) / 2)],
        ['last byte (the tag when encrypted)', end - 1],
      ];
      for (const [where, at] of places) {
        const copy = path.join(tempDir(), info.name);
        fs.copyFileSync(info.file, copy);
        flipByte(copy, at);
        const out = tempDir();
        const e = await refusal(extractBackup(copy, { dir: out, passphrase: PASSPHRASE }));
        expect({ where, kind: e.kind }).toEqual({ where, kind: 'damaged' });
        expect(e.message).toContain(copy);
        expect(fs.readdirSync(out)).toEqual([]);
      }
      const cut = path.join(tempDir(), info.name);
      fs.writeFileSync(cut, fs.readFileSync(info.file).subarray(0, end - 1000));
      expect(() => readBackupInfo(cut)).toThrow(expect.objectContaining({ kind: 'damaged', message: expect.stringContaining('cut short') }));
      const out = tempDir();
      await expect(extractBackup(cut, { dir: out, passphrase: PASSPHRASE })).rejects.toMatchObject({ kind: 'damaged' });
      expect(fs.readdirSync(out)).toEqual([]);
      // The original still extracts: the checks above refused the copies, not the backup.
      expect(fs.existsSync(await extractBackup(info.file, { dir: tempDir(), passphrase: PASSPHRASE }))).toBe(true);
    });
  }

  it('a backup of an unknown format version is refused as such, naming the version', async () => {
    const ws = await seeded(1);
    const info = await backup(ws);
    const b = fs.readFileSync(info.file);
    const headerLength = b.readUInt32BE(25);
    const header = JSON.parse(b.subarray(29, 29 + headerLength).toString('utf8')) as Record<string, unknown>;
    const json = Buffer.from(JSON.stringify({ ...header, format: 2, appVersion: '9.0.0' }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(json.length);
    const head = Buffer.concat([b.subarray(0, 25), length, json]);
    const newer = path.join(tempDir(), 'newer.rwbackup');
    fs.writeFileSync(newer, Buffer.concat([head, crypto.createHash('sha256').update(head).digest(), b.subarray(29 + headerLength + 32)]));
    expect(() => readBackupInfo(newer)).toThrow(
      expect.objectContaining({ kind: 'unknown-format', message: expect.stringMatching(/format 2, written by Rollout Workbench 9\.0\.0/) }),
    );
  });

  it('an encrypted backup whose header was changed and its checksum recomputed fails the authentication tag', async () => {
    const ws = await seeded(1);
    const info = await backup(ws, PASSPHRASE);
    for (const change of [
      (h: Record<string, unknown>) => ({ ...h, createdAt: '2020-01-01T00:00:00.000Z' }),
      (h: Record<string, unknown>) => ({ ...h, reason: 'daily', workspaceName: 'other.sqlite' }),
      (h: Record<string, unknown>) => ({ ...h, workspaceId: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' }),
    ]) {
      const copy = forged(info.file, change);
      // The header alone reads: its checksum holds.
      expect(readBackupInfo(copy).encrypted).toBe(true);
      const out = tempDir();
      const e = await refusal(extractBackup(copy, { dir: out, passphrase: PASSPHRASE }));
      expect(e.kind).toBe('damaged');
      expect(e.message).toMatch(/fails its authentication check/);
      expect(fs.readdirSync(out)).toEqual([]);
    }
  });

  it('refuses a header asking for more key-derivation work than the app writes, before deriving anything', async () => {
    const ws = await seeded(1);
    const info = await backup(ws, PASSPHRASE);
    const kdf = (
      JSON.parse(
        fs
          .readFileSync(info.file)
          .subarray(29, 29 + fs.readFileSync(info.file).readUInt32BE(25))
          .toString('utf8'),
      ) as { kdf: Record<string, unknown> }
    ).kdf;
    expect(kdf).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    for (const hostile of [{ N: 2 ** 20 }, { N: 2 ** 30 }, { r: 16 }, { p: 4 }, { N: 1e300 }, { r: 'lots' }]) {
      const copy = forged(info.file, (h) => ({ ...h, kdf: { ...kdf, ...hostile } }));
      expect(() => readBackupInfo(copy)).toThrow(
        expect.objectContaining({ kind: 'damaged', message: expect.stringMatching(/its key derivation asks for more work than Rollout Workbench ever uses/) }),
      );
      const started = performance.now();
      await expect(extractBackup(copy, { dir: tempDir(), passphrase: PASSPHRASE })).rejects.toMatchObject({ kind: 'damaged' });
      expect(performance.now() - started).toBeLessThan(2000);
    }
    // The limit itself is still read (a later version may double the work once).
    const atLimit = forged(info.file, (h) => ({ ...h, kdf: { ...kdf, N: KDF_LIMIT.N, p: KDF_LIMIT.p } }));
    expect(readBackupInfo(atLimit).encrypted).toBe(true);
    await expect(extractBackup(atLimit, { dir: tempDir(), passphrase: PASSPHRASE })).rejects.toMatchObject({ kind: 'wrong-passphrase' });
  });

  it('a file that is not a backup, and an empty one', async () => {
    const dir = tempDir();
    const png = path.join(dir, 'picture.rwbackup');
    fs.writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    await expect(extractBackup(png, { dir })).rejects.toMatchObject({ kind: 'not-a-backup', file: png });
    const empty = path.join(dir, 'empty.rwbackup');
    fs.writeFileSync(empty, '');
    expect(() => readBackupInfo(empty)).toThrow(expect.objectContaining({ kind: 'not-a-backup' }));
  });
});

describe('room on the disk', () => {
  it('refuses with disk-full before writing anything when the disk cannot hold the backup', async () => {
    // A sparse file as large as a workspace that no test disk can hold twice: stat says 10 TB, the disk holds almost nothing of it.
    const huge = path.join(tempDir(), 'huge.sqlite');
    fs.closeSync(fs.openSync(huge, 'w'));
    fs.truncateSync(huge, 10 * 1024 ** 4);
    const folder = tempDir();
    const e = await refusal(createBackup(huge, { folder, reason: 'manual', now: new Date(), appVersion: appVersion(), schemaVersion: 1 }));
    expect(e.kind).toBe('disk-full');
    expect(e.message).toMatch(
      /^The disk holding .* is full: the backup needs about \d+ MB and \d+ MB are free\. Free \d+ MB or choose another folder; nothing was written\.$/,
    );
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});

/** Runs a TypeScript file of the repository in a child process; its stdout lines are collected. */
function runTs(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  let out = '';
  let err = '';
  const waiters: { test: (s: string) => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (!w.test(out)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.once('exit', () => {
    for (const w of waiters.splice(0)) w.reject(new Error(`the child ended first:\n${out}\n${err}`));
  });
  return Object.assign(child, {
    /** What the child printed so far. */
    output: () => out,
    /** Resolves once the child's output satisfies `test`. */
    until: (test: (s: string) => boolean) => (test(out) ? Promise.resolve() : new Promise<void>((resolve, reject) => waiters.push({ test, resolve, reject }))),
  });
}

function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** The private folders of backups in `dir` (holding the raw copies) and the files in them. */
function privateCopies(dir: string): { folders: string[]; files: string[] } {
  const folders = fs.readdirSync(dir).filter((n) => /^rollout-workbench-backup-/.test(n));
  return { folders, files: folders.flatMap((f) => fs.readdirSync(path.join(dir, f))) };
}

/** Whether any file in `folder` holds the workspace's bytes in the clear. */
function plaintextIn(folder: string): boolean {
  return fs.readdirSync(folder).some((n) => fs.readFileSync(path.join(folder, n)).includes(Buffer.from('SQLite format 3')));
}

describe('a backup killed with SIGKILL', () => {
  for (const moment of ['copy', 'write'] as const) {
    it(`while ${moment === 'copy' ? 'copying' : 'writing the container'}: the workspace is unchanged, no backup and no plaintext in the destination, and the leftovers go`, async () => {
      const ws = await seeded(5);
      ws.session.close();
      const before = sha(ws.file);
      const folder = tempDir();
      const scratch = tempDir();
      const child = runTs('tests/db/fixtures/backup-child.ts', [ws.file, folder, moment], {
        BACKUP_PASSPHRASE: PASSPHRASE,
        TMPDIR: scratch,
        TMP: scratch,
        TEMP: scratch,
        ...(moment === 'copy' ? { [TEST_PAUSE_ENV]: 'copy' } : {}),
      });
      await child.until((s) => s.includes('progress\n'));
      await killed(child);
      expect(sha(ws.file)).toBe(before);
      const left = fs.readdirSync(folder);
      expect(left.filter((n) => n.endsWith('.rwbackup'))).toEqual([]);
      // The raw copy was in the private folder only: the destination never holds the workspace readable.
      expect(plaintextIn(folder)).toBe(false);
      const copies = privateCopies(scratch);
      expect(copies.folders).toEqual([expect.stringContaining(`-${child.pid}-`)]);
      expect(fs.statSync(path.join(scratch, copies.folders[0]!)).mode & 0o777).toBe(0o700);
      // Killed while copying (the worker had reported its first page and was held there): the copy was under way, no container begun.
      if (moment === 'copy') expect({ copy: copies.files.includes('copy.sqlite'), left }).toEqual({ copy: true, left: [] });
      if (moment === 'write') expect(left).toEqual([expect.stringMatching(new RegExp(`\\.${hostTag()}-${child.pid}-\\d+\\.partial$`))]);
      for (const n of left) expect(fs.statSync(path.join(folder, n)).mode & 0o777).toBe(0o600);

      const opened = openWorkspace(ws.file, { create: 'never' });
      try {
        expect(opened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        expect((opened.sqlite.prepare('SELECT count(*) AS n FROM sites').get() as { n: number }).n).toBe(5);
      } finally {
        opened.close();
      }
      // Listing only reads: what the killed backup left stays until the next backup.
      expect(listBackups(folder)).toEqual([]);
      expect(fs.readdirSync(folder)).toEqual(left);
      expect(removeStalePrivateFolders([scratch])).toEqual([path.join(scratch, copies.folders[0]!)]);
      const next = await createBackup(ws.file, { folder, reason: 'daily', now: new Date(), appVersion: appVersion(), schemaVersion: 1 });
      expect(fs.readdirSync(folder)).toEqual([next.name]);
      expect(privateCopies(scratch).folders).toEqual([]);
    });
  }
});

describe('a backup taken while another program keeps writing', () => {
  it('holds the rows written while the copy was under way, opens clean and holds every site with its history row', async () => {
    const ws = await seeded(20);
    const writer = runTs('tests/db/fixtures/backup-writer.ts', [ws.file]);
    await writer.until((s) => /wrote 5\n/.test(s));
    const written = () => Math.max(0, ...[...writer.output().matchAll(/wrote (\d+)\n/g)].map((m) => Number(m[1])));
    // Workers read the environment when they start: a fresh pool with the copy paused for 1.5 s after its first page.
    await closeWorkers();
    process.env[TEST_PAUSE_ENV] = 'copy:1500';
    const made: { info: Awaited<ReturnType<typeof backup>>; passphrase?: string; atStart: number; atEnd: number }[] = [];
    try {
      for (const passphrase of [undefined, PASSPHRASE]) {
        let atStart = -1;
        const info = await createBackup(ws.file, {
          folder: tempDir(),
          reason: 'manual',
          now: new Date('2026-03-01T10:00:00Z'),
          appVersion: appVersion(),
          schemaVersion: ws.session.workspace.schemaVersion,
          ...(passphrase ? { passphrase } : {}),
          onProgress: ({ done }) => {
            if (atStart < 0 && done > 0) atStart = written();
          },
        });
        made.push({ info, ...(passphrase ? { passphrase } : {}), atStart, atEnd: written() });
      }
    } finally {
      delete process.env[TEST_PAUSE_ENV];
      await closeWorkers();
    }
    await killed(writer);
    for (const { info, passphrase, atStart, atEnd } of made) {
      // Rows were committed by the other program between the copy's first page and its end.
      expect(atStart).toBeGreaterThan(0);
      expect(atEnd - atStart).toBeGreaterThan(0);
      const restored = await extractBackup(info.file, { dir: tempDir(), ...(passphrase ? { passphrase } : {}) });
      const db = new Database(restored, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const sites = (db.prepare('SELECT count(*) AS n FROM sites').get() as { n: number }).n;
        const byWriter = (db.prepare("SELECT count(*) AS n FROM sites WHERE name LIKE 'Written site %'").get() as { n: number }).n;
        const created = (db.prepare("SELECT count(*) AS n FROM change_log WHERE entity = 'site' AND action = 'create'").get() as { n: number }).n;
        // The copy holds what was committed while it was paused: it is the workspace as of its end, whole.
        expect(byWriter).toBeGreaterThan(atStart);
        expect(created).toBe(sites);
      } finally {
        db.close();
      }
      const opened = openWorkspace(restored, { create: 'never' });
      opened.close();
    }
  });
});
