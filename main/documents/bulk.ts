/**
 * Bulk export: each site's documents into a folder of its own, site after site, with progress as
 * each starts and ends and a cancel that stops between documents. Each file is written under a temporary name, flushed
 * to disk and renamed into place in the same transaction that records it in document history, so a
 * file under its final name is always whole and history lists only files that were written. A fault
 * (full disk, read-only folder, busy workspace) stops the export with its plain message and the
 * true count of files written. Shared by the CLI and the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DOCUMENT_LABEL, type DocumentFormat, type DocumentKind } from '@core/documents/model';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { WriteContext } from '../rpc/context';
import { classifyFault, retryWhileBusy, toWorkbenchError } from '../rpc/faults';
import { fileSlug, stageFile, type StagedFile } from '../files';
import { recordDocuments, renderDocuments } from '../services/documents';
import { siteName } from '../services/sites-list';

/** Where a bulk export is: `done` is always the number of sites finished, `files` the files written so far. */
export interface BulkProgress {
  done: number;
  total: number;
  current: string;
  files: number;
}

export interface BulkOptions {
  siteIds: string[];
  kinds: DocumentKind[];
  formats: DocumentFormat[];
  final: boolean;
  outDir: string;
  signal?: AbortSignal;
  /** Told as each site starts: `current` is the site being written, `done` the sites finished before it. */
  onSiteStart?: (p: BulkProgress) => void;
  /** Told as each site is finished: `current` is the site just written, `done` counts it. */
  onSiteDone?: (p: BulkProgress) => void;
  /** Told before the export starts when the folder's disk looks too small for it. */
  onWarning?: (message: string) => void;
}

export interface BulkResult {
  folder: string;
  /** Sites whose documents were all written (or refused as final). */
  sites: number;
  /** Files written and recorded: exactly the files the export left in place. */
  files: number;
  drafts: number;
  refused: { site: string; document: string; missing: string[] }[];
  cancelled: boolean;
  /** Why the export stopped before the end (full disk, read-only folder, busy workspace...); null when it did not. */
  stopped: WorkbenchError | null;
}

/** "northwind-shop-01HX…": readable, and unique even when two sites share a name. */
export function siteFolderName(name: string, id: string): string {
  return `${fileSlug(name)}-${id.slice(-8).toLowerCase()}`;
}

/** Typical size of one document file, generously rounded up: enough to tell a disk that is clearly too small. */
const TYPICAL_BYTES: Record<DocumentFormat, number> = { md: 16 * 1024, html: 48 * 1024, pdf: 160 * 1024 };

/** A warning when the free space under `folder` looks smaller than the export needs; null when it fits or cannot be told. */
export function freeSpaceWarning(folder: string, files: { sites: number; kinds: number; formats: DocumentFormat[] }): string | null {
  let free: number;
  try {
    const s = fs.statfsSync(folder);
    free = s.bavail * s.bsize;
  } catch {
    return null;
  }
  const need = files.sites * files.kinds * files.formats.reduce((n, f) => n + TYPICAL_BYTES[f], 0);
  if (free >= need) return null;
  return `The disk holding ${folder} has ${megabytes(free)} free and this export may need about ${megabytes(need)}. It stops with a message if the disk fills up; what it wrote until then stays complete.`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One level below the export folder; not `recursive`, which reports a read-only disk as a missing folder. */
function makeFolder(folder: string): void {
  try {
    fs.mkdirSync(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

function refusalMissing(e: unknown): string[] | null {
  if (!(e instanceof WorkbenchError) || e.code !== ErrorCode.REFUSED) return null;
  const missing = (e.details as { missing?: { part: string }[] } | undefined)?.missing;
  return missing ? missing.map((m) => m.part) : null;
}

/**
 * Writes one document (all its formats) into `folder` and records it: files are staged first, then
 * renamed into place inside the transaction that records them. When that step fails, every file
 * renamed into place is taken back: the earlier file it replaced (from an earlier export, still listed
 * in history) returns under its name, and a new name is removed. So nothing unrecorded stays under a
 * final name and a failed export never costs a file it did not create.
 */
async function writeDocument(ctx: WriteContext, folder: string, siteId: string, kind: DocumentKind, o: BulkOptions) {
  const rendered = await renderDocuments(ctx, { siteId, kind, formats: o.formats, final: o.final });
  const staged: StagedFile[] = [];
  try {
    for (const f of rendered.files) staged.push(stageFile(path.join(folder, f.fileName), f.bytes));
    await retryWhileBusy(() => recordDocuments(ctx, rendered, () => staged.forEach((s) => s.commit())));
  } catch (e) {
    for (const s of [...staged].reverse()) {
      try {
        s.revert();
      } catch (undo) {
        ctx.log.error('an exported file could not be put back', { file: s.file, error: undo instanceof Error ? undo.message : String(undo) });
      }
    }
    throw e;
  } finally {
    for (const s of staged) s.discard();
  }
  return rendered;
}

/** Lets a cancel, the other calls and the event stream in before the next document. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function exportDocuments(ctx: WriteContext, o: BulkOptions): Promise<BulkResult> {
  if (!fs.existsSync(o.outDir) || !fs.statSync(o.outDir).isDirectory()) {
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, `The folder ${o.outDir} does not exist: create it or choose another.`, {
      issues: [{ path: 'outDir', message: `The folder ${o.outDir} does not exist: create it or choose another.` }],
    });
  }
  const warning = freeSpaceWarning(o.outDir, { sites: o.siteIds.length, kinds: o.kinds.length, formats: o.formats });
  if (warning) o.onWarning?.(warning);
  const result: BulkResult = { folder: o.outDir, sites: 0, files: 0, drafts: 0, refused: [], cancelled: false, stopped: null };
  for (let i = 0; i < o.siteIds.length; i++) {
    const id = o.siteIds[i]!;
    const name = siteName(ctx, id);
    if (name === null) continue;
    o.onSiteStart?.({ done: i, total: o.siteIds.length, current: name, files: result.files });
    try {
      const folder = path.join(o.outDir, siteFolderName(name, id));
      for (const kind of o.kinds) {
        // A cancel stops between documents: what was written stays, whole and recorded.
        if (o.signal?.aborted) {
          result.cancelled = true;
          break;
        }
        makeFolder(folder);
        try {
          const rendered = await writeDocument(ctx, folder, id, kind, o);
          result.files += rendered.files.length;
          if (rendered.missingCount > 0) result.drafts += rendered.files.length;
        } catch (e) {
          const missing = refusalMissing(e);
          if (!missing) throw e;
          result.refused.push({ site: name, document: DOCUMENT_LABEL[kind], missing });
        }
        await nextTurn();
      }
    } catch (e) {
      if (!classifyFault(e)) ctx.log.error('bulk export failed', { error: e instanceof Error ? e.stack : String(e) });
      result.stopped = toWorkbenchError(e);
      break;
    }
    if (result.cancelled) break;
    result.sites++;
    o.onSiteDone?.({ done: i + 1, total: o.siteIds.length, current: name, files: result.files });
  }
  // A cancel that came after the last document changes nothing: the export is complete.
  return result;
}
