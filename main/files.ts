import fs from 'node:fs';
import path from 'node:path';

/** A file written in full under a temporary name in its folder and flushed to disk, waiting to be renamed into place. */
export interface StagedFile {
  file: string;
  /** Renames the file into place (atomic within a folder) and flushes the folder entry. */
  commit(): void;
  /** Removes the temporary file; harmless after commit. */
  discard(): void;
}

/**
 * Writes `bytes` to a hidden temporary name beside `file` and fsyncs it, so that once renamed no
 * reader (and no crash) ever sees half a file under the final name. A failed write leaves nothing;
 * its error names the final file.
 */
export function stageFile(file: string, bytes: Buffer): StagedFile {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'w');
    fs.writeFileSync(fd, bytes);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw Object.assign(e as Error, { path: file });
  }
  return {
    file,
    commit() {
      fs.renameSync(tmp, file);
      syncFolder(path.dirname(file));
    },
    discard() {
      fs.rmSync(tmp, { force: true });
    },
  };
}

/** Flushes a folder's entries (a rename) to disk where the platform allows it. */
function syncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not every platform can open or sync a folder; the rename itself has happened.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Writes through a temporary file in the same folder and a rename, so no reader ever sees half a file. */
export function writeFileAtomically(file: string, bytes: Buffer): void {
  const staged = stageFile(file, bytes);
  try {
    staged.commit();
  } catch (e) {
    staged.discard();
    throw e;
  }
}

/** A file-name-safe slug of a name: "Ælfrid's Shop!" -> "lfrids-shop"; never empty. */
export function fileSlug(name: string): string {
  return name.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').toLowerCase().slice(0, 60) || 'site';
}
