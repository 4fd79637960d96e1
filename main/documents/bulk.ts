/**
 * Bulk export: each site's documents into a folder of its own, site after site, with progress as
 * each starts and ends and a cancel that stops between documents. Each file is written under a
 * temporary name, flushed to disk and renamed into place in the same transaction that records it in
 * document history, so a file under its final name is always whole and history lists only files that
 * were written. A fault (full disk, read-only folder, busy workspace) stops the export with its plain
 * message and the true count of files written. Shared by the CLI and the app.
 *
 * The documents are built in worker threads (main/workers/), a few sites ahead of the one being
 * written, so the main thread only writes files and records them; it keeps answering the windows
 * meanwhile. Records are grouped (RecordGroups below), so thousands of documents take tens of
 * transactions, not thousands.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DOCUMENT_LABEL, type DocumentFormat, type DocumentKind } from '@core/documents/model';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { WriteContext } from '../rpc/context';
import { classifyFault, retryWhileBusy, toWorkbenchError } from '../rpc/faults';
import { fileSlug, stageFile, type StagedFile } from '../files';
import { recordDocuments, type RenderedDocuments, type SiteDocument } from '../services/documents';
import { siteName } from '../services/sites-list';
import { taskContext, workers } from '../workers/index';
import type { RenderSiteInput } from '../workers/documents-tasks';
import type { WorkerPool } from '../workers/pool';

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
  /** Where documents are built (default: the app's worker pool). */
  pool?: WorkerPool;
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

/** A document whose files are staged beside their final names, waiting for the record that places them. */
interface StagedDocument {
  rendered: RenderedDocuments;
  staged: StagedFile[];
}

/** Documents on their way to history, with the sites they complete (told once their documents are recorded). */
interface Group {
  documents: StagedDocument[];
  sites: { index: number; name: string }[];
}

/**
 * The most documents one transaction records once the export is under way: 4,000 documents take about
 * 250 transactions, and renaming a group's files into place (each flushed to disk) stays short enough
 * not to hold up the windows.
 */
export const MAX_GROUP_DOCUMENTS = 16;

/**
 * Records staged documents in groups: the first document on its own (so the first file appears, and a
 * fault in the folder or the workspace shows, at once), then groups that close at the end of a site
 * once they hold 2, 4, 8… documents, up to MAX_GROUP_DOCUMENTS. A
 * group's files are renamed into place in the transaction that records them; if that fails, every
 * file of the group is taken back: the earlier file it replaced (from an earlier export, still listed
 * in history) returns under its name, and a new name is removed. So nothing unrecorded stays under a
 * final name and a failed export never costs a file it did not create.
 */
class RecordGroups {
  private group: Group = { documents: [], sites: [] };
  private limit = 1;

  constructor(
    private readonly ctx: WriteContext,
    private readonly onRecorded: (d: StagedDocument) => void,
    private readonly onSiteRecorded: (site: { index: number; name: string }) => void,
  ) {}

  get pending(): number {
    return this.group.documents.length;
  }

  /** Adds a staged document; `now` records it at once (with what waits before it). */
  add(d: StagedDocument, now = false): Promise<void> | null {
    this.group.documents.push(d);
    return now || this.limit === 1 ? this.flush() : null;
  }

  siteDone(index: number, name: string): Promise<void> | null {
    this.group.sites.push({ index, name });
    return this.group.documents.length >= this.limit || this.group.documents.length === 0 ? this.flush() : null;
  }

  /** Records the group now (a cancel, a stop, the end, or a document that must be recorded before the next is built). */
  async flush(): Promise<void> {
    const g = this.group;
    this.group = { documents: [], sites: [] };
    if (g.documents.length) {
      this.limit = Math.min(MAX_GROUP_DOCUMENTS, this.limit * 2);
      const files = g.documents.flatMap((d) => d.staged);
      try {
        await retryWhileBusy(() =>
          recordDocuments(
            this.ctx,
            g.documents.map((d) => d.rendered),
            () => files.forEach((s) => s.commit()),
          ),
        );
      } catch (e) {
        for (const s of [...files].reverse()) {
          try {
            s.revert();
          } catch (undo) {
            this.ctx.log.error('an exported file could not be put back', { file: s.file, error: undo instanceof Error ? undo.message : String(undo) });
          }
        }
        throw e;
      } finally {
        for (const s of files) s.discard();
      }
      g.documents.forEach(this.onRecorded);
    }
    g.sites.forEach(this.onSiteRecorded);
  }

  /** Drops what was staged and not recorded (after a fault that ends the export). */
  discard(): void {
    for (const s of this.group.documents.flatMap((d) => d.staged)) s.discard();
    this.group = { documents: [], sites: [] };
  }
}

/** Stages a document's files in `folder`; a failure leaves none of them. */
function stageDocument(folder: string, rendered: RenderedDocuments): StagedDocument {
  const staged: StagedFile[] = [];
  try {
    for (const f of rendered.files) staged.push(stageFile(path.join(folder, f.fileName), f.bytes));
  } catch (e) {
    for (const s of staged) s.discard();
    throw e;
  }
  return { rendered, staged };
}

/** The worker's answer with its bytes as Buffers again (a Buffer crosses threads as a plain Uint8Array). */
function asBuffers(docs: SiteDocument[]): SiteDocument[] {
  for (const d of docs) if ('rendered' in d) for (const f of d.rendered.files) f.bytes = Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
  return docs;
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
  const pool = o.pool ?? workers();
  // Renders still under way when the export ends, or when it is cancelled, are called off at once.
  const renders = new AbortController();
  const callOff = () => renders.abort();
  o.signal?.addEventListener('abort', callOff, { once: true });
  const render = (siteId: string, kinds: DocumentKind[]) => {
    const input: RenderSiteInput = { ...taskContext(ctx), siteId, kinds, formats: o.formats, final: o.final };
    const p = pool.run<SiteDocument[]>('documents.renderSite', input, { signal: renders.signal }).then(asBuffers);
    p.catch(() => undefined);
    return p;
  };
  // A final document can change what the next one of its site says (a final rollback plan makes the
  // checklist's "Rollback plan current" item current), so finals are built one at a time, each after
  // the one before is recorded. Drafts change nothing another document says: sites are built ahead.
  const ahead = o.final ? 0 : pool.size * 2;
  const built = new Map<number, Promise<SiteDocument[]>>();
  const groups = new RecordGroups(
    ctx,
    (d) => {
      result.files += d.rendered.files.length;
      if (d.rendered.missingCount > 0) result.drafts += d.rendered.files.length;
    },
    (site) => {
      result.sites++;
      o.onSiteDone?.({ done: site.index + 1, total: o.siteIds.length, current: site.name, files: result.files });
    },
  );
  try {
    for (let i = 0; i < o.siteIds.length; i++) {
      const id = o.siteIds[i]!;
      const name = siteName(ctx, id);
      if (name === null) continue;
      o.onSiteStart?.({ done: i, total: o.siteIds.length, current: name, files: result.files });
      for (let j = i; !o.final && j < Math.min(o.siteIds.length, i + 1 + ahead); j++) if (!built.has(j)) built.set(j, render(o.siteIds[j]!, o.kinds));
      try {
        const folder = path.join(o.outDir, siteFolderName(name, id));
        const site = o.final ? null : await built.get(i)!;
        built.delete(i);
        if (!site) await nextTurn();
        for (let k = 0; k < o.kinds.length; k++) {
          const kind = o.kinds[k]!;
          // A cancel stops between documents: what was written stays, whole and recorded.
          if (o.signal?.aborted) {
            result.cancelled = true;
            break;
          }
          const doc = site ? site[k]! : (await render(id, [kind]))[0]!;
          if (o.signal?.aborted) {
            result.cancelled = true;
            break;
          }
          makeFolder(folder);
          if ('refused' in doc) {
            result.refused.push({ site: name, document: DOCUMENT_LABEL[kind], missing: doc.refused });
            continue;
          }
          const staged = stageDocument(folder, doc.rendered);
          await groups.add(staged, o.final);
          await nextTurn();
        }
        if (result.cancelled) break;
        await groups.siteDone(i, name);
      } catch (e) {
        // A render called off by a cancel is the cancel, not a failure.
        if (o.signal?.aborted) {
          result.cancelled = true;
          break;
        }
        if (!classifyFault(e)) ctx.log.error('bulk export failed', { error: e instanceof Error ? e.stack : String(e) });
        result.stopped = toWorkbenchError(e);
        break;
      }
    }
    // What is staged is whole: a cancel or a fault still records it (a fault in recording takes it back).
    if (groups.pending) {
      try {
        await groups.flush();
      } catch (e) {
        if (!result.stopped) {
          if (!classifyFault(e)) ctx.log.error('bulk export failed', { error: e instanceof Error ? e.stack : String(e) });
          result.stopped = toWorkbenchError(e);
        }
      }
    }
  } finally {
    o.signal?.removeEventListener('abort', callOff);
    groups.discard();
    renders.abort();
  }
  // A cancel that came after the last document changes nothing: the export is complete.
  return result;
}
