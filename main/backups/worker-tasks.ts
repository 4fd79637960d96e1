/**
 * The SQLite work of backups, run in a worker thread (main/workers/tasks.ts) on connections of its own,
 * so the app's thread keeps answering while a large workspace is copied or checked.
 *
 * The copy uses SQLite's online backup API from a read-only connection. Its first step copies no page
 * and tells the size; the next copies every page in one step, which is one read transaction: other
 * connections and programs keep writing meanwhile (WAL), and the copy is the workspace as it was at one
 * commit. A copy made in small steps would start again after every commit of another connection, and
 * could never finish under steady writes.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { MIGRATIONS_TABLE, WORKSPACE_APPLICATION_ID } from '@db/migrate';
import { workspaceIdOf } from './identity';
import { taskContext } from '../workers/index';
import type { TaskControl } from '../workers/pool';
import type { HandlerContext } from '../rpc/context';

const ALL_PAGES = 0x7fffffff;

/**
 * For the fault tests only (tests/db/backups-faults.test.ts): with this set to `copy` (or `copy:<ms>`),
 * the copy takes one page, reports its progress and then waits a minute (or `ms`) before copying the
 * rest, so a test can kill the process while the copy is really under way, or write meanwhile.
 */
export const TEST_PAUSE_ENV = 'ROLLOUT_WORKBENCH_TEST_BACKUP_PAUSE';

/**
 * The native build the worker loads better-sqlite3 with: the caller's, else the one the program
 * configured for its workers (Electron's own build, main/index.ts), so a caller that does not know
 * it still gets a worker that can open SQLite.
 */
export function workerNativeBinding(given?: string): { nativeBinding?: string } {
  const configured = taskContext({ workspacePath: '', clock: { now: () => new Date(0) }, actor: '', device: '' } as Pick<
    HandlerContext,
    'workspacePath' | 'clock' | 'actor' | 'device'
  > as HandlerContext).workspace.nativeBinding;
  const binding = given ?? configured;
  return binding ? { nativeBinding: binding } : {};
}

export interface CopyInput {
  source: string;
  target: string;
  nativeBinding?: string;
}

export interface CopyProgress {
  done: number;
  total: number;
}

/**
 * Copies the workspace `source` to `target` (a new, empty file of the caller's private folder) and
 * checks the copy; answers the copy's bytes and the workspace's identity as the copy holds it.
 */
export async function copyWorkspaceTask(input: CopyInput, control: TaskControl<CopyProgress>): Promise<{ bytes: number; workspaceId: string | null }> {
  const native = input.nativeBinding ? { nativeBinding: input.nativeBinding } : {};
  const paused = /^copy(?::(\d+))?$/.exec(process.env[TEST_PAUSE_ENV] ?? '');
  const pauseMs = paused ? Number(paused[1] ?? 60_000) : 0;
  let steps = 0;
  const source = new Database(input.source, { readonly: true, fileMustExist: true, ...native });
  try {
    source.pragma('busy_timeout = 10000');
    const pageSize = Number(source.pragma('page_size', { simple: true }));
    await source.backup(input.target, {
      progress: ({ totalPages, remainingPages }) => {
        if (control.signal.aborted) throw Object.assign(new Error('The backup was cancelled.'), { name: 'AbortError' });
        control.progress({ done: (totalPages - remainingPages) * pageSize, total: totalPages * pageSize });
        steps += 1;
        if (paused && steps === 1) return 1;
        if (paused && steps === 2) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
        return ALL_PAGES;
      },
    });
  } finally {
    source.close();
  }
  if (control.signal.aborted) throw Object.assign(new Error('The backup was cancelled.'), { name: 'AbortError' });
  const copy = new Database(input.target, { fileMustExist: true, ...native });
  let workspaceId: string | null;
  try {
    // A rollback-journal file is one self-contained file: nothing beside it to lose or to copy.
    copy.pragma('journal_mode = DELETE');
    const check = checkOpen(copy);
    if (check.problems.length) throw new Error(`The copy failed its check: ${check.problems.join('; ')}`);
    if (check.applicationId !== WORKSPACE_APPLICATION_ID && check.applicationId !== 0) throw new Error('The file is not a Rollout Workbench workspace.');
    workspaceId = workspaceIdOf(copy);
  } finally {
    copy.close();
  }
  return { bytes: fs.statSync(input.target).size, workspaceId };
}

function checkOpen(db: Database.Database, full = false): { problems: string[]; applicationId: number } {
  const rows = db.pragma(full ? 'integrity_check(20)' : 'quick_check(20)') as Record<string, string>[];
  const problems = rows.map((r) => Object.values(r)[0] ?? '').filter((v) => v !== 'ok');
  return { problems, applicationId: Number(db.pragma('application_id', { simple: true })) };
}

export interface CheckInput {
  file: string;
  nativeBinding?: string;
}

export interface CheckResult {
  problems: string[];
  /** Whether the file carries a workspace's identity mark (or none, as workspaces made before the mark). */
  workspace: boolean;
}

/** SQLite's full integrity check of an extracted backup, in its own connection; rolls its journal back to one file. */
export function checkWorkspaceTask(input: CheckInput): CheckResult {
  let db: Database.Database;
  try {
    db = new Database(input.file, { fileMustExist: true, ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}) });
  } catch (e) {
    return { problems: [(e as Error).message], workspace: false };
  }
  try {
    db.pragma('journal_mode = DELETE');
    const { problems, applicationId } = checkOpen(db, true);
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE) as { n: number };
    return { problems, workspace: applicationId === WORKSPACE_APPLICATION_ID || (applicationId === 0 && tables.n === 1) };
  } catch (e) {
    return { problems: [(e as Error).message], workspace: false };
  } finally {
    db.close();
  }
}
