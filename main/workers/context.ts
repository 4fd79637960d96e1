/**
 * The context a task runs with in a worker: a read-only connection of the worker's own to the
 * workspace the main thread has open (WAL lets it read beside the main thread's writes), the main
 * thread's time, actor and device (its clock and identity stay there), and no way to write.
 */
import { openWorkspace, type Workspace } from '@db/client';
import { silentLogger, type HandlerContext } from '../rpc/context';

/** The workspace the main thread has open, and how to open it in this runtime. */
export interface WorkspaceRef {
  file: string;
  nativeBinding?: string;
  migrationsFolder?: string;
}

/** What every task's input carries so the worker reads as the main thread would. */
export interface TaskContextInput {
  workspace: WorkspaceRef;
  /** The main thread's time (ISO) for this task. */
  at: string;
  actor: string;
  device: string;
}

// One connection per workspace for the thread's life, opened the one way a workspace is opened (db/client.ts).
const opened = new Map<string, Workspace>();

function readerOf(ref: WorkspaceRef): Workspace {
  let ws = opened.get(ref.file);
  if (!ws) {
    // A long-lived worker serves one workspace at a time; one opened before (tests open many) is let go.
    for (const [file, old] of opened) {
      if (opened.size < 2) break;
      old.close();
      opened.delete(file);
    }
    ws = openWorkspace(ref.file, {
      readonly: true,
      create: 'never',
      ...(ref.nativeBinding ? { nativeBinding: ref.nativeBinding } : {}),
      ...(ref.migrationsFolder ? { migrationsFolder: ref.migrationsFolder } : {}),
    });
    opened.set(ref.file, ws);
  }
  return ws;
}

export function contextOf(input: TaskContextInput): HandlerContext {
  const ws = readerOf(input.workspace);
  const at = new Date(input.at);
  return {
    db: ws.db,
    clock: { now: () => at },
    log: silentLogger,
    actor: input.actor,
    device: input.device,
    workspacePath: ws.file,
    schemaVersion: ws.schemaVersion,
  };
}

/**
 * Runs a task in one read transaction of the worker's connection, so everything it reads (a site's
 * snapshot and whatever rendering reads after it) is one state of the workspace, however many
 * commits the main thread makes meanwhile.
 */
export async function readConsistently<T>(input: TaskContextInput, fn: (ctx: HandlerContext) => Promise<T>): Promise<T> {
  const ws = readerOf(input.workspace);
  // Without threads (`threads: false`) tasks share this thread's connection and may overlap: they share one read transaction.
  const depth = reading.get(ws) ?? 0;
  if (depth === 0) ws.sqlite.exec('BEGIN');
  reading.set(ws, depth + 1);
  try {
    return await fn(contextOf(input));
  } finally {
    const left = reading.get(ws)! - 1;
    reading.set(ws, left);
    if (left === 0 && ws.sqlite.inTransaction) ws.sqlite.exec('COMMIT');
  }
}

const reading = new WeakMap<Workspace, number>();

/** Closes the connections tasks opened in this thread. */
export function closeReaders(): void {
  for (const ws of opened.values()) ws.close();
  opened.clear();
}
