/**
 * Reading a whole staged file for `activity.dryRun` and `activity.import`: the rows through the
 * mapping, bad rows with their lines, duplicates by row key, actors matched, with progress and cancel.
 * Nothing here writes; the import writes what it answers (activity.ts).
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { actorKey, matchActors, operatorForRole, type ActorMatch, type SiteOperator } from '@core/activity/actors';
import { mappingProblems } from '@core/activity/mapping';
import { maskText } from '@core/activity/mask';
import { classifyEvent } from '@core/activity/classify';
import { normalizeRow } from '@core/activity/normalize';
import type { NormalizedActivity, RawRow, RuleEvent } from '@core/activity/types';
import { ACTIVITY_FIELDS, FINDING_CATEGORIES, type ActivityKind, type FindingCategory, type MaskKind } from '@core/activity/vocabulary';
import type { ActivityMapping, ActivityReport } from '@core/contract/activity';
import type { ParsedInputOf } from '@core/contract/index';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { OperatorRole } from '@core/playbook/vocabulary';
import { readRecords } from '../activity/read';
import { ReadAborted, UnreadableFile } from '../activity/text';
import { writerOf, type HandlerContext } from '../rpc/context';
import { refused } from './errors';
import type { FindingCounts } from './findings-detect';
import { beginJob, type Job } from './jobs';
import { requireSite } from './records';
import { getSettings } from './settings';
import { stagedUpload } from './uploads';

/** Most rows one file may hold (the new rows are kept in memory until the import's transaction). */
export const MAX_IMPORT_ROWS = 1_000_000;
/** The row limit in force; tests lower it to check the refusal without a million rows. */
export const importLimits = { maxRows: MAX_IMPORT_ROWS };
/** Bad rows listed with line and reason (all are counted). */
export const MAX_PROBLEMS = 500;
export const PREVIEW_ROWS = 20;
const FIRST_ROWS = 20;
const PROGRESS_EVERY_MS = 100;

type FileInput = ParsedInputOf<'activity.dryRun'>;

/** Adds the keys of a JSON row not seen yet, in order. */
export function addKeys(row: Readonly<Record<string, unknown>>, seen: Set<string>, columns: string[]): void {
  for (const k of Object.keys(row)) {
    if (seen.has(k)) continue;
    seen.add(k);
    columns.push(k);
  }
}

export function unreadable(e: unknown): unknown {
  return e instanceof UnreadableFile ? new WorkbenchError(ErrorCode.INVALID_INPUT, e.message, { issues: [{ path: 'uploadId', message: e.message }] }) : e;
}

/* ---------- reading a whole file ---------- */

interface NewRow {
  row: NormalizedActivity;
  rowKey: string;
}

export interface Analysis {
  report: ActivityReport;
  fresh: NewRow[];
  /** The site's imports when the read began: rows of any other were stored meanwhile (see writeImport). */
  knownImports: string[];
  /** actorKey -> operator id of each new row's actor (after the role rule: see rowOperator). */
  matches: Map<string, ActorMatch | null>;
  operators: SiteOperator[];
  /** Chosen matches to save (actorKey -> operator id). */
  chosen: Map<string, string>;
  upload: { path: string; fileName: string; sha256: string; bytes: number };
  mask: boolean;
  /** The file's columns (CSV header, or the keys of its first JSON rows). */
  columns: string[];
}

const zeroMasked = (): Record<MaskKind, number> => ({ email: 0, phone: 0, card: 0, secret: 0 });
export const zeroFindings = (): FindingCounts => ({
  total: 0,
  byCategory: Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, 0])) as Record<FindingCategory, number>,
});

export function siteOperators(ctx: Pick<HandlerContext, 'db'>, siteId: string): SiteOperator[] {
  return ctx.db.all<SiteOperator>(sql`SELECT o.id, p.name, p.email, o.role FROM operators o JOIN people p ON p.id = o.person_id
    WHERE o.site_id = ${siteId} AND o.archived_at IS NULL AND p.archived_at IS NULL ORDER BY o.created_at, o.id`);
}

function checkMapping(input: FileInput, columns: readonly string[]): void {
  const problems = mappingProblems(input.mapping, columns);
  if (problems.length === 0) return;
  const issues = problems.map((p) => ({ path: `mapping.${p.path}`, message: p.message }));
  throw new WorkbenchError(ErrorCode.INVALID_INPUT, `The column mapping needs fixing: ${problems.map((p) => p.message).join(' ')}`, { issues });
}

function checkChosen(input: FileInput, operators: readonly SiteOperator[]): void {
  const ids = new Set(operators.map((o) => o.id));
  const issues = input.actors
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.operatorId !== null && !ids.has(a.operatorId))
    .map(({ a, i }) => ({
      path: `actors.${i}.operatorId`,
      message: `“${a.actor}” is matched to someone who is not an operator of this site: choose one of its operators.`,
    }));
  if (issues.length) throw new WorkbenchError(ErrorCode.INVALID_INPUT, issues[0]!.message, { issues });
}

/** The fields a row key is made of: all but the site column, which only tells whose row it is. */
const KEY_FIELDS = ACTIVITY_FIELDS.filter((f) => f !== 'site');

/**
 * The row key: SHA-256, in base64url (one-shot hashing, and a shorter key for the unique index), of the
 * row's mapped cells as the file has them, trimmed, in field order (see the file comment). `columns`
 * are the mapping's columns of KEY_FIELDS (keyColumns).
 */
export function rowKeyOf(raw: RawRow, columns: readonly (string | null)[]): string {
  const cells = columns.map((c) => {
    const v = c ? raw[c] : null;
    if (v === null || v === undefined) return null;
    const t = v.trim();
    return t === '' ? null : t;
  });
  return crypto.hash('sha256', JSON.stringify(cells), 'base64url');
}

/** The mapping's columns of the row key's fields, in field order (null: not mapped). */
export const keyColumns = (mapping: ActivityMapping) => KEY_FIELDS.map((f) => mapping.columns[f]);

/**
 * The file's columns: the CSV header, or the keys of the first rows of a JSON file (as the preview
 * shows them, so a saved source is found again by the same signature).
 */
async function fileColumns(path: string, mapping: ActivityMapping): Promise<string[]> {
  let columns: string[] = [];
  const seen = new Set<string>();
  let rows = 0;
  for await (const rec of readRecords(path, { format: mapping.format, delimiter: mapping.delimiter }, (c) => (columns = [...c]))) {
    if (mapping.format === 'csv') break;
    if ('row' in rec) {
      addKeys(rec.row, seen, columns);
      if (++rows >= PREVIEW_ROWS) break;
    }
  }
  return columns;
}

export async function analyse(ctx: HandlerContext, input: FileInput, job: Job): Promise<Analysis> {
  const site = requireSite(ctx, input.siteId);
  const siteUrl = ctx.db.get<{ url: string }>(sql`SELECT production_url AS url FROM sites WHERE id = ${site.id}`)!.url;
  const upload = stagedUpload(ctx, input.uploadId);
  const operators = siteOperators(ctx, site.id);
  checkChosen(input, operators);
  const { mapping } = input;
  const mask = getSettings(ctx).maskActivityOnImport;
  let columns: string[];
  try {
    columns = await fileColumns(upload.path, mapping);
  } catch (e) {
    throw unreadable(e);
  }
  // JSON rows carry their own keys: an optional key may first appear far into the file, so only the
  // required fields must be among the keys of the first rows.
  const optional =
    mapping.format === 'csv' ? [] : Object.entries(mapping.columns).flatMap(([f, c]) => (c && !['time', 'actor', 'eventType'].includes(f) ? [c] : []));
  checkMapping(input, [...new Set([...columns, ...optional])]);

  const stored = new Set(ctx.db.all<{ k: string }>(sql`SELECT row_key AS k FROM activity_events WHERE site_id = ${site.id}`).map((r) => r.k));
  const knownImports = ctx.db.all<{ id: string }>(sql`SELECT id FROM activity_imports WHERE site_id = ${site.id}`).map((r) => r.id);
  const keyCols = keyColumns(mapping);
  const inFile = new Set<string>();
  const fresh: NewRow[] = [];
  const report: ActivityReport = {
    rows: 0,
    good: 0,
    bad: 0,
    duplicates: 0,
    otherSite: 0,
    problems: [],
    actors: [],
    eventTypes: [],
    masked: zeroMasked(),
    firstRows: [],
    findings: zeroFindings(),
    cancelled: false,
  };
  const actors = new Map<string, { actor: string; name: string | null; rows: number; role: OperatorRole | null }>();
  const types = new Map<string, { raw: string; kind: ActivityKind; recognised: boolean; rows: number }>();
  const classified = new Map<string, boolean>();
  const bad = (line: number, reason: string) => {
    report.bad++;
    // A reason may quote a cell ("Time "…" cannot be read"): masked as the rows are.
    if (report.problems.length < MAX_PROBLEMS) report.problems.push({ line, reason: mask ? maskText(reason).text : reason });
  };
  let lastProgress = 0;
  let bytesRead = 0;
  const progress = (force = false) => {
    const now = performance.now();
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    job.ctx.emit?.('import.progress', { jobId: job.id, phase: 'reading', rows: report.rows, bytes: bytesRead, totalBytes: upload.bytes });
  };

  try {
    for await (const rec of readRecords(upload.path, {
      format: mapping.format,
      delimiter: mapping.delimiter,
      signal: job.signal,
      onProgress: (b) => {
        bytesRead = b;
        progress();
      },
    })) {
      report.rows++;
      if (report.rows > importLimits.maxRows)
        throw refused(
          `The file has more than ${importLimits.maxRows.toLocaleString('en')} rows: split the export by date and import the parts one after the other.`,
        );
      if ('problem' in rec) {
        bad(rec.line, rec.problem);
        continue;
      }
      const n = normalizeRow(rec.row, mapping, { line: rec.line, siteUrl, mask });
      if (n.ok === false) {
        bad(rec.line, n.reason);
        continue;
      }
      if (n.ok === 'other-site') {
        report.otherSite++;
        continue;
      }
      const row = n.row;
      report.good++;
      for (const k of Object.keys(n.masked) as MaskKind[]) report.masked[k] += n.masked[k];
      const key = actorKey(row.actor);
      const a = actors.get(key);
      if (a) {
        a.rows++;
        a.name ??= row.actorName;
      } else actors.set(key, { actor: row.actor, name: row.actorName, rows: 1, role: row.role });
      const cacheKey = `${row.eventType}\u001f${row.status ?? ''}`;
      let recognised = classified.get(cacheKey);
      if (recognised === undefined) {
        recognised = classifyEvent(row.eventType, row.status, mapping.eventTypes).recognised;
        classified.set(cacheKey, recognised);
      }
      const t = types.get(row.eventType);
      if (t) {
        t.rows++;
        t.recognised &&= recognised;
      } else types.set(row.eventType, { raw: row.eventType, kind: row.kind, recognised, rows: 1 });
      const rowKey = rowKeyOf(rec.row, keyCols);
      if (stored.has(rowKey) || inFile.has(rowKey)) {
        report.duplicates++;
        continue;
      }
      inFile.add(rowKey);
      fresh.push({ row, rowKey });
      if (report.firstRows.length < FIRST_ROWS)
        report.firstRows.push({
          line: row.line,
          occurredAt: row.occurredAt,
          actor: row.actor,
          kind: row.kind,
          eventType: row.eventType,
          workflow: row.workflow,
          risk: row.risk,
          status: row.status,
          planId: row.planId,
          text: row.text,
        });
    }
  } catch (e) {
    if (e instanceof ReadAborted || job.signal.aborted) {
      report.cancelled = true;
    } else throw unreadable(e);
  }
  progress(true);

  const chosenInput = new Map(input.actors.map((a) => [actorKey(a.actor), a.operatorId]));
  const saved = new Map(
    ctx.db
      .all<{ k: string; op: string }>(sql`SELECT actor_key AS k, operator_id AS op FROM activity_actor_matches WHERE site_id = ${site.id}`)
      .map((r) => [r.k, r.op]),
  );
  const matches = matchActors([...actors.values()], operators, saved, chosenInput);
  const opById = new Map(operators.map((o) => [o.id, o]));
  report.actors = [...actors.entries()]
    .map(([key, a]) => {
      const m = matches.get(key) ?? null;
      const op = m ? opById.get(m.operatorId) : undefined;
      return { actor: a.actor, name: a.name, rows: a.rows, match: m && op ? { operatorId: op.id, name: op.name, role: op.role, by: m.by } : null };
    })
    .sort((x, y) => y.rows - x.rows || x.actor.localeCompare(y.actor));
  report.eventTypes = [...types.values()].sort((x, y) => y.rows - x.rows || x.raw.localeCompare(y.raw));
  const chosen = new Map<string, string>();
  for (const [k, v] of chosenInput) if (v !== null && matches.get(k)?.by === 'chosen') chosen.set(k, v);
  return { report, fresh, knownImports, matches, operators, chosen, upload, mask, columns };
}

export function rowOperator(a: Analysis, row: NormalizedActivity): string | null {
  const m = a.matches.get(actorKey(row.actor));
  return m ? operatorForRole(m.operatorId, row.role, a.operators) : null;
}

/** The new rows as the rules read them, with their stored ids (made up for a dry run: nothing is stored). */
export function asRuleEvents(a: Analysis, ids: readonly string[] | null = null): RuleEvent[] {
  const byId = new Map(a.operators.map((o) => [o.id, o]));
  return a.fresh.map(({ row }, i) => {
    const operatorId = rowOperator(a, row);
    const op = operatorId ? byId.get(operatorId) : undefined;
    const { line: _line, ...rest } = row;
    return {
      ...rest,
      id: ids ? ids[i]! : `new-${String(i).padStart(9, '0')}`,
      role: op?.role ?? row.role,
      actorKey: actorKey(row.actor),
      operatorId,
      who: op?.name ?? (a.mask ? maskText(row.actor).text : row.actor),
    };
  });
}

export function withJob<T>(ctx: HandlerContext, jobId: string, run: (job: Job) => Promise<T>): Promise<T> {
  const job = beginJob(writerOf(ctx), jobId);
  return run(job).finally(() => job.end());
}
