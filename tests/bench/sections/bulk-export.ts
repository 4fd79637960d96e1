/**
 * Bulk export as the app runs it: `documents.exportBulk` through the registry starts the job, whose
 * documents are built in worker threads while the main thread writes and records them; the figures
 * are the whole job's time against the 3-minute target for BENCH_BULK_SITES sites (default 1,000) x
 * 4 documents x 3 formats (Markdown, HTML, PDF), and sites per second.
 *
 * Whether the UI would freeze is read from the main thread's event-loop delay
 * (perf_hooks.monitorEventLoopDelay) during the job: p99 and max. The same export run with every
 * document built in the main thread (the pool's `threads: false`, as before the workers) on
 * BENCH_BULK_INLINE_SITES sites (default 30) is the baseline for those delays. While the job runs, a
 * Sites page is asked for every 250 ms, and how long it waits is reported too.
 *
 * The section works on its own copy of the workspace: the documents it records must not change what
 * later sections measure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { silentLogger } from '@main/rpc/context';
import { openSession, type Session } from '@main/session';
import { closeWorkers, configureWorkers, workers } from '@main/workers/index';
import { stats, type Section } from '../lib';

interface JobDone {
  sites: number;
  files: number;
  error: string | null;
}

/** Runs one export job and measures it: total time, the event loop's delay and a Sites page's wait meanwhile. */
async function exportJob(session: Session, siteIds: string[], out: string) {
  session.ctx.chooseFolder = async () => out;
  const done = new Promise<JobDone>((resolve) => {
    session.ctx.emit = (event, payload) => {
      if (event === 'job.done') resolve(payload as JobDone);
    };
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const waits: number[] = [];
  let running = true;
  const askSites = async () => {
    while (running) {
      const t = performance.now();
      await session.dispatch('sites.list', { limit: 100 });
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  delay.enable();
  const started = performance.now();
  const r = await session.dispatch('documents.exportBulk', {
    siteIds,
    kinds: ['rollback_plan', 'support_path', 'sop_pack', 'handover_runbook'],
    formats: ['md', 'html', 'pdf'],
    final: false,
  });
  if (!r.ok) throw new Error(r.error.message);
  const asking = askSites();
  const result = await done;
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await asking;
  delay.disable();
  return { result, seconds, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, waits };
}

const section: Section = async ({ dir, raw, report }) => {
  const S = 'bulk export';
  const copy = path.join(dir, 'bulk.sqlite');
  await raw.backup(copy);
  const session = openSession(copy, { log: silentLogger, checkOutput: false, actor: 'bench' });
  try {
    const live = (raw.prepare('SELECT id FROM sites WHERE archived_at IS NULL ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    const n = Math.min(live.length, Number(process.env.BENCH_BULK_SITES ?? 1000));
    const inlineN = Math.min(n, Number(process.env.BENCH_BULK_INLINE_SITES ?? 30));

    // Before: every document built in the main thread.
    await closeWorkers();
    configureWorkers({ threads: false });
    const before = await exportJob(session, live.slice(0, inlineN), fs.mkdtempSync(path.join(dir, 'inline-')));
    await closeWorkers();
    configureWorkers({ threads: true });
    report.note(
      `workers: ${workers().size} thread(s); ${n} sites x 4 documents x 3 formats (drafts), ${inlineN} sites built in the main thread for comparison`,
    );

    const after = await exportJob(session, live.slice(0, n), fs.mkdtempSync(path.join(dir, 'workers-')));
    if (after.result.error) report.note(`the export stopped: ${after.result.error}`);
    // The target is for 1,000 sites; a smaller run is scaled to it (BENCH_BULK_SITES).
    report.value(S, `export ${n} sites x 4 x 3 (job, worker threads)${n === 1000 ? '' : ', scaled to 1,000 sites'}`, (after.seconds / n) * 1000, 's', {
      target: { median: 180 },
      baseline: { label: `main thread, ${inlineN} sites scaled`, value: (before.seconds / inlineN) * 1000 },
      detail: `${after.result.files} files in ${after.seconds.toFixed(1)} s, ${(after.result.sites / after.seconds).toFixed(2)} sites/s; main thread: ${(before.result.sites / before.seconds).toFixed(2)} sites/s`,
    });
    report.value(S, 'event-loop delay p99 during the export', after.p99, 'ms', {
      baseline: { label: 'documents built in the main thread', value: before.p99 },
    });
    report.value(S, 'event-loop delay max during the export', after.max, 'ms', {
      baseline: { label: 'documents built in the main thread', value: before.max },
    });
    const w = stats(after.waits);
    const b = stats(before.waits);
    report.add(S, 'sites.list (100 rows) while the export runs', after.waits, {
      baseline: { label: 'documents built in the main thread', samples: before.waits },
      detail: `${w.runs} calls; main thread: median ${b.median.toFixed(0)} ms, p95 ${b.p95.toFixed(0)} ms`,
    });
  } finally {
    await closeWorkers();
    configureWorkers({ threads: true });
    session.close();
  }
};

export default section;
