/**
 * The bulk exports this page started, kept outside any one screen: closing the progress dialog (or
 * leaving the Sites list) lets an export run on, and the page still shows it and can cancel it.
 * Progress and the end come as events from main; nothing here polls or refetches.
 */
import { useSyncExternalStore } from 'react';
import type { WorkbenchEvents } from '@core/contract/index';
import { errorMessage } from '../../lib/errors';
import { onEvent } from '../../lib/rpc';
import { cancelJob } from '../jobs/calls';

export type ExportDone = WorkbenchEvents['job.done'];

export interface ExportJob {
  id: string;
  /** What is exported, e.g. "342 sites (filtered)". */
  label: string;
  folder: string;
  total: number;
  progress: { done: number; current: string; files: number } | null;
  done: ExportDone | null;
  /** Cancel was asked for and the job has not ended yet. */
  cancelling: boolean;
  /** Why the cancel could not be sent. */
  cancelError: string | null;
  /** The progress dialog is open (otherwise the job shows in the corner panel). */
  shown: boolean;
}

let jobs: ExportJob[] = [];
const subscribers = new Set<() => void>();
// Events of a job whose start call has not answered yet (a short job can end before it does).
const early = new Map<string, { progress?: ExportJob['progress']; done?: ExportDone }>();
let stopListening: (() => void) | null = null;

function set(next: ExportJob[]): void {
  jobs = next;
  subscribers.forEach((s) => s());
}

function update(id: string, change: (job: ExportJob) => Partial<ExportJob>): void {
  set(jobs.map((j) => (j.id === id ? { ...j, ...change(j) } : j)));
}

/** Listens for job events from before the first export starts until the page has no export left. */
export function listenForJobs(): void {
  if (stopListening) return;
  const offProgress = onEvent('job.progress', (p) => {
    const progress = { done: p.done, current: p.current, files: p.files };
    if (jobs.some((j) => j.id === p.jobId)) update(p.jobId, () => ({ progress }));
    else early.set(p.jobId, { ...early.get(p.jobId), progress });
  });
  const offDone = onEvent('job.done', (d) => {
    if (jobs.some((j) => j.id === d.jobId)) update(d.jobId, () => ({ done: d, cancelling: false }));
    else early.set(d.jobId, { ...early.get(d.jobId), done: d });
  });
  stopListening = () => {
    offProgress();
    offDone();
    stopListening = null;
    early.clear();
  };
}

export function stopWhenIdle(): void {
  if (jobs.length === 0) stopListening?.();
}

export const exportJobs = {
  /** A job main has just started; its progress dialog opens. */
  add(job: { id: string; label: string; folder: string; total: number }): void {
    const seen = early.get(job.id);
    early.delete(job.id);
    set([
      ...jobs.map((j) => ({ ...j, shown: false })),
      { ...job, progress: seen?.progress ?? null, done: seen?.done ?? null, cancelling: false, cancelError: null, shown: true },
    ]);
  },
  show(id: string): void {
    set(jobs.map((j) => ({ ...j, shown: j.id === id })));
  },
  /** The dialog closes; a running job carries on and shows in the corner panel. A finished one is put away. */
  hide(id: string): void {
    const job = jobs.find((j) => j.id === id);
    if (job?.done) exportJobs.dismiss(id);
    else update(id, () => ({ shown: false }));
  },
  dismiss(id: string): void {
    set(jobs.filter((j) => j.id !== id));
    stopWhenIdle();
  },
  async cancel(id: string): Promise<void> {
    update(id, () => ({ cancelling: true, cancelError: null }));
    try {
      // "Not cancelled" means the job had already ended: its end is on its way as an event.
      await cancelJob(id);
    } catch (e) {
      update(id, (j) => (j.done ? {} : { cancelling: false, cancelError: `The export could not be cancelled: ${errorMessage(e)}` }));
    }
  },
};

function subscribe(listener: () => void): () => void {
  subscribers.add(listener);
  return () => subscribers.delete(listener);
}

export function useExportJobs(): ExportJob[] {
  return useSyncExternalStore(subscribe, () => jobs);
}
