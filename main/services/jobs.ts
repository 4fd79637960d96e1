/**
 * `jobs.*` and the registry of long jobs started over RPC (a bulk document export,
 * documents-export.ts): they run after the call returns, report progress over the event channel
 * ('job.progress', then 'job.done'), and end early on a cancel or when the window or page that started
 * them goes away (its Caller). Their writes tell the windows once, when the job ends, not after each write.
 */
import { newId } from '@db/ids';
import type { WriteContext } from '../rpc/context';
import { quietChanges } from './change-log';
import { refused } from './errors';
import { holdRestart, longOperationOfCaller } from '../updates/busy';

export type JobEnd = 'cancelled' | 'caller-gone';

interface RunningJob {
  controller: AbortController;
  callerId: string | null;
  /** Why it is ending early, once it is. */
  ending: JobEnd | null;
}

const running = new Map<string, RunningJob>();

export interface Job {
  id: string;
  /** Aborts on a cancel or when the caller goes away. */
  signal: AbortSignal;
  /** The context the job's work runs with: its writes are told once, by `end`. */
  ctx: WriteContext;
  /** Why the job is ending early; null while it runs on. */
  ending(): JobEnd | null;
  /** The job is over: it leaves the registry and the windows hear once that data changed. */
  end(): void;
}

/**
 * Registers a job for `ctx`'s caller: it is cancelled by `cancelJob` or when that caller goes away.
 * `jobId`: the id the page chose (so it can cancel and follow progress before the call answers);
 * refused while a job with that id runs.
 */
export function beginJob(ctx: WriteContext, jobId?: string): Job {
  if (jobId !== undefined && running.has(jobId)) throw refused('This job is already running: wait for it to end, or cancel it first.');
  // A job of a long operation (main/updates/busy.ts) holds a restart into an update back until it ends;
  // taken first, as it is refused while the program restarts and nothing may be left registered then.
  const what = longOperationOfCaller();
  const release = what ? holdRestart(what) : () => {};
  const id = jobId ?? newId();
  const controller = new AbortController();
  const job: RunningJob = { controller, callerId: ctx.caller?.id ?? null, ending: null };
  running.set(id, job);
  const callerSignal = ctx.caller?.signal;
  const onCallerGone = () => {
    job.ending ??= 'caller-gone';
    controller.abort();
    ctx.log.info('a job was cancelled: the window that started it is gone', { jobId: id });
  };
  if (callerSignal?.aborted) onCallerGone();
  else callerSignal?.addEventListener('abort', onCallerGone, { once: true });
  const quiet = quietChanges(ctx);
  let ended = false;
  return {
    id,
    signal: controller.signal,
    ctx: quiet.ctx,
    ending: () => job.ending,
    end() {
      if (ended) return;
      ended = true;
      callerSignal?.removeEventListener('abort', onCallerGone);
      running.delete(id);
      release();
      quiet.flush();
    },
  };
}

/** Asks a running job to stop; it stops at its next check (between documents) and reports what it did. */
export function cancelJob(jobId: string): { cancelled: boolean } {
  const job = running.get(jobId);
  if (!job) return { cancelled: false };
  job.ending ??= 'cancelled';
  job.controller.abort();
  return { cancelled: true };
}

/** The jobs running now, with the caller each belongs to. */
export function runningJobs(): { id: string; callerId: string | null }[] {
  return [...running].map(([id, j]) => ({ id, callerId: j.callerId }));
}
