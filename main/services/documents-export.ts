/**
 * `documents.exportBulk`: the documents of many sites written to a folder chosen on the main side, as a
 * long job (jobs.ts) that reports each site as it starts and its counts when it ends. The export itself
 * is main/documents/bulk.ts.
 */
import type { ParsedInputOf, WorkbenchEvents } from '@core/contract/index';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { exportDocuments } from '../documents/bulk';
import type { WriteContext } from '../rpc/context';
import { classifyFault, toWorkbenchError } from '../rpc/faults';
import { beginJob } from './jobs';
import { liveSiteIds } from './sites-list';

export async function startBulkExport(ctx: WriteContext, input: ParsedInputOf<'documents.exportBulk'>) {
  const siteIds = input.all ? liveSiteIds(ctx) : [...new Set(input.siteIds ?? [])];
  if (siteIds.length === 0)
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, 'Choose at least one site to export.', {
      issues: [{ path: 'siteIds', message: 'Choose at least one site to export.' }],
    });
  if (!ctx.chooseFolder)
    throw new WorkbenchError(
      ErrorCode.REFUSED,
      'Exporting to a folder needs the desktop app (or the web harness started with --export-dir). Download the documents one by one instead.',
    );
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
