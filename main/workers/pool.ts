/**
 * Heavy work off the main thread (docs/ARCHITECTURE.md, "Heavy work off the main thread"): a small
 * pool of worker_threads Workers that all run one entry module (documents-worker.ts, …). A task is a
 * name and a structured-cloneable input; it streams progress, can be cancelled with an AbortSignal,
 * and fails with the error it threw in the worker (its message, and the code a fault or a
 * WorkbenchError carries, so main/rpc/faults.ts names it as it would in the main thread).
 *
 * Where the entry runs from: from the sources (tsx, vitest), a worker starts bootstrap.mjs, which
 * registers the TypeScript loader and imports the entry's .ts file; from a build (electron-vite's
 * out/main, a compiled CLI), it starts the entry's compiled `<name>.js` found beside the bundle. When
 * neither exists, or `threads: false` is asked for, tasks run in the calling thread, as before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ErrorCode, WorkbenchError } from '@core/errors';

/** What a task sees of its run: a signal that aborts on cancel, and a way to report progress. */
export interface TaskControl<P = unknown> {
  signal: AbortSignal;
  progress(value: P): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each task names its own input and output types
export type TaskHandler = (input: any, control: TaskControl<any>) => unknown;
export type TaskHandlers = Record<string, TaskHandler>;

export interface PoolOptions {
  /** The entry module's name in main/workers/ without extension; built as `<name>.js`. */
  entry: string;
  /** The entry's TypeScript file when it is not main/workers/<entry>.ts (tests serve tasks of their own). */
  source?: string;
  /** The entry's tasks, loaded in this thread when no worker can start (or with `threads: false`). */
  load: () => Promise<TaskHandlers>;
  /** Workers at most (default: the cores but one, at least one, at most four). */
  size?: number;
  /** False runs every task in the calling thread (for comparison and where threads are unwanted). */
  threads?: boolean;
}

export interface RunOptions<P> {
  signal?: AbortSignal;
  onProgress?: (value: P) => void;
  /** Buffers in the input to move to the worker instead of copying. */
  transfer?: ArrayBuffer[];
}

/** An error as it crosses from the worker: its text and the fields the fault classifier reads. */
interface ErrorShape {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
  details?: unknown;
  errno?: unknown;
  syscall?: unknown;
  path?: unknown;
}

export type ToWorker = { type: 'run'; id: number; task: string; input: unknown } | { type: 'cancel'; id: number };
export type FromWorker =
  { type: 'progress'; id: number; value: unknown } | { type: 'done'; id: number; value: unknown } | { type: 'failed'; id: number; error: ErrorShape };

const WORKBENCH_CODES = new Set<unknown>(Object.values(ErrorCode));

export function errorShape(e: unknown): ErrorShape {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const f = e as Error & Record<string, unknown>;
  return { name: e.name, message: e.message, stack: e.stack, code: f.code, details: f.details, errno: f.errno, syscall: f.syscall, path: f.path };
}

/** The worker's error as this thread would have thrown it: a WorkbenchError stays one; a fault keeps its code and path. */
export function errorFrom(shape: ErrorShape): Error {
  if (shape.name === 'WorkbenchError' && WORKBENCH_CODES.has(shape.code)) {
    return new WorkbenchError(shape.code as ErrorCode, shape.message, shape.details as WorkbenchError['details']);
  }
  const e = new Error(shape.message);
  e.name = shape.name;
  for (const key of ['code', 'errno', 'syscall', 'path'] as const) if (shape[key] !== undefined) Object.assign(e, { [key]: shape[key] });
  if (shape.stack) e.stack = `${shape.stack}\n    (in a worker thread)`;
  return e;
}

/** Where a worker of `entry` starts, or null when there is no way to start one here. */
function workerStart(entry: string, source?: string): { file: string; workerData: unknown } | null {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const dir = path.dirname(here);
    return {
      file: path.join(dir, 'bootstrap.mjs'),
      workerData: { entry: source ?? path.join(dir, `${entry}.ts`), tsconfig: path.resolve(dir, '../../tsconfig.json') },
    };
  }
  // A bundle: the entry is an output beside the file this code landed in, or one folder up from a chunk.
  const dir = path.dirname(here);
  const built = [path.join(dir, `${entry}.js`), path.join(dir, '..', `${entry}.js`)].find((f) => fs.existsSync(f));
  return built ? { file: built, workerData: null } : null;
}

interface Pending {
  id: number;
  task: string;
  input: unknown;
  transfer: ArrayBuffer[];
  onProgress?: (value: unknown) => void;
  resolve(value: unknown): void;
  reject(e: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
  worker?: Slot;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

export class WorkerPool {
  readonly size: number;
  private readonly start: { file: string; workerData: unknown } | null;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private inline: Promise<TaskHandlers> | null = null;

  constructor(private readonly opts: PoolOptions) {
    this.size = Math.max(1, opts.size ?? Math.min(4, os.availableParallelism() - 1));
    this.start = opts.threads === false ? null : workerStart(opts.entry, opts.source);
  }

  /** Whether tasks run in worker threads (false: in the calling thread). */
  get threaded(): boolean {
    return this.start !== null;
  }

  run<O, P = unknown>(task: string, input: unknown, o: RunOptions<P> = {}): Promise<O> {
    if (this.closed) return Promise.reject(new Error('The worker pool is closed.'));
    if (!this.start) return this.runInline<O, P>(task, input, o);
    return new Promise<O>((resolve, reject) => {
      const p: Pending = {
        id: this.nextId++,
        task,
        input,
        transfer: o.transfer ?? [],
        onProgress: o.onProgress as ((v: unknown) => void) | undefined,
        resolve: resolve as (v: unknown) => void,
        reject,
        signal: o.signal,
      };
      if (o.signal?.aborted) return reject(abortError());
      p.onAbort = () => this.cancel(p);
      o.signal?.addEventListener('abort', p.onAbort, { once: true });
      this.queue.push(p);
      this.pump();
    });
  }

  /** Ends every worker; tasks still queued or running fail with "The worker pool is closed." */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of [...this.queue.splice(0), ...this.running.values()]) this.settle(p, new Error('The worker pool is closed.'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private async runInline<O, P>(task: string, input: unknown, o: RunOptions<P>): Promise<O> {
    this.inline ??= this.opts.load();
    const handler = (await this.inline)[task];
    if (!handler) throw new Error(`No task named ${task} in ${this.opts.entry}.`);
    if (o.signal?.aborted) throw abortError();
    const signal = o.signal ?? new AbortController().signal;
    return (await handler(input, { signal, progress: (v: P) => o.onProgress?.(v) })) as O;
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const p = this.queue.shift()!;
      slot.busy = p;
      p.worker = slot;
      this.running.set(p.id, p);
      slot.worker.ref();
      slot.worker.postMessage({ type: 'run', id: p.id, task: p.task, input: p.input } satisfies ToWorker, p.transfer);
    }
  }

  private spawn(): Slot {
    const { file, workerData } = this.start!;
    const worker = new Worker(file, { workerData });
    const slot: Slot = { worker, busy: null };
    worker.on('message', (m: FromWorker) => {
      const p = this.running.get(m.id);
      if (!p) return;
      if (m.type === 'progress') p.onProgress?.(m.value);
      else this.settle(p, m.type === 'failed' ? errorFrom(m.error) : null, m.type === 'done' ? m.value : undefined);
    });
    // A worker that dies (a crash, an error outside any task) fails its task and leaves the pool.
    const lost = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      if (slot.busy) this.settle(slot.busy, e);
      this.pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`A worker thread stopped (exit code ${code}).`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private cancel(p: Pending): void {
    const queued = this.queue.indexOf(p);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(p, abortError());
    } else if (p.worker) {
      // The task sees its signal abort and ends at its next check; its answer (or AbortError) settles it.
      p.worker.worker.postMessage({ type: 'cancel', id: p.id } satisfies ToWorker);
    }
  }

  private settle(p: Pending, error: Error | null, value?: unknown): void {
    if (!this.running.delete(p.id) && error === null) return;
    p.signal?.removeEventListener('abort', p.onAbort!);
    const slot = p.worker;
    if (slot && slot.busy === p) {
      slot.busy = null;
      slot.worker.unref();
    }
    if (error) p.reject(error);
    else p.resolve(value);
    if (!this.closed) this.pump();
  }
}

export function abortError(): Error {
  return Object.assign(new Error('The task was cancelled.'), { name: 'AbortError' });
}
