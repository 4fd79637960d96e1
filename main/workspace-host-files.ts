/**
 * What the workspace host does to files: copies set aside, the swap of a workspace file for a prepared
 * one, and the checks around it. Every step leaves either the old or the new file whole, so a crash
 * (or kill -9) at any point loses nothing: the new content is written beside the workspace as a hidden
 * `.partial`, fsynced, and renamed over it in one step, then the folder is fsynced.
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import path from 'node:path';

/** SQLite's files that belong to a workspace file and hold part of its content. */
export const JOURNAL_SUFFIXES = ['-wal', '-journal'] as const;

/** A time stamp for file names: sortable, no characters any file system refuses. */
export function fileStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

/** The name of the workspace as people say it: its file name without `.sqlite`. */
export function workspaceNameOf(file: string): string {
  return path.basename(file).replace(/\.sqlite$/i, '');
}

/** The hidden file a swap writes first, beside the workspace (same folder, so the rename is atomic). */
export function partialOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.partial`);
}

export function fsyncFolder(folder: string): void {
  // Windows cannot open a folder for fsync; there the rename is made durable by the file system itself.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Copies `file` and its journal files to `target` (`target-wal`, `target-journal`, so SQLite pairs them
 * again), never moving or changing the originals, and never over an existing file. Answers `target`.
 */
export function copyWithJournals(file: string, target: string): string {
  fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
  fsyncFile(target);
  for (const suffix of JOURNAL_SUFFIXES) {
    if (fs.existsSync(`${file}${suffix}`)) {
      fs.copyFileSync(`${file}${suffix}`, `${target}${suffix}`, fs.constants.COPYFILE_EXCL);
      fsyncFile(`${target}${suffix}`);
    }
  }
  fsyncFolder(path.dirname(target));
  return target;
}

/** A free name beside `file` for a copy: `<name> copy <stamp>.sqlite`, numbered if taken. */
export function copyAsideName(file: string, at: Date, label = 'copy'): string {
  const dir = path.dirname(file);
  const base = `${workspaceNameOf(file)} ${label} ${fileStamp(at)}`;
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, `${base}${n > 1 ? ` (${n})` : ''}.sqlite`);
    if (!fs.existsSync(candidate)) return candidate;
  }
}

/** The plain copy of a damaged workspace kept before it is replaced: `<file>.damaged-<stamp>`. */
export function damagedCopyName(file: string, at: Date): string {
  const base = `${file}.damaged-${fileStamp(at)}`;
  for (let n = 1; ; n++) {
    const candidate = n > 1 ? `${base}-${n}` : base;
    if (!fs.existsSync(candidate)) return candidate;
  }
}

/** Which of SQLite's side files are beside `file` now. */
export function sideFilesOf(file: string): string[] {
  return ['-wal', '-shm', '-journal'].map((s) => `${file}${s}`).filter((f) => fs.existsSync(f));
}

/**
 * Writes `prepared` beside `file` as a hidden `.partial` and fsyncs it: the first half of a swap.
 * `stop` is called between the steps (a test kills the process there).
 */
export function writePartial(prepared: string, file: string): string {
  const partial = partialOf(file);
  fs.rmSync(partial, { force: true });
  fs.copyFileSync(prepared, partial);
  fsyncFile(partial);
  return partial;
}

/** The second half: the rename over the workspace, and the fsync of the folder that makes it last. */
export function renameOver(partial: string, file: string): void {
  fs.renameSync(partial, file);
  fsyncFolder(path.dirname(file));
}

/**
 * Copies a workspace aside, beside it: an open one (`sqlite` given) with SQLite's online backup, a
 * consistent copy while it is in use; a damaged one byte for byte with its journal files.
 */
export async function copyAside(file: string, sqlite: Database.Database | null, at: Date): Promise<string> {
  const target = copyAsideName(file, at, sqlite ? 'copy' : 'damaged copy');
  if (!sqlite) return copyWithJournals(file, target);
  await sqlite.backup(target);
  return target;
}
