/**
 * Long jobs started over RPC (bulk document export): they run after the call returns, report
 * progress over the event channel ('job.progress', then 'job.done'), and end early on a cancel or
 * when the window or page that started them goes away (its Caller). Their writes tell the windows
 * once, when the job ends, not after each write.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf, WorkbenchEvents } from '../../core/contract/index';
import { ErrorCode, WorkbenchError } from '../../core/errors';
import { newId } from '../../db/ids';
import type { WriteContext } from '../rpc/context';
import { classifyFault, toWorkbenchError } from '../rpc/faults';
import { quietChanges } from '../services/change-log';
import { exportDocuments } from './bulk';

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

/** Registers a job for `ctx`'s caller: it is cancelled by `cancelJob` or when that caller goes away. */
export function beginJob(ctx: WriteContext): Job {
  const id = newId();
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

export async function startBulkExport(ctx: WriteContext, input: ParsedInputOf<'documents.exportBulk'>) {
  const siteIds = input.all
    ? ctx.db.all<{ id: string }>(sql`SELECT id FROM sites WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, id`).map((r) => r.id)
    : [...new Set(input.siteIds ?? [])];
  if (siteIds.length === 0) throw new WorkbenchError(ErrorCode.INVALID_INPUT, 'Choose at least one site to export.', { issues: [{ path: 'siteIds', message: 'Choose at least one site to export.' }] });
  if (!ctx.chooseFolder) throw new WorkbenchError(ErrorCode.REFUSED, 'Exporting to a folder needs the desktop app (or the web harness started with --export-dir). Download the documents one by one instead.');
  const folder = await ctx.chooseFolder(`Export ${siteIds.length === 1 ? 'the documents' : `documents of ${siteIds.length} sites`} to…`);
  if (!folder) return { jobId: null, folder: null, total: siteIds.length };
  const job = beginJob(ctx);
  const emitDone = (payload: Omit<WorkbenchEvents['job.done'], 'jobId'>) => ctx.emit?.('job.done', { jobId: job.id, ...payload });
  void exportDocuments(job.ctx, {
    siteIds,
    kinds: input.kinds,
    formats: input.formats,
    final: input.final,
    outDir: folder,
    signal: job.signal,
    onSiteStart: (p) => ctx.emit?.('job.progress', { jobId: job.id, ...p }),
    onWarning: (message) => ctx.log.warn(message),
  })
    .then(
      (r) => {
        const { stopped, ...counts } = r;
        job.end();
        emitDone({ ...counts, error: stopped ? stopped.message : null });
      },
      (e: unknown) => {
        // Only a fault before the first site can land here (the export itself stops with its counts).
        if (!classifyFault(e)) ctx.log.error('bulk export failed', { error: e instanceof Error ? e.stack : String(e) });
        job.end();
        emitDone({ folder, sites: 0, files: 0, drafts: 0, refused: [], cancelled: false, error: toWorkbenchError(e).message });
      },
    )
    .catch((e: unknown) => ctx.log.error('the end of a bulk export could not be reported', { error: e instanceof Error ? e.stack : String(e) }));
  return { jobId: job.id, folder, total: siteIds.length };
}

