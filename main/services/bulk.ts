/**
 * `bulk.preview` and `bulk.apply`: one change made to many sites of the filtered Sites list, each site
 * through the service a single edit uses (bulk-actions.ts). The preview finds the sites with the Sites
 * list's own query, tries the change on each inside transactions that are always rolled back, and
 * answers per site what would happen; apply makes it on the sites the preview listed, each site in a
 * transaction of its own, so one refusal never undoes the others. See docs/ARCHITECTURE.md, "Portfolio spreadsheets".
 */
import { sql } from 'drizzle-orm';
import { BULK_MAX_SITES, type BulkAction, type BulkReport, type BulkSiteResult } from '@core/contract/bulk';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { readOnlyReasonOf } from '@db/client';
import { deriveContext, writerOf, type HandlerContext, type WriteContext } from '../rpc/context';
import { toWorkbenchError } from '../rpc/faults';
import { attemptOnSite } from './bulk-actions';
import { rolledBack, writeTransaction } from './change-log';
import { beginJob, type Job } from './jobs';
import { getSite, listSiteIds } from './sites-list';

/** Sites tried per rolled-back transaction of a preview: between two, other calls and a cancel get in. */
const PREVIEW_CHUNK = 100;
/** Codes that mean a rule refused the change (blocked), as opposed to a fault or a bug (failed). */
const REFUSALS: readonly string[] = [
  ErrorCode.INVALID_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.DUPLICATE,
  ErrorCode.STALE_VERSION,
  ErrorCode.REFUSED,
  ErrorCode.GATE_BLOCKED,
];

interface SiteLabel {
  siteName: string;
  clientName: string;
  version: number;
}

/** Names of the sites for the result rows, read once (a site removed since has none). */
function labelsOf(ctx: HandlerContext, ids: string[]): Map<string, SiteLabel> {
  const rows = ctx.db.all<{ id: string } & SiteLabel>(
    sql`SELECT s.id, s.name AS siteName, c.name AS clientName, s.version FROM sites s JOIN clients c ON c.id = s.client_id
        WHERE s.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
  );
  return new Map(rows.map((r) => [r.id, { siteName: r.siteName, clientName: r.clientName, version: r.version }]));
}

/** One site tried in a transaction of its own (a savepoint inside a preview's): its outcome in plain words. */
function runSite(ctx: WriteContext, siteId: string, action: BulkAction, label: SiteLabel | undefined, previewed?: number): BulkSiteResult {
  const named = { siteId, siteName: label?.siteName ?? '(removed site)', clientName: label?.clientName ?? '' };
  if (!label) return { ...named, outcome: 'blocked', detail: 'This site was removed since the preview.' };
  try {
    return {
      ...named,
      ...writeTransaction(ctx, () => {
        // Checked inside the site's own transaction: an edit made since the preview (another window, a
        // colleague's import) is never overwritten by what the preview showed.
        const now = getSite(ctx, siteId);
        // An archived site says so (attemptOnSite), whatever its version.
        if (previewed !== undefined && !now.archivedAt && now.version !== previewed)
          throw new WorkbenchError(
            ErrorCode.STALE_VERSION,
            `“${label.siteName}” was changed since the preview, so it was left as it is: preview again to see it as it is now.`,
          );
        return attemptOnSite(ctx, siteId, action);
      }),
    };
  } catch (e) {
    const err = toWorkbenchError(e);
    if (REFUSALS.includes(err.code)) return { ...named, outcome: 'blocked', detail: err.message };
    ctx.log.error('a bulk change failed on a site', { siteId, error: err.message });
    return { ...named, outcome: 'failed', detail: err.message };
  }
}

function report(results: BulkSiteResult[], cancelled: boolean): BulkReport {
  const counts = { changed: 0, unchanged: 0, blocked: 0, failed: 0 };
  for (const r of results) counts[r.outcome]++;
  return { counts, results, cancelled };
}

/** Lets the event loop run (progress goes out, a cancel comes in) between sites or chunks. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

function progressOf(ctx: HandlerContext, job: Job | null, total: number) {
  const every = Math.max(1, Math.floor(total / 100));
  return (done: number) => {
    if (job && (done % every === 0 || done === total)) ctx.emit?.('bulk.progress', { jobId: job.id, done, total });
  };
}

/**
 * `bulk.preview`: what the change would do to each site the Sites list's filter matches (at most
 * BULK_MAX_SITES), tried through the services and rolled back, so every refusal the real change would
 * meet is seen. Writes nothing and tells no window anything.
 */
export async function previewBulk(ctx: HandlerContext, input: ParsedInputOf<'bulk.preview'>): Promise<OutputOf<'bulk.preview'>> {
  const siteIds = listSiteIds(ctx, input.filter).slice(0, BULK_MAX_SITES);
  const readOnly = readOnlyReasonOf(ctx.db);
  if (readOnly) throw new WorkbenchError(ErrorCode.READ_ONLY, readOnlyMessage(readOnly));
  // A writer that tells nobody: every write it makes is rolled back before the preview answers.
  const trial = deriveContext(writerOf(ctx), { emit: undefined });
  const job = input.jobId ? beginJob(trial, input.jobId) : null;
  const progress = progressOf(ctx, job, siteIds.length);
  const labels = labelsOf(ctx, siteIds);
  const results: BulkSiteResult[] = [];
  let cancelled = false;
  try {
    for (let start = 0; start < siteIds.length; start += PREVIEW_CHUNK) {
      if (job?.signal.aborted) {
        cancelled = true;
        break;
      }
      const chunk = siteIds.slice(start, start + PREVIEW_CHUNK);
      rolledBack(trial, () => {
        for (const id of chunk) results.push(runSite(trial, id, input.action, labels.get(id)));
      });
      progress(results.length);
      await breathe();
    }
  } finally {
    job?.end();
  }
  return { ...report(results, cancelled), sites: results.map((r) => ({ id: r.siteId, version: labels.get(r.siteId)?.version ?? 0 })) };
}

function readOnlyMessage(reason: string): string {
  return `This workspace cannot be changed (${reason}): no site was changed. Open a copy you may write to, or ask for write access.`;
}

/**
 * `bulk.apply`: the change made on the sites the preview listed, each in its own transaction through
 * the same services (a site archived or removed since is blocked with why), with progress and a
 * cancel checked between sites. The windows are told once, at the end.
 */
export async function applyBulk(ctx: WriteContext, input: ParsedInputOf<'bulk.apply'>): Promise<BulkReport> {
  const readOnly = readOnlyReasonOf(ctx.db);
  if (readOnly) throw new WorkbenchError(ErrorCode.READ_ONLY, readOnlyMessage(readOnly));
  const previewed = new Map(input.sites.map((s) => [s.id, s.version]));
  const siteIds = [...previewed.keys()];
  const job = beginJob(ctx, input.jobId);
  const progress = progressOf(ctx, job, siteIds.length);
  const labels = labelsOf(ctx, siteIds);
  const results: BulkSiteResult[] = [];
  let cancelled = false;
  try {
    for (const id of siteIds) {
      if (job.signal.aborted) {
        cancelled = true;
        break;
      }
      results.push(runSite(job.ctx, id, input.action, labels.get(id), previewed.get(id)));
      progress(results.length);
      await breathe();
    }
  } finally {
    job.end();
  }
  return report(results, cancelled);
}
