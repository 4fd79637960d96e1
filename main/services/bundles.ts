/**
 * `bundles.*`: handover bundles (main/bundles/, docs/ARCHITECTURE.md "Handover bundles").
 *
 * - `export` reads the scope's records in one read transaction, renders each site's documents, and
 *   writes the zip into a folder chosen on the main side (as `.partial`, then renamed).
 * - `preview` reads a staged upload without trusting it (zip-read.ts, read.ts), checks every row
 *   against this workspace and works out the merge (plan.ts); it writes nothing, and keeps what it read
 *   in memory under a token.
 * - `import` takes a 'before-import' backup, then writes everything in one transaction: the merge is
 *   worked out again inside it (another window may have written since the preview), and a conflict
 *   the user has not chosen for is refused. A cancel before that transaction leaves nothing.
 */
import path from 'node:path';
import fs from 'node:fs';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import type { Db, WritableDb } from '@db/client';
import { newId } from '@db/ids';
import { appVersion, backupsFolderOf, BackupError, createBackup } from '../backups/index';
import { applyPlan, type ApplyResult, type Choices } from './bundles-apply';
import { collectBundle, renderDocuments } from './bundles-collect';
import { BUNDLE_APP, BUNDLE_EXTENSION, BUNDLE_FORMAT, dataPath, DEFAULT_LIMITS, HISTORY_PATH, type ZipLimits } from '../bundles/format';
import { planImport, type Plan } from './bundles-plan';
import { readBundle, type ParsedBundle } from '../bundles/read';
import { writeBundleZip, type BundleFile } from '../bundles/zip-write';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { notFound, refused } from './errors';
import { beginJob } from './jobs';
import { sqliteRuntime } from './backups';
import { endUpload, stagedUpload } from './uploads';

/* ---------- export ---------- */

/** "Acme Retail handover 2026-03-01.rwbundle.zip": the name without what a file system refuses. */
export function bundleFileName(name: string, at: string): string {
  const safe =
    name
      .normalize('NFKC')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '')
      .replace(/\s+/g, ' ')
      .replace(/^[.\s]+|[.\s]+$/g, '')
      .slice(0, 80) || 'Workspace';
  return `${safe} handover ${at.slice(0, 10)}${BUNDLE_EXTENSION}`;
}

function freeName(folder: string, name: string): string {
  let target = path.join(folder, name);
  for (let n = 2; fs.existsSync(target); n++) target = path.join(folder, name.replace(BUNDLE_EXTENSION, ` (${n})${BUNDLE_EXTENSION}`));
  return target;
}

/**
 * Writes the bundle of `scope` into `folder`; the CLI calls this directly. The records and their
 * history are read in one read transaction (one moment of the workspace); the documents are rendered
 * after it by the worker pool, site by site (`bundle.progress`, phase 'documents', when `jobId` is given).
 */
export async function writeBundle(ctx: HandlerContext, scope: ParsedInputOf<'bundles.export'>['scope'], folder: string, jobId?: string) {
  if (scope.kind !== 'all' && !scope.id)
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, `Say which ${scope.kind} to export.`, {
      issues: [{ path: 'scope.id', message: `Choose the ${scope.kind}.` }],
    });
  const at = ctx.clock.now().toISOString();
  // One read transaction: every table is read as of the same moment, whatever another program writes meanwhile.
  const collected = (ctx.db as Db).transaction(() => collectBundle(ctx.db, scope, ctx.clock.now()), { behavior: 'deferred' });
  if (scope.kind !== 'all' && !collected.scope.name) throw notFound(scope.kind === 'site' ? 'Site' : 'Client', scope.id!);
  const sites = collected.tables.find((t) => t.table === 'sites')?.rows ?? [];
  const documents = await renderDocuments(ctx, sites, (done, total) => {
    if (jobId) ctx.emit?.('bundle.progress', { jobId, phase: 'documents', done, total });
  });
  const files: BundleFile[] = [];
  const counts: Record<string, number> = {};
  for (const t of collected.tables) {
    counts[t.table] = t.rows.length;
    files.push({ path: dataPath(t.table), bytes: Buffer.from(JSON.stringify(t.rows), 'utf8') });
  }
  files.push({ path: HISTORY_PATH, bytes: Buffer.from(JSON.stringify(collected.history), 'utf8') });
  files.push(...documents);
  const target = freeName(folder, bundleFileName(collected.scope.name ?? 'Workspace', at));
  const bytes = await writeBundleZip(
    target,
    files,
    {
      format: BUNDLE_FORMAT,
      app: BUNDLE_APP,
      appVersion: appVersion(),
      schemaVersion: ctx.schemaVersion,
      createdAt: at,
      scope: collected.scope,
      tables: counts,
    },
    ctx.clock.now(),
  );
  const all: Record<string, number> = { ...counts, history: collected.history.length, documents: documents.length };
  return { file: target, bytes, counts: all };
}

export async function exportBundle(ctx: HandlerContext, input: ParsedInputOf<'bundles.export'>): Promise<OutputOf<'bundles.export'>> {
  if (!ctx.chooseFolder)
    throw refused(
      'Exporting a handover bundle needs the desktop app (or the web harness started with --export-dir), or the command line: rollout-workbench bundle export.',
    );
  if (input.scope.kind !== 'all' && !input.scope.id)
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, `Say which ${input.scope.kind} to export.`, {
      issues: [{ path: 'scope.id', message: `Choose the ${input.scope.kind}.` }],
    });
  const folder = await ctx.chooseFolder('Export the handover bundle to');
  if (!folder) return { file: null, bytes: 0, counts: {} };
  return writeBundle(ctx, input.scope, folder, input.jobId);
}

/* ---------- preview ---------- */

interface Previewed {
  token: string;
  uploadId: string | null;
  fileName: string;
  bundle: ParsedBundle;
}

/**
 * The one preview kept per workspace for its import: a new preview replaces it (and ends its upload),
 * so what main holds for bundles is bounded by one bundle per open workspace.
 */
const previews = new Map<string, Previewed>();

function dropPreview(ctx: HandlerContext, keepUpload?: string): void {
  const p = previews.get(ctx.workspacePath);
  if (!p) return;
  previews.delete(ctx.workspacePath);
  if (p.uploadId && p.uploadId !== keepUpload) endUpload(ctx, p.uploadId);
}

const planOptions = (ctx: HandlerContext) => ({ ...sqliteRuntime(), now: ctx.clock.now() });

/** Reads and checks a bundle file and works out its merge; the CLI calls this directly. */
export async function inspectBundle(
  ctx: HandlerContext,
  file: string,
  limits: ZipLimits = DEFAULT_LIMITS,
): Promise<{ bundle: ParsedBundle; plan: Plan | null }> {
  const bundle = await readBundle(file, { limits, schemaVersion: ctx.schemaVersion });
  if (!bundle.manifest || bundle.problems.some((p) => p.path === 'manifest.json' || p.path === '(the file)')) return { bundle, plan: null };
  const plan = planImport(ctx.db, bundle, planOptions(ctx));
  return { bundle, plan };
}

export function previewOf(fileName: string, bundle: ParsedBundle, plan: Plan | null, token: string | null): OutputOf<'bundles.preview'> {
  const problems = [...bundle.problems, ...(plan?.problems ?? [])];
  const m = bundle.manifest;
  return {
    token: problems.length ? null : token,
    fileName,
    manifest: m
      ? {
          appVersion: m.appVersion,
          schemaVersion: m.schemaVersion,
          createdAt: m.createdAt,
          scope: m.scope,
          documents: m.files.filter((f) => f.path.startsWith('documents/')).length,
        }
      : null,
    problems,
    tables: plan?.tables ?? [],
    conflicts: plan?.conflicts ?? [],
    history: { new: plan?.history.fresh.length ?? 0, identical: plan?.history.identical ?? 0 },
  };
}

export async function previewBundle(ctx: HandlerContext, input: ParsedInputOf<'bundles.preview'>): Promise<OutputOf<'bundles.preview'>> {
  const upload = stagedUpload(ctx, input.uploadId);
  // The previous preview goes before this one is read: never two bundles in memory for one workspace.
  dropPreview(ctx, input.uploadId);
  const { bundle, plan } = await inspectBundle(ctx, upload.path);
  const token = newId();
  const out = previewOf(upload.fileName, bundle, plan, token);
  if (out.token) {
    dropPreview(ctx, input.uploadId);
    previews.set(ctx.workspacePath, { token, uploadId: input.uploadId, fileName: upload.fileName, bundle });
  }
  return out;
}

export function discardBundle(ctx: HandlerContext, input: ParsedInputOf<'bundles.discard'>): OutputOf<'bundles.discard'> {
  if (previews.get(ctx.workspacePath)?.token !== input.token) return { discarded: false };
  dropPreview(ctx);
  return { discarded: true };
}

/* ---------- import ---------- */

export interface ImportOptions {
  /** Runs inside the import's transaction just before it commits (the kill test waits there). */
  beforeCommit?: () => void;
  /** Skips the before-import backup (the CLI's --dry-run never writes; tests of the merge alone). */
  backup?: boolean;
}

/**
 * Refuses choices that do not settle the plan's conflicts: one missing, or made on a preview that
 * showed other values (the record changed here since, so the user never saw what they would replace).
 */
function missingChoices(plan: Plan, choices: Choices): WorkbenchError | null {
  const changed = plan.conflicts.filter((c) => choices[c.id] && choices[c.id]!.fingerprint !== c.fingerprint);
  if (changed.length) return refused(`${changed.map((c) => c.label).join('; ')} changed since the preview: preview the bundle again. Nothing was imported.`);
  const open = plan.conflicts.filter((c) => !choices[c.id]);
  if (!open.length) return null;
  return new WorkbenchError(ErrorCode.INVALID_INPUT, `Choose “Keep mine” or “Take bundle's” for every conflict: ${open.map((c) => c.label).join('; ')}.`, {
    issues: open.map((c) => ({ path: `choices.${c.id}`, message: `Choose for ${c.label}.` })),
  });
}

/** Imports a bundle already read; the CLI calls this directly. */
export async function importParsed(
  ctx: WriteContext,
  bundle: ParsedBundle,
  name: string,
  choices: Choices,
  opts: ImportOptions & { jobId?: string } = {},
): Promise<OutputOf<'bundles.import'>> {
  const runtime = sqliteRuntime();
  const first = planImport(ctx.db, bundle, planOptions(ctx));
  if (first.problems.length)
    throw refused(
      `The bundle cannot be imported: ${first.problems
        .slice(0, 5)
        .map((p) => `${p.path}: ${p.message}`)
        .join(' ')}`,
    );
  const missing = missingChoices(first, choices);
  if (missing) throw missing;
  const job = beginJob(ctx, opts.jobId);
  const progress = (phase: 'backup' | 'writing', done: number, total: number) => ctx.emit?.('bundle.progress', { jobId: job.id, phase, done, total });
  const cancelled = { added: 0, updated: 0, skipped: 0, history: 0, cancelled: true, backup: null };
  try {
    let backup: string | null = null;
    if (opts.backup !== false) {
      try {
        const info = await createBackup(ctx.workspacePath, {
          folder: backupsFolderOf(ctx.workspacePath),
          reason: 'before-import',
          now: ctx.clock.now(),
          appVersion: appVersion(),
          schemaVersion: ctx.schemaVersion,
          ...(runtime.nativeBinding ? { nativeBinding: runtime.nativeBinding } : {}),
          onProgress: (p) => progress('backup', p.done, p.total),
          signal: job.signal,
        });
        backup = info.file;
      } catch (e) {
        if (job.signal.aborted) return cancelled;
        if (e instanceof BackupError) throw refused(`The backup taken before every import could not be written (${e.message}); nothing was imported.`);
        throw e;
      }
    }
    if (job.signal.aborted) return cancelled;
    progress('writing', 0, first.ops.length);
    let result: ApplyResult = { added: 0, updated: 0, skipped: 0, history: 0 };
    mutate(job.ctx, 'workspace', (tx, at) => {
      const plan = planImport(tx, bundle, planOptions(ctx));
      if (plan.problems.length)
        throw refused(
          `The workspace changed since the preview and the bundle no longer fits: ${plan.problems[0]!.path}: ${plan.problems[0]!.message} Preview it again.`,
        );
      const stillOpen = missingChoices(plan, choices);
      if (stillOpen) throw stillOpen;
      result = applyPlan(tx, job.ctx, at, plan, choices, name);
      const unchanged = plan.ops.filter((o) => o.kind === 'identical').length;
      const id = newId();
      const summary = `Imported handover bundle “${name}”: ${result.added} added, ${result.updated} updated, ${unchanged} unchanged${result.skipped - unchanged ? `, ${result.skipped - unchanged} kept as they were here` : ''}; ${result.history} history rows.`;
      // The summary entry is the import's own record: its id is the one the windows are told about.
      applySummary(tx, job.ctx, at, id, summary);
      opts.beforeCommit?.();
      return { id };
    });
    progress('writing', first.ops.length, first.ops.length);
    return { ...result, cancelled: false, backup };
  } finally {
    job.end();
  }
}

function applySummary(tx: WritableDb, ctx: WriteContext, at: string, id: string, summary: string): void {
  recordChange(tx, ctx, at, { entity: 'workspace', entityId: 'workspace', action: 'import-bundle', summary, after: { import: id } });
}

export async function importBundle(ctx: WriteContext, input: ParsedInputOf<'bundles.import'>): Promise<OutputOf<'bundles.import'>> {
  const p = previews.get(ctx.workspacePath);
  if (!p || p.token !== input.token)
    throw refused('This preview is no longer open (another bundle was previewed since, or it was imported): choose the bundle file again.');
  const out = await importParsed(ctx, p.bundle, p.bundle.manifest?.scope.name ?? p.fileName, input.choices, input.jobId ? { jobId: input.jobId } : {});
  if (!out.cancelled && previews.get(ctx.workspacePath) === p) dropPreview(ctx);
  return out;
}
