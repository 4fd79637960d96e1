/**
 * Folders named on the command line for output (`docs --out`, the folder of `ics --out`, the web
 * harness's `--export-dir`) are created when missing, with every missing parent. When that cannot be
 * done (a file in the way, no permission, a read-only or full disk) the error names the flag, the
 * folder and what to do, and nothing is left half-made.
 */
import fs from 'node:fs';
import path from 'node:path';

export class OutputFolderError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

/** The nearest existing path at or above `target` (the root always exists). */
function nearestExisting(target: string): string {
  let at = target;
  while (!fs.existsSync(at)) {
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  return at;
}

function why(code: string | undefined, where: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `you may not write in ${where}. Choose a folder you may write to, or ask for access`;
    case 'EROFS':
      return `the disk holding ${where} is read-only. Choose a folder on a disk you may write to`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk holding ${where} is full. Free some space or choose another disk`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `part of the path is a file where a folder is needed. Move that file away or choose another folder`;
    case 'ENOENT':
      return `no folder can be made in ${where} (the system refuses it). Choose another folder`;
    case 'ENAMETOOLONG':
      return 'the path is too long. Choose a shorter one';
    default:
      return `${code ?? 'the file system refused'}. Choose another folder`;
  }
}

/**
 * Makes sure `dir` is a folder that can be written, creating it and its parents when missing.
 * Returns the absolute folder and whether it was created; throws OutputFolderError naming `flag`.
 */
export function ensureOutputFolder(dir: string, flag: string): { folder: string; created: boolean } {
  const folder = path.resolve(dir);
  const fail = (reason: string) => new OutputFolderError(flag, `${flag}: cannot use the folder ${folder}: ${reason}.`);
  const existing = nearestExisting(folder);
  if (!fs.statSync(existing).isDirectory()) {
    throw fail(
      existing === folder
        ? 'it is a file, not a folder. Name a folder (it is created when missing), or move the file away'
        : `${existing} is a file, not a folder. Move that file away or choose another folder`,
    );
  }
  const created = existing !== folder;
  if (created) {
    try {
      // One folder at a time from the nearest existing one (a recursive mkdir can retry for ever where
      // the system refuses a folder with "no such file", as in /proc).
      const missing = path.relative(existing, folder).split(path.sep);
      let at = existing;
      for (const part of missing) {
        at = path.join(at, part);
        fs.mkdirSync(at);
      }
    } catch (e) {
      // Whatever part was made is removed again, innermost first, down to the folder that was there.
      for (let at = folder; at !== existing && at !== path.dirname(at); at = path.dirname(at)) {
        try {
          fs.rmdirSync(at);
        } catch {
          // Not made by this call, or not empty: left alone.
        }
      }
      throw fail(why((e as NodeJS.ErrnoException).code, existing));
    }
  }
  try {
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    throw fail(why((e as NodeJS.ErrnoException).code, folder));
  }
  return { folder, created };
}
