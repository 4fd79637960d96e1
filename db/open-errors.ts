/**
 * What can go wrong opening a workspace: the problem kinds, WorkspaceOpenError (a message a user can
 * act on, naming the file), and classify, which turns whatever SQLite or the file system threw into
 * one of them.
 */
import path from 'node:path';
import { diskFailingMessage, diskFullMessage } from '@core/fault-messages';

export type WorkspaceOpenProblem =
  | 'not-sqlite'
  | 'corrupt'
  | 'newer-schema'
  | 'edited-migration'
  | 'locked'
  | 'unreadable'
  /** Another application's SQLite database (another identity mark, or tables without our migrations). */
  | 'foreign'
  /** The file does not exist and the caller may not create a workspace (the CLI). */
  | 'missing'
  /** Zero bytes, or an SQLite file without tables, and the caller may not create a workspace. */
  | 'empty'
  /** Not enough free space for the backup taken before a migration. */
  | 'disk-full'
  /** The backup before a migration could not be written. */
  | 'backup-failed'
  /** The workspace needs migrating (or creating) but cannot be written. */
  | 'read-only'
  /** A crash left an unfinished change in a rollback journal next to the file, and it cannot be rolled back here. */
  | 'needs-recovery';

export class WorkspaceOpenError extends Error {
  constructor(
    readonly problem: WorkspaceOpenProblem,
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'WorkspaceOpenError';
  }
}

export const MB = 1024 * 1024;

export function classify(err: unknown, file: string, free: () => number | null): WorkspaceOpenError {
  if (err instanceof WorkspaceOpenError) return err;
  const code = (err as { code?: string }).code ?? '';
  const msg = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB' || /file is not a database/i.test(msg)) {
    return new WorkspaceOpenError(
      'not-sqlite',
      `${file} is not a Rollout Workbench workspace (it is not an SQLite database). Choose another file or create a new workspace.`,
      file,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || /malformed/i.test(msg)) {
    return new WorkspaceOpenError(
      'corrupt',
      `${file} is damaged and cannot be opened safely. Restore the newest backup next to it (files ending in .bak) or from your own backups. The file has not been changed.`,
      file,
    );
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new WorkspaceOpenError('disk-full', diskFullMessage(`nothing was changed in ${file}`, 'open it again'), file);
  }
  if (code.startsWith('SQLITE_IOERR')) {
    // SQLite says "disk I/O error" for a full disk too (the shared-memory index or the log could not
    // grow): a folder with less than 1 MB free is called full, anything else a failing disk.
    const left = free();
    const full = left !== null && left < MB;
    return new WorkspaceOpenError('disk-full', (full ? diskFullMessage : diskFailingMessage)(`nothing was changed in ${file}`, 'open it again'), file);
  }
  if (code === 'SQLITE_READONLY_ROLLBACK') {
    return new WorkspaceOpenError(
      'needs-recovery',
      `${file} was not closed properly: a journal next to it (${path.basename(file)}-journal) holds a change that was being written and must be rolled back before the workspace can be read. Open it with write access (Rollout Workbench rolls the change back), or restore a backup (files ending in .bak next to it). The file has not been changed.`,
      file,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new WorkspaceOpenError(
      'locked',
      `${file} is in use by another program (another Rollout Workbench window, a sync tool or a backup job). Close it and try again.`,
      file,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'ENOENT' || code === 'SQLITE_READONLY') {
    return new WorkspaceOpenError('unreadable', `${file} cannot be opened: check that the folder exists and that you may read and write it.`, file);
  }
  return new WorkspaceOpenError('unreadable', `${file} could not be opened: ${msg}`, file);
}

export function refusal(problem: WorkspaceOpenProblem, file: string, message: string): WorkspaceOpenError {
  return new WorkspaceOpenError(problem, message, file);
}
