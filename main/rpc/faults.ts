/**
 * Faults a user can act on: a busy workspace, a full disk, a read-only file or folder, a refused
 * permission, a folder (or a file) in the way of a file being written. `classifyFault` is the one
 * place that turns what SQLite or the file system threw into a WorkbenchError with a plain message
 * (what happened, whether anything was saved, what to do), so the app, the web harness, the CLI and
 * the document jobs all say the same words.
 *
 * It also holds the one rule for waiting on the write lock: a write transaction starts with
 * BEGIN IMMEDIATE; when that cannot take the lock nothing has run, so the call may run again after
 * a short, asynchronous wait (other calls are served meanwhile), for a bounded time.
 */
import type Database from 'better-sqlite3';
import { ErrorCode, WorkbenchError } from '@core/errors';

export const BUSY_MESSAGE = 'Another program is writing to this workspace (an import, a backup or another window). Nothing was saved; try again in a moment.';

/** What the code of a thrown error means for the person using the app; null when it is not a known fault. */
export function classifyFault(err: unknown): WorkbenchError | null {
  if (err instanceof WorkbenchError) return err;
  if (typeof err !== 'object' || err === null) return null;
  const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : '';
  if (!code) return null;
  if (code.startsWith('SQLITE_')) return workspaceFault(code);
  return fileFault(code, (err as { path?: unknown }).path);
}

/** Any thrown error as the error a user sees: known faults by name, anything else as an app fault. */
export function toWorkbenchError(err: unknown): WorkbenchError {
  return classifyFault(err) ?? new WorkbenchError(ErrorCode.INTERNAL, 'Something went wrong inside the app; nothing was saved. Details are in the log.');
}

function fault(code: ErrorCode, message: string, cause: string, extra: Record<string, unknown> = {}): WorkbenchError {
  return new WorkbenchError(code, message, { fault: cause, ...extra });
}

/** SQLite answers about the workspace file. A failed statement or transaction is rolled back whole: nothing was saved. */
function workspaceFault(code: string): WorkbenchError | null {
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return fault(ErrorCode.BUSY, BUSY_MESSAGE, code);
  if (code === 'SQLITE_FULL') {
    return fault(ErrorCode.DISK_FULL, 'The disk is full: nothing was saved. Free some space on the disk that holds the workspace and try again.', code);
  }
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return fault(
      ErrorCode.READ_ONLY,
      'The folder that holds this workspace is read-only, so changes cannot be saved: nothing was saved. Move the workspace to a folder you may write to, or ask for write access to the folder.',
      code,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return fault(
      ErrorCode.READ_ONLY,
      'This workspace is read-only (the file, its folder or the disk cannot be written, or it was opened read-only): nothing was saved. Open a copy you may write to, or ask for write access.',
      code,
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return fault(
      ErrorCode.DISK_FULL,
      'The workspace could not be written to the disk (it may be full, removed or failing): nothing was saved. Check the free space and the drive, then try again.',
      code,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return fault(
      ErrorCode.PERMISSION,
      'The workspace files cannot be opened for writing (the folder may have moved, or you may not write to it): nothing was saved. Check that you may write to the folder that holds the workspace, then try again.',
      code,
    );
  }
  return null;
}

/** File-system answers (Node's errno codes) about a file or folder being written, e.g. an exported document. */
function fileFault(code: string, rawPath: unknown): WorkbenchError | null {
  const target = typeof rawPath === 'string' && rawPath ? rawPath : null;
  const what = target ? displayPath(target) : 'the file';
  const extra = target ? { path: target } : {};
  switch (code) {
    case 'ENOSPC':
      return fault(ErrorCode.DISK_FULL, `The disk is full: ${what} was not written. Free some space and try again.`, code, extra);
    case 'EDQUOT':
      return fault(
        ErrorCode.DISK_FULL,
        `Your disk quota is used up: ${what} was not written. Free some space (or ask for a larger quota) and try again.`,
        code,
        extra,
      );
    case 'EROFS':
      return fault(ErrorCode.READ_ONLY, `The disk is read-only: ${what} was not written. Choose a folder on a disk you may write to.`, code, extra);
    case 'EACCES':
    case 'EPERM':
      return fault(ErrorCode.PERMISSION, `You may not write there: ${what} was not written. Choose a folder you may write to, or ask for access.`, code, extra);
    case 'EBUSY':
      return fault(
        ErrorCode.BUSY,
        `${target ? displayPath(target) : 'The file'} is in use by another program: it was not written. Close that program and try again.`,
        code,
        extra,
      );
    case 'EISDIR':
    case 'ENOTEMPTY':
      return fault(
        ErrorCode.REFUSED,
        `${target ? `${displayPath(target)} is a folder` : 'A folder is in the way of the file'}, so no file was written under its name. Rename or move that folder (or choose another folder to write to) and try again.`,
        code,
        extra,
      );
    case 'ENOTDIR':
      return fault(
        ErrorCode.REFUSED,
        `Part of the path ${target ? `${displayPath(target)} ` : ''}is a file where a folder is needed, so ${target ? 'it' : 'the file'} was not written. Move that file away (or choose another folder to write to) and try again.`,
        code,
        extra,
      );
    case 'EMFILE':
    case 'ENFILE':
      return fault(ErrorCode.BUSY, 'Too many files are open at once: the file was not written. Close some programs and try again.', code);
    default:
      return null;
  }
}

function displayPath(p: string): string {
  return `“${p}”`;
}

// ---------------------------------------------------------------------------------------------
// Waiting for the write lock

/**
 * BEGIN IMMEDIATE could not take the write lock: nothing of the transaction ran. Safe to run the
 * whole call again; answered as BUSY when the wait is over.
 */
export class WriteLockBusy extends WorkbenchError {
  constructor(readonly sqliteCode: string) {
    super(ErrorCode.BUSY, BUSY_MESSAGE, { fault: sqliteCode });
    this.name = 'WriteLockBusy';
  }
}

function isBusyCode(err: unknown): err is { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Per connection, what every outermost write transaction does last, before it commits (see `beforeEveryCommit`). */
const commitWork = new WeakMap<Database.Database, () => void>();

/**
 * Sets the work every outermost write transaction on this connection does after its own work (and
 * after the registry's checks), just before it commits: keeping derived tables current (the session
 * sets it; docs/ARCHITECTURE.md, "Stored readiness"). If it throws, the whole write is rolled back.
 */
export function beforeEveryCommit(sqlite: Database.Database, work: () => void): void {
  commitWork.set(sqlite, work);
}

/**
 * Runs `fn` in one immediate transaction (the write lock is taken at BEGIN, so a write never fails
 * half-way for want of it). A lock that cannot be had within the connection's short busy timeout
 * throws WriteLockBusy; inside an outer transaction this is a savepoint and never waits.
 */
export function immediateTransaction<T>(sqlite: Database.Database, fn: () => T): T {
  let began = false;
  const outermost = !sqlite.inTransaction;
  try {
    return sqlite
      .transaction(() => {
        began = true;
        const out = fn();
        if (outermost) commitWork.get(sqlite)?.();
        return out;
      })
      .immediate();
  } catch (e) {
    if (!began && isBusyCode(e)) throw new WriteLockBusy(e.code);
    throw e;
  }
}

/** How long a write keeps trying for the lock before it answers BUSY, and the waits between tries. */
// Tries stay close together (at most maxWaitMs apart) so that a writer waiting behind a batch job gets
// in during the job's pause between batches, which is longer than maxWaitMs (scripts/seed.ts).
export const BUSY_RETRY = { forMs: 3000, firstWaitMs: 20, maxWaitMs: 100 } as const;

export interface BusyRetryState {
  /** Tries made so far. */
  attempt: number;
  /** performance.now() after which no further try is made. */
  until: number;
}

export function firstBusyRetry(forMs: number = BUSY_RETRY.forMs): BusyRetryState {
  return { attempt: 0, until: performance.now() + forMs };
}

/**
 * The wait before the next try, or null when the time is up. Waits grow (with jitter, so two
 * writers do not retry in step) and never run past the deadline.
 */
export function nextBusyWait(state: BusyRetryState): { waitMs: number; next: BusyRetryState } | null {
  const left = state.until - performance.now();
  if (left <= 0) return null;
  const base = Math.min(BUSY_RETRY.maxWaitMs, BUSY_RETRY.firstWaitMs * 2 ** state.attempt);
  const waitMs = Math.min(left, Math.round(base / 2 + Math.random() * (base / 2)));
  return { waitMs, next: { attempt: state.attempt + 1, until: state.until } };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `attempt`; while it throws WriteLockBusy, waits (without blocking the event loop) and runs it
 * again, up to BUSY_RETRY.forMs. `attempt` must be safe to run again after a WriteLockBusy, which
 * holds when its only write transaction is the one that failed to begin.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, forMs: number = BUSY_RETRY.forMs): Promise<T> {
  let state = firstBusyRetry(forMs);
  for (;;) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof WriteLockBusy)) throw e;
      const step = nextBusyWait(state);
      if (!step) throw e;
      await sleep(step.waitMs);
      state = step.next;
    }
  }
}

const retryStates = new WeakMap<object, BusyRetryState>();

/** The retry state a call carries in its context (a fresh one on the first try). */
export function busyRetryOf(ctx: object): BusyRetryState {
  return retryStates.get(ctx) ?? firstBusyRetry();
}

/** A copy of the call's context for its next try, carrying how far its retries have gone. */
export function withBusyRetry<C extends object>(ctx: C, state: BusyRetryState): C {
  const next = { ...ctx };
  retryStates.set(next, state);
  return next;
}
