/**
 * Long jobs started over RPC (bulk document export): they run after the call returns, report
 * progress over the event channel ('job.progress', then 'job.done'), and can be cancelled.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '../../core/contract/index';
import { ErrorCode, WorkbenchError } from '../../core/errors';
import { newId } from '../../db/ids';
import type { HandlerContext } from '../rpc/context';
import { classifyFault, toWorkbenchError } from '../rpc/faults';
import { exportDocuments } from './bulk';

const running = new Map<string, AbortController>();

export async function startBulkExport(ctx: HandlerContext, input: ParsedInputOf<'documents.exportBulk'>) {
  const siteIds = input.all
    ? ctx.db.all<{ id: string }>(sql`SELECT id FROM sites WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, id`).map((r) => r.id)
    : [...new Set(input.siteIds ?? [])];
  if (siteIds.length === 0) throw new WorkbenchError(ErrorCode.INVALID_INPUT, 'Choose at least one site to export.', { issues: [{ path: 'siteIds', message: 'Choose at least one site to export.' }] });
  if (!ctx.chooseFolder) throw new WorkbenchError(ErrorCode.REFUSED, 'Exporting to a folder needs the desktop app (or the web harness started with --export-dir). Download the documents one by one instead.');
  const folder = await ctx.chooseFolder(`Export ${siteIds.length === 1 ? 'the documents' : `documents of ${siteIds.length} sites`} to…`);
  if (!folder) return { jobId: null, folder: null, total: siteIds.length };
  const jobId = newId();
  const controller = new AbortController();
  running.set(jobId, controller);
  void exportDocuments(ctx, {
    siteIds,
    kinds: input.kinds,
    formats: input.formats,
    final: input.final,
    outDir: folder,
    signal: controller.signal,
    onProgress: (p) => ctx.emit?.('job.progress', { jobId, ...p }),
    onWarning: (message) => ctx.log.warn(message),
  })
    .then((r) => {
      const { stopped, ...counts } = r;
      ctx.emit?.('job.done', { jobId, ...counts, error: stopped ? stopped.message : null });
    })
    .catch((e: unknown) => {
      // Only a fault before the first site can land here (the export itself stops with its counts).
      if (!classifyFault(e)) ctx.log.error('bulk export failed', { error: e instanceof Error ? e.stack : String(e) });
      ctx.emit?.('job.done', { jobId, folder, sites: 0, files: 0, drafts: 0, refused: [], cancelled: false, error: toWorkbenchError(e).message });
    })
    .finally(() => running.delete(jobId));
  return { jobId, folder, total: siteIds.length };
}

export function cancelJob(jobId: string): { cancelled: boolean } {
  const c = running.get(jobId);
  if (!c) return { cancelled: false };
  c.abort();
  return { cancelled: true };
}
