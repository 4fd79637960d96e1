/**
 * The steps of WorkspaceHost.replaceWorkspace that touch files (main/workspace-host.ts holds the order
 * and the session): the safety copy of the current file, the check that no other program has it open,
 * and the swap itself. A test names a step in RW_TEST_KILL_AT to have the process SIGKILL itself there
 * (tests/db/workspace-host.test.ts): after each, the old or the new workspace must open whole.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { appVersion, backupsFolderOf, createBackup } from './backups/index';
import type { Session } from './session';
import type { RecoveryState } from './workspace-host-recovery';
import { copyWithJournals, damagedCopyName, JOURNAL_SUFFIXES, partialOf, renameOver, sideFilesOf, workspaceNameOf, writePartial } from './workspace-host-files';

export type SwapStep = 'after-safety-copy' | 'after-close' | 'after-partial' | 'after-side-files' | 'after-rename' | 'after-reopen';

export function stopHereForTest(step: SwapStep): void {
  if (process.env.RW_TEST_KILL_AT === step) process.kill(process.pid, 'SIGKILL');
}

/**
 * Keeps the current file before it is replaced: a 'before-restore' backup (online backup, in the
 * workspace's backups folder) when it is open, a plain copy `<file>.damaged-<stamp>` with its journal
 * files when it failed its checks (taken once no other program holds it, so file and journal agree).
 * Null when there is no file to keep.
 */
export async function takeSafetyCopy(
  file: string,
  o: { open: { schemaVersion: number } | null; now: Date; nativeBinding?: string | undefined },
): Promise<string | null> {
  if (o.open) {
    const info = await createBackup(file, {
      folder: backupsFolderOf(file),
      reason: 'before-restore',
      now: o.now,
      appVersion: appVersion(),
      schemaVersion: o.open.schemaVersion,
      ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}),
    });
    return info.file;
  }
  return fs.existsSync(file) ? copyWithJournals(file, damagedCopyName(file, o.now)) : null;
}

const held = (code: string | undefined) =>
  code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code?.startsWith('SQLITE_BUSY_') || code?.startsWith('SQLITE_LOCKED_');

/**
 * Whether another program has `file` open, asked of SQLite itself once this program's own connections
 * are closed (a side file left by a read-only connection or a crash proves nothing). In WAL mode every
 * connection holds a shared lock for as long as it is open, so leaving WAL mode, which needs the file to
 * itself, fails while any other connection exists; in rollback mode an exclusive transaction fails
 * while another one reads or writes. The probe may settle SQLite's own journal into the file, so a
 * damaged file is copied before it is asked (replaceFile); an error other than a lock is answered as
 * free (no SQLite program can be using a file SQLite cannot read).
 */
export function otherProgramHolds(file: string, nativeBinding?: string): boolean {
  if (!fs.existsSync(file)) return false;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.pragma('busy_timeout = 200');
    const mode = String(db.pragma('journal_mode', { simple: true }));
    if (mode === 'wal') {
      const after = String(db.pragma('journal_mode = DELETE', { simple: true }));
      return after !== 'delete';
    }
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (err) {
    return Boolean(held((err as { code?: string }).code));
  } finally {
    try {
      db?.close();
    } catch {
      // A connection that could not read the file has nothing to close.
    }
  }
}

/** Whether `file` starts as an SQLite database does: no SQLite program can be using one that does not. */
export function hasSqliteHeader(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(16);
      fs.readSync(fd, head, 0, 16, 0);
      return head.toString('latin1') === 'SQLite format 3\0';
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

export function otherProgramRefusal(file: string): WorkbenchError {
  return new WorkbenchError(
    ErrorCode.BUSY,
    `Another program has ${workspaceNameOf(file)} open, so it was not replaced. Close the other program and restore again. Nothing was changed.`,
  );
}

export function readOnlyRefusal(name: string, reason: string): WorkbenchError {
  return new WorkbenchError(
    ErrorCode.REFUSED,
    `${name} is open read-only (${reason}), so no backup can be put in its place. Open it with write access and restore again. Nothing was changed.`,
  );
}

/** The swap was done but the file did not open: said as it is, with the way back. */
export function notReopenedRefusal(label: string, name: string, problem: string, safetyCopy: string | null): WorkbenchError {
  return new WorkbenchError(
    ErrorCode.REFUSED,
    `${label} was put in place of ${name}, but it could not be opened: ${problem} The recovery screen shows what can be done${safetyCopy ? `; the workspace as it was is kept as ${safetyCopy}` : ''}.`,
  );
}

/**
 * Writes `prepared` over `file`: the new content as a fsynced `.partial` first, then the side files of
 * the old file removed (SQLite would apply an old journal to the new file; they are in the safety copy),
 * then one rename and the folder's fsync. A crash before the rename leaves the old file; after it, the
 * new one. On failure before the rename the old file is left whole.
 */
export function swapFile(prepared: string, file: string): void {
  try {
    const partial = writePartial(prepared, file);
    stopHereForTest('after-partial');
    for (const side of sideFilesOf(file)) fs.rmSync(side, { force: true });
    stopHereForTest('after-side-files');
    renameOver(partial, file);
  } catch (err) {
    fs.rmSync(partialOf(file), { force: true });
    throw err;
  }
}

/** What replaceFile needs of the host (main/workspace-host.ts), which holds the session and tells the windows. */
export interface SwapPort {
  file: string;
  session: Session | null;
  recovery: RecoveryState | null;
  now: Date;
  nativeBinding: string | undefined;
  /** Closes the session and every connection of this program to the file. */
  closeCurrent(): Promise<void>;
  /** Opens the file again (or shows the recovery screen); tells the windows when the mode is not `before` any more. */
  reopen(file: string, before?: 'open' | 'recovery'): boolean;
  changed(): void;
  /** Why the file could not be opened, when reopen answered false. */
  problem(): string;
}

/**
 * The swap of WorkspaceHost.replaceWorkspace, run inside its exclusive section (no call of a page runs).
 * An open workspace: refused when read-only; a 'before-restore' backup; the session and every own
 * connection closed; refused (and reopened) when another program still has it open. A damaged one:
 * refused when another program has it open, then copied with its journal. Then the swap, the reopen,
 * and the windows told. A file that does not open after the swap is said so, not reported as restored.
 */
export async function replaceFile(host: SwapPort, prepared: string, label: string): Promise<{ safetyCopy: string | null }> {
  const { file, session, now, nativeBinding } = host;
  const name = workspaceNameOf(file);
  if (sideFilesOf(prepared).length > 0) throw new WorkbenchError(ErrorCode.INTERNAL, `${label} is not ready: it still has journal files beside it.`);
  if (session?.workspace.readOnlyReason) throw readOnlyRefusal(name, session.workspace.readOnlyReason);
  if (host.recovery?.problem === 'locked') throw otherProgramRefusal(file);
  let safetyCopy: string | null;
  if (session) {
    safetyCopy = await takeSafetyCopy(file, { open: { schemaVersion: session.workspace.schemaVersion }, now, nativeBinding });
    stopHereForTest('after-safety-copy');
    await host.closeCurrent();
    stopHereForTest('after-close');
    if (otherProgramHolds(file, nativeBinding)) {
      host.reopen(file, 'open');
      throw otherProgramRefusal(file);
    }
  } else {
    // The bytes first, journal included: asking SQLite may settle (or, for a file it cannot read, drop)
    // the journal. The copy is whole when nobody held the file, asked right after; else it goes.
    safetyCopy = await takeSafetyCopy(file, { open: null, now, nativeBinding });
    if (hasSqliteHeader(file) && otherProgramHolds(file, nativeBinding)) {
      if (safetyCopy) for (const f of [safetyCopy, ...JOURNAL_SUFFIXES.map((x) => `${safetyCopy}${x}`)]) fs.rmSync(f, { force: true });
      throw otherProgramRefusal(file);
    }
    stopHereForTest('after-safety-copy');
  }
  try {
    swapFile(prepared, file);
  } catch (err) {
    // The old file, left whole.
    host.reopen(file, session ? 'open' : 'recovery');
    throw err;
  }
  stopHereForTest('after-rename');
  const reopened = host.reopen(file);
  stopHereForTest('after-reopen');
  host.changed();
  if (!reopened) throw notReopenedRefusal(label, name, host.problem(), safetyCopy);
  return { safetyCopy };
}
