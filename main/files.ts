import fs from 'node:fs';
import path from 'node:path';

/** A file written in full under a temporary name in its folder and flushed to disk, waiting to be renamed into place. */
export interface StagedFile {
  file: string;
  /**
   * Renames the file into place (atomic within a folder) and flushes the folder entry. A file already
   * under the final name is first set aside under a hidden name, so `revert` can put it back; a folder
   * under the final name is refused (EISDIR naming the path) and left as it is.
   */
  commit(): void;
  /** Undoes a commit: the earlier file set aside goes back under its name, or the new file is removed when there was none. */
  revert(): void;
  /** Removes the temporary file and, after a commit that stands, the earlier file set aside; harmless at any point. */
  discard(): void;
}

/**
 * Writes `bytes` to a hidden temporary name beside `file` and fsyncs it, so that once renamed no
 * reader (and no crash) ever sees half a file under the final name. A failed write leaves nothing;
 * its error names the final file. Until the caller calls `discard` after a commit that stands, the
 * file it replaced is kept aside, so a step that fails later never costs the earlier file.
 */
/** Two stagings of the same file in one process (a bulk export stages a group before it commits) never share a name. */
let staged = 0;

export function stageFile(file: string, bytes: Buffer): StagedFile {
  const unique = `${process.pid}.${++staged}`;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${unique}.tmp`);
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
  const aside = path.join(path.dirname(file), `.${path.basename(file)}.${unique}.earlier`);
  let state: 'staged' | 'placed' | 'reverted' = 'staged';
  let setAside = false;
  return {
    file,
    commit() {
      if (state !== 'staged') return;
      const existing = lstatOrNull(file);
      if (existing?.isDirectory()) {
        fs.rmSync(tmp, { force: true });
        throw Object.assign(new Error(`EISDIR: a folder is in the way of the file, rename '${file}'`), {
          code: 'EISDIR',
          errno: -21,
          syscall: 'rename',
          path: file,
        });
      }
      try {
        if (existing) {
          fs.renameSync(file, aside);
          setAside = true;
        }
        fs.renameSync(tmp, file);
      } catch (e) {
        if (setAside) {
          fs.renameSync(aside, file);
          setAside = false;
        }
        throw Object.assign(e as Error, { path: file });
      }
      state = 'placed';
      syncFolder(path.dirname(file));
    },
    revert() {
      if (state !== 'placed') return;
      state = 'reverted';
      if (setAside) {
        fs.renameSync(aside, file);
        setAside = false;
      } else {
        fs.rmSync(file, { force: true });
      }
      syncFolder(path.dirname(file));
    },
    discard() {
      fs.rmSync(tmp, { force: true });
      // The earlier file is dropped only once the new one stands; after a failed revert it is the only copy left.
      if (state === 'placed' && setAside) {
        fs.rmSync(aside, { force: true });
        setAside = false;
      }
    },
  };
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw Object.assign(e as Error, { path: file });
  }
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
  } finally {
    staged.discard();
  }
}

/** A file-name-safe slug of a name: "Ælfrid's Shop!" -> "lfrids-shop"; never empty. */
export function fileSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .toLowerCase()
      .slice(0, 60) || 'site'
  );
}

/**
 * A small JSON settings file of the config folder read as an object: `fields` null when it is missing
 * or cannot be read (`unreadable` is told why, except for a missing file), `damaged` when it is there
 * but not a JSON object. Callers keep their defaults in both cases and write a damaged file again.
 */
export function readJsonObject(file: string, unreadable: (message: string) => void): { fields: Record<string, unknown> | null; damaged: boolean } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') unreadable((err as Error).message);
    return { fields: null, damaged: false };
  }
  try {
    const raw: unknown = JSON.parse(text);
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) return { fields: raw as Record<string, unknown>, damaged: false };
  } catch {
    // Falls through: damaged.
  }
  return { fields: null, damaged: true };
}
