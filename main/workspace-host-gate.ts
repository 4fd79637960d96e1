/**
 * What keeps calls of the page away from a workspace while the host replaces it (main/workspace-host.ts):
 * the calls running now, so a switch or a restore waits for those already accepted before it copies or
 * closes the file (a write acknowledged then is in the safety copy, never lost); and which workspace
 * each page last asked about (`workspace.state`), so a page still showing the old workspace cannot
 * write into the new one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { HandlerContext } from './rpc/context';
import { runAutomaticBackupIfDue } from './services/backups-auto';
import { handlers } from './services/handlers';

const HOUR_MS = 60 * 60 * 1000;

export function busyError(): WorkbenchError {
  return new WorkbenchError(ErrorCode.BUSY, 'The workspace is being replaced: try again in a moment.');
}

export function stalePageError(): WorkbenchError {
  return new WorkbenchError(
    ErrorCode.REFUSED,
    'Another workspace was opened since this page last loaded, so nothing was saved. Reload the page to see the workspace open now.',
  );
}

/** Channels bound with write() or writeInSteps() (main/services/handlers.ts); reads are plain functions. */
export function isWriteChannel(channel: string): boolean {
  const binding = (handlers as Record<string, unknown>)[channel];
  return typeof binding === 'object' && binding !== null;
}

export class CallGate {
  private readonly running = new Set<symbol>();
  private readonly current = new AsyncLocalStorage<symbol>();
  private waiters: (() => void)[] = [];
  /** Bumped each time another workspace (or the recovery screen) takes the window's place. */
  generation = 0;
  private readonly seen = new Map<string, number>();

  /** Runs one call, counted as running until it answers. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const token = Symbol('call');
    this.running.add(token);
    return this.current.run(token, fn).finally(() => {
      this.running.delete(token);
      const wake = this.waiters;
      this.waiters = [];
      for (const w of wake) w();
    });
  }

  /** Resolves once every call but the one asking (a restore runs inside its own call) has answered. */
  async drained(): Promise<void> {
    const own = this.current.getStore();
    while ([...this.running].some((t) => t !== own)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** The page `callerId` asked which workspace is open: it knows the one open now. */
  caughtUp(callerId: string): void {
    this.seen.set(callerId, this.generation);
  }

  /** A page that asked before the last change and has not asked since. Pages never seen are not judged. */
  isBehind(callerId: string): boolean {
    const at = this.seen.get(callerId);
    return at !== undefined && at !== this.generation;
  }
}

/**
 * The automatic backup of a host (runAutomaticBackupIfDue): one at a time; one asked for while the
 * workspace is being replaced is remembered and run when that ends (the host asks takeWanted()).
 */
export class BackupRunner {
  running: Promise<void> | null = null;
  private wanted = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** One timer for the host's life: each hour `run` backs up whatever workspace is open then. */
  startHourly(run: () => void): void {
    if (this.timer) return;
    this.timer = setInterval(run, HOUR_MS);
    this.timer.unref?.();
  }

  stopHourly(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  run(ctx: HandlerContext, busy: boolean): void {
    if (busy) {
      this.wanted = true;
      return;
    }
    if (this.running) return;
    // It never throws (it logs); kept so a swap or a switch waits for its connection to the file to end.
    this.running = runAutomaticBackupIfDue(ctx).then(
      () => {
        this.running = null;
      },
      () => {
        this.running = null;
      },
    );
  }

  takeWanted(): boolean {
    const w = this.wanted;
    this.wanted = false;
    return w;
  }
}
