/**
 * The backup taken before a migration: the free-space check, writing it under a temporary name and
 * renaming it once whole, and removing the unfinished backups a killed open left behind.
 */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { OpenOptions } from './client';
import { MB, refusal } from './open-errors';

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

/** Free bytes in the folder holding `file`, or null when that cannot be told. */
export function freeBytes(file: string, statfs: NonNullable<OpenOptions['statfs']>): number | null {
  try {
    const { bavail, bsize } = statfs(path.dirname(path.resolve(file)));
    return Number(bavail) * Number(bsize);
  } catch {
    return null;
  }
}

/**
 * Writes the backup taken before a migration, after checking there is room for it: the file's size
 * plus a margin (the migration itself needs space too). The backup is written under a hidden temporary
 * name in the same folder (`.FILE.bak-<time>-before-migration.<process id>.partial`), flushed to disk
 * and only then renamed to its final name, so a file under the final name is always a whole backup,
 * even when the app is killed while writing it. A backup that fails for any reason is removed and the
 * open refused, so a full disk never leaves a truncated backup that looks like a good one.
 */
export function writeBackup(sqlite: Database.Database, file: string, now: () => Date, statfs: NonNullable<OpenOptions['statfs']>): string {
  const dir = path.dirname(path.resolve(file));
  const size = fileSize(file) + fileSize(`${file}-wal`);
  const needed = size + Math.max(16 * MB, Math.ceil(size * 0.1));
  const { bavail, bsize } = statfs(dir);
  const free = Number(bavail) * Number(bsize);
  if (free < needed) {
    throw refusal(
      'disk-full',
      file,
      `The disk is full: nothing was changed. ${file} needs migrating to this app version, and a backup is written first; free at least ${Math.ceil((needed - free) / MB)} MB on the disk that holds it and open it again.`,
    );
  }
  const backup = `${file}.bak-${stamp(now())}-before-migration`;
  const partial = path.join(dir, `.${path.basename(backup)}.${process.pid}.partial`);
  try {
    sqlite.exec(`VACUUM INTO '${partial.replace(/'/g, "''")}'`);
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, backup);
    syncFolder(dir);
  } catch (err) {
    for (const f of [partial, `${partial}-journal`, backup]) fs.rmSync(f, { force: true });
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE') {
      throw refusal(
        'disk-full',
        file,
        `The disk is full: nothing was changed. The backup of ${file} taken before migrating it did not fit; free some space on its disk and open it again.`,
      );
    }
    throw refusal(
      'backup-failed',
      file,
      `${file} needs migrating to this app version, but the backup taken first could not be written (${err instanceof Error ? err.message : String(err)}). Nothing was changed; check that you may write to its folder and open it again.`,
    );
  }
  return backup;
}

/** A backup that a killed migration left under its temporary name: `.FILE.bak-<time>-before-migration.<pid>.partial`, maybe with its journal. */
const PARTIAL_BACKUP = /^\.(.+)\.bak-[0-9TZ-]+-before-migration\.(\d+)\.partial(-journal)?$/;

/**
 * Removes backups of `file` that an earlier open began but never finished (the app was killed while
 * writing them): only files under the temporary name writeBackup uses, and only when the process that
 * wrote them is gone. Returns how many were removed.
 */
export function removeUnfinishedBackups(file: string): number {
  const dir = path.dirname(path.resolve(file));
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    const m = PARTIAL_BACKUP.exec(name);
    if (!m || m[1] !== path.basename(file)) continue;
    const pid = Number(m[2]);
    if (pid !== process.pid && processIsRunning(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    if (!m[3]) removed += 1;
  }
  return removed;
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes a rename in `dir` durable (where the platform can flush a folder). */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for flushing; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
