/**
 * Where backups go and what they are called: the automatic backups folder beside the workspace, names
 * that sort by time, the temporary names a backup is written under until it is whole, and the removal
 * of the temporary files a killed process left.
 */
import { syncFolder } from '@db/backups';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupReason } from './errors';

export const BACKUP_EXTENSION = '.rwbackup';

/** The workspace's name without `.sqlite`. */
export function workspaceStem(workspaceFile: string): string {
  return path.basename(workspaceFile).replace(/\.sqlite$/i, '');
}

/** The automatic backups folder of a workspace: `<dir>/<stem> backups/`. */
export function backupsFolderOf(workspaceFile: string): string {
  const resolved = path.resolve(workspaceFile);
  return path.join(path.dirname(resolved), `${workspaceStem(resolved)} backups`);
}

/** `<stem> YYYY-MM-DD HHMMSS <reason>` in UTC: the names sort by time in any file manager. */
export function backupBaseName(workspaceFile: string, now: Date, reason: BackupReason): string {
  const iso = now.toISOString();
  return `${workspaceStem(workspaceFile)} ${iso.slice(0, 10)} ${iso.slice(11, 19).replace(/:/g, '')} ${reason}`;
}

let written = 0;
const DAY_MS = 24 * 60 * 60 * 1000;

/** This machine's name as it may stand in a file name (a backups folder may be shared by several machines). */
export function hostTag(): string {
  return os.hostname().replace(/[^A-Za-z0-9_]+/g, '_') || 'host';
}

/**
 * The hidden name a backup is written under until it is whole: `.<name>.<host>-<pid>-<n>.partial`
 * (`n` tells apart two backups of the same second in one process). The host and the process say who
 * is writing it, so a cleanup on one machine never takes a file another machine is still writing.
 */
export function partialName(name: string): string {
  written += 1;
  return `.${name}.${hostTag()}-${process.pid}-${written}.partial`;
}

const PARTIAL = /^\.(.+\.rwbackup)\.([A-Za-z0-9_]+)-(\d+)-\d+\.partial$/;

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether what process `pid` of machine `host` wrote may go: never this process's own; a process of
 * this machine that is gone; else (another machine, or a process id since reused) untouched for a day.
 */
function abandoned(file: string, host: string, pid: number, now = Date.now()): boolean {
  const here = host === hostTag();
  if (here && pid === process.pid) return false;
  if (here && !processIsRunning(pid)) return true;
  try {
    return now - fs.statSync(file).mtimeMs > DAY_MS;
  } catch {
    return false;
  }
}

/**
 * Removes what a backup that never finished left in `folder` (its process was killed or the machine
 * stopped): only files under the temporary names, and only those of a process of this machine that is
 * gone, or (from any machine) untouched for a day. A file under a final name is always whole, so
 * nothing else is touched. Returns the files removed.
 */
export function removeUnfinished(folder: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = PARTIAL.exec(name);
    if (!m) continue;
    const file = path.join(folder, name);
    if (!abandoned(file, m[2]!, Number(m[3]))) continue;
    fs.rmSync(file, { force: true });
    removed.push(file);
  }
  return removed;
}

/** The private temporary folders of backups and restores: `rollout-workbench-<kind>-<host>-<pid>-XXXXXX` (hidden beside a workspace). */
const PRIVATE = /^\.?rollout-workbench-(?:backup|restore)-(?:([A-Za-z0-9_]+)-(\d+)-)?[A-Za-z0-9]{6}$/;

/**
 * A new folder only this user may open (mode 0700), in `parent`, for the raw copy of a workspace or a
 * backup being restored; its name says which process of which machine made it, so a later run can
 * remove it when that process is gone (removeStalePrivateFolders).
 */
export function makePrivateFolder(parent: string, kind: 'backup' | 'restore', hidden = false): string {
  const dir = fs.mkdtempSync(path.join(parent, `${hidden ? '.' : ''}rollout-workbench-${kind}-${hostTag()}-${process.pid}-`));
  fs.chmodSync(dir, 0o700);
  return dir;
}

/**
 * Removes the private folders of backups and restores in `parents` that a killed process left: those
 * of a process of this machine that is gone, and any untouched for a day (folders from before their
 * name carried the process). Folders of running processes are left alone. Returns the folders removed.
 */
export function removeStalePrivateFolders(parents: readonly string[]): string[] {
  const removed: string[] = [];
  for (const parent of new Set(parents.map((p) => path.resolve(p)))) {
    let names: string[];
    try {
      names = fs.readdirSync(parent);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = PRIVATE.exec(name);
      if (!m) continue;
      const dir = path.join(parent, name);
      const gone = m[1] !== undefined ? abandoned(dir, m[1], Number(m[2])) : abandoned(dir, '', -1);
      if (!gone) continue;
      try {
        fs.rmSync(dir, { recursive: true, force: true });
        removed.push(dir);
      } catch {
        // Another user's folder, or one in use on a system that locks open files: left for the next run.
      }
    }
  }
  return removed;
}

/** Flushes a file to disk. */
export { syncFolder };

export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

type Link = (existing: string, created: string) => void;

/**
 * Gives the finished file `partial` its final name in `folder`, never replacing a file: the first of
 * `<base>.rwbackup`, `<base>-2.rwbackup`, … that does not exist. A hard link fails when the name is
 * taken, even by another process at the same instant. Where the file system has no hard links (FAT
 * drives, some network shares) the name is first taken with an exclusive create, which fails the same
 * way when the name exists, and the partial is then renamed onto that empty file of its own: a rename
 * never lands on a file this process did not just create. (`link` is replaceable for tests.)
 */
export function placeFinished(partial: string, folder: string, base: string, link: Link = fs.linkSync): string {
  let linkable = true;
  for (let n = 1; n < 1000; n += 1) {
    const final = path.join(folder, `${base}${n === 1 ? '' : `-${n}`}${BACKUP_EXTENSION}`);
    if (linkable) {
      try {
        link(partial, final);
        fs.rmSync(partial, { force: true });
        return final;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
        linkable = false;
      }
    }
    let fd: number;
    try {
      fd = fs.openSync(final, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    fs.closeSync(fd);
    try {
      fs.renameSync(partial, final);
    } catch (e) {
      fs.rmSync(final, { force: true });
      throw e;
    }
    return final;
  }
  throw new Error(`Too many backups named ${base} in ${folder}.`);
}
