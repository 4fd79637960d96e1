/**
 * `portfolio.inspect`, `portfolio.dryRun`, `portfolio.import`: the portfolio brought in from a
 * spreadsheet (CSV or XLSX, read by main/portfolio/read.ts) staged as an upload (uploads.ts).
 *
 * - inspect reads the header and the first rows, and offers a mapping: the saved mapping whose columns
 *   are the file's (portfolio-mappings.ts) first, else a preset the columns match (a dashboard's export,
 *   the workbench's own), else one suggested from the header names for the likeliest kind.
 * - dryRun plans every row (portfolio-plan.ts) without writing: counts, bad rows by line, the changes
 *   field by field, the first rows as they will be stored, the columns left out.
 * - import plans again (the workspace may have changed since the dry run), then writes the good rows in
 *   batches of one transaction each (portfolio-apply.ts), with 'import.progress' and cancel
 *   (`jobs.cancel`); the windows hear of the changes once, when it ends. The upload is removed when the
 *   import has run to its end. One portfolio import runs at a time per workspace in this process.
 *
 * The `…File` functions take a file on disk, for the command-line tool; the channel functions resolve
 * the upload and call them.
 */
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import type { ImportReport, PortfolioMapping, SheetChoice } from '@core/contract/portfolio';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { suggestKind, suggestMapping, detectPreset, presetMapping, unmappedColumns } from '@core/portfolio/mapping';
import { isCredentialHeader, type ImportKind } from '@core/portfolio/fields';
import { hasSecret } from '@core/domain/secret-scanner';
import { openSpreadsheet } from '../portfolio/read';
import { SpreadsheetError, type OpenedSheet } from '../portfolio/sheet';
import { writerOf, type HandlerContext, type WriteContext } from '../rpc/context';
import { refused } from './errors';
import { beginJob } from './jobs';
import { applyPlan } from './portfolio-apply';
import { findSavedMapping, saveMappingNow } from './portfolio-mappings';
import { planImport, MAX_PROBLEMS, type Plan } from './portfolio-plan';
import { rowPlanner } from './portfolio-plan-records';
import { endUpload, stagedUpload } from './uploads';

export interface PortfolioFile {
  path: string;
  /** The name the user knows the file by (its extension tells CSV from XLSX). */
  name: string;
}

export const SAMPLE_ROWS = 10;
const HIDDEN = '(hidden: credentials are never imported)';

/** A file the reader refused, as INVALID_INPUT naming the input field (`prefix` + the choice, or the upload). */
function unreadable(e: unknown, prefix: string): unknown {
  if (!(e instanceof SpreadsheetError)) return e;
  const path = e.field === 'file' ? 'uploadId' : `${prefix}${e.field}`;
  return new WorkbenchError(ErrorCode.INVALID_INPUT, e.message, { issues: [{ path, message: e.message }] });
}

async function open(file: PortfolioFile, choice: Partial<SheetChoice>, prefix: string): Promise<OpenedSheet> {
  try {
    return await openSpreadsheet(file.path, file.name, {
      sheet: choice.sheet ?? null,
      headerRow: choice.headerRow ?? null,
      delimiter: choice.delimiter ?? null,
    });
  } catch (e) {
    throw unreadable(e, prefix);
  }
}

/* ---------- inspect ---------- */

/** A preset's mapping with the fields it leaves empty filled from the header names, each column used once. */
function withSuggestions(preset: Record<string, string | null>, suggested: Record<string, string | null>): Record<string, string | null> {
  const out = { ...preset };
  const used = new Set(Object.values(out).filter(Boolean));
  for (const [field, column] of Object.entries(suggested)) {
    if (out[field] || !column || used.has(column)) continue;
    out[field] = column;
    used.add(column);
  }
  return out;
}

export async function inspectPortfolioFile(
  ctx: HandlerContext,
  file: PortfolioFile,
  choice: { sheet?: string | null; headerRow?: number | null; delimiter?: SheetChoice['delimiter']; kind?: ImportKind },
): Promise<OutputOf<'portfolio.inspect'>> {
  const sheet = await open(file, choice, '');
  const sample: string[][] = [];
  // The first rows are shown as read, except what must never be shown: a credentials column's cells
  // (a dashboard's export of its connection passwords) and any cell holding a secret.
  const hidden = sheet.columns.map((c) => isCredentialHeader(c));
  try {
    for await (const row of sheet.rows()) {
      sample.push(row.cells.map((cell, i) => (hidden[i] && cell !== '' ? HIDDEN : hasSecret(cell) ? HIDDEN : cell)));
      if (sample.length >= SAMPLE_ROWS) break;
    }
  } catch (e) {
    throw unreadable(e, '');
  }
  const { columns } = sheet;
  const read = { sheet: choice.sheet ?? null, headerRow: choice.headerRow ?? null, delimiter: choice.delimiter ?? null };
  const saved = findSavedMapping(ctx, columns);
  const preset = detectPreset(columns);
  let mapping: PortfolioMapping;
  let offered: { saved: OutputOf<'portfolio.inspect'>['saved']; preset: OutputOf<'portfolio.inspect'>['preset'] } = { saved: null, preset: null };
  if (saved && (!choice.kind || saved.kind === choice.kind)) {
    mapping = { ...saved.mapping, ...read };
    offered = { saved: { id: saved.id, name: saved.name }, preset: null };
  } else if (preset && (!choice.kind || preset.kind === choice.kind)) {
    mapping = {
      ...read,
      kind: preset.kind,
      columns: withSuggestions(presetMapping(preset, columns), suggestMapping(preset.kind, columns)),
      newPeople: 'agency',
    };
    offered = { saved: null, preset: { id: preset.id, label: preset.label, source: preset.source } };
  } else {
    const kind = choice.kind ?? suggestKind(columns);
    mapping = { ...read, kind, columns: suggestMapping(kind, columns), newPeople: 'agency' };
  }
  return {
    format: sheet.format,
    sheets: sheet.sheets,
    sheet: sheet.sheet,
    delimiter: sheet.delimiter,
    headerRow: sheet.headerRow,
    columns,
    sample,
    kind: mapping.kind,
    ...offered,
    mapping,
    ignoredColumns: unmappedColumns(mapping.kind, mapping.columns, columns),
  };
}

export function inspectPortfolio(ctx: HandlerContext, input: ParsedInputOf<'portfolio.inspect'>): Promise<OutputOf<'portfolio.inspect'>> {
  const upload = stagedUpload(ctx, input.uploadId);
  return inspectPortfolioFile(ctx, { path: upload.path, name: upload.fileName }, input);
}

/* ---------- dry run ---------- */

function progress(ctx: HandlerContext, jobId: string | undefined, phase: 'reading' | 'writing', totalBytes: number) {
  return (rows: number, bytes: number) => {
    if (jobId) ctx.emit?.('import.progress', { jobId, phase, rows, bytes, totalBytes });
  };
}

async function plan(ctx: HandlerContext, file: PortfolioFile, mapping: PortfolioMapping, opts: { jobId?: string; signal?: AbortSignal }): Promise<Plan> {
  const sheet = await open(file, mapping, 'mapping.');
  try {
    return await planImport(ctx, sheet, mapping, rowPlanner(mapping.kind), {
      signal: opts.signal,
      onProgress: progress(ctx, opts.jobId, 'reading', sheet.totalBytes),
    });
  } catch (e) {
    throw unreadable(e, 'mapping.');
  }
}

export async function dryRunPortfolioFile(
  ctx: HandlerContext,
  file: PortfolioFile,
  mapping: PortfolioMapping,
  opts: { jobId?: string; signal?: AbortSignal } = {},
): Promise<ImportReport> {
  return (await plan(ctx, file, mapping, opts)).report;
}

export async function dryRunPortfolio(ctx: HandlerContext, input: ParsedInputOf<'portfolio.dryRun'>): Promise<OutputOf<'portfolio.dryRun'>> {
  const upload = stagedUpload(ctx, input.uploadId);
  const job = beginJob(writerOf(ctx), input.jobId);
  try {
    return await dryRunPortfolioFile(job.ctx, { path: upload.path, name: upload.fileName }, input.mapping, { jobId: job.id, signal: job.signal });
  } finally {
    job.end();
  }
}

/* ---------- import ---------- */

const running = new Set<string>();

/** Takes the rows a service refused out of the plan's figures and lists them as bad rows. */
function withFailures(report: ImportReport, failed: Awaited<ReturnType<typeof applyPlan>>['failed']): ImportReport {
  if (failed.length === 0) return report;
  const lines = new Set(failed.map((f) => f.row.line));
  for (const { row, problem } of failed) {
    report.good--;
    report.bad++;
    for (const c of row.counted) report.counts[c.entity][c.action]--;
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(problem);
  }
  report.problems.sort((a, b) => a.line - b.line);
  report.changes = report.changes.filter((c) => !lines.has(c.line));
  return report;
}

export async function importPortfolioFile(
  ctx: WriteContext,
  file: PortfolioFile,
  mapping: PortfolioMapping,
  opts: { jobId?: string; signal?: AbortSignal; saveMappingAs?: string | null } = {},
): Promise<ImportReport & { imported: number }> {
  if (running.has(ctx.workspacePath)) throw refused('A portfolio import is running on this workspace: wait for it to end, then import this file.');
  const job = beginJob(ctx, opts.jobId);
  running.add(ctx.workspacePath);
  try {
    const signal = opts.signal ? AbortSignal.any([opts.signal, job.signal]) : job.signal;
    const sheet = await open(file, mapping, 'mapping.');
    let planned: Plan;
    try {
      planned = await planImport(job.ctx, sheet, mapping, rowPlanner(mapping.kind), {
        signal,
        onProgress: progress(job.ctx, job.id, 'reading', sheet.totalBytes),
      });
    } catch (e) {
      throw unreadable(e, 'mapping.');
    }
    if (planned.report.cancelled) return { ...planned.report, imported: 0 };
    if (opts.saveMappingAs) saveMappingNow(job.ctx, opts.saveMappingAs, mapping, sheet.columns);
    const total = planned.rows.length;
    const applied = await applyPlan(job.ctx, planned, {
      signal,
      onBatch: (done) =>
        job.ctx.emit?.('import.progress', { jobId: job.id, phase: 'writing', rows: done, bytes: sheet.totalBytes, totalBytes: sheet.totalBytes }),
    });
    job.ctx.log.info('portfolio import', {
      rows: planned.report.rows,
      written: applied.imported,
      refused: applied.failed.length,
      of: total,
      cancelled: applied.cancelled,
    });
    const report = withFailures(planned.report, applied.failed);
    return { ...report, cancelled: applied.cancelled, imported: applied.imported };
  } finally {
    job.end();
    running.delete(ctx.workspacePath);
  }
}

export async function importPortfolio(ctx: WriteContext, input: ParsedInputOf<'portfolio.import'>): Promise<OutputOf<'portfolio.import'>> {
  const upload = stagedUpload(ctx, input.uploadId);
  const result = await importPortfolioFile(ctx, { path: upload.path, name: upload.fileName }, input.mapping, {
    jobId: input.jobId,
    saveMappingAs: input.saveMappingAs,
  });
  if (!result.cancelled) endUpload(ctx, input.uploadId);
  return result;
}
