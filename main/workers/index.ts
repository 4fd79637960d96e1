/**
 * The app's worker pool, shared by every heavy task (bulk documents, the calendar): started on the
 * first task, closed with the program (main/index.ts, main/web.ts, the CLI and tests call closeWorkers).
 * Electron's main process tells it how its workers open the workspace (configureWorkers).
 */
import type { HandlerContext } from '../rpc/context';
import type { TaskContextInput, WorkspaceRef } from './context';
import { WorkerPool } from './pool';

let pool: WorkerPool | null = null;
let runtime: Omit<WorkspaceRef, 'file'> & { threads?: boolean; size?: number } = {};

/** How workers open the workspace here (Electron's native build and migrations folder), and how many run. */
export function configureWorkers(options: typeof runtime): void {
  runtime = { ...runtime, ...options };
}

export function workers(): WorkerPool {
  pool ??= new WorkerPool({
    entry: 'worker',
    load: async () => (await import('./tasks')).tasks,
    ...(runtime.size !== undefined ? { size: runtime.size } : {}),
    ...(runtime.threads !== undefined ? { threads: runtime.threads } : {}),
  });
  return pool;
}

/** Ends the workers (the next task starts new ones). */
export async function closeWorkers(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}

/** How this program opens a workspace file (Electron's native build, the migrations folder), as its workers do. */
export function workspaceRuntime(): Omit<WorkspaceRef, 'file'> {
  const { threads: _t, size: _s, ...open } = runtime;
  return open;
}

/** What a task needs to read as `ctx` does, at `ctx`'s time now. */
export function taskContext(ctx: HandlerContext): TaskContextInput {
  return { workspace: { file: ctx.workspacePath, ...workspaceRuntime() }, at: ctx.clock.now().toISOString(), actor: ctx.actor, device: ctx.device };
}
