/**
 * `activity.*`: importing a site's first-week SophMate activity from a staged upload (uploads.ts).
 *
 * - `preview` reads the first rows and suggests a mapping (the saved source with the same columns, else
 *   one from the column names).
 * - `dryRun` and `import` stream the whole file through the mapping (core/activity/normalize.ts), with
 *   progress ('import.progress', at most ten a second) and cancel (`jobs.cancel` with the page's job
 *   id). Bad rows are counted, the first 500 kept with line and reason (masked like the rows when the
 *   setting is on: a reason may quote a cell); rows of another site are skipped; a row already stored
 *   for the site (same row key) or seen earlier in the file is a duplicate. Nothing is written until
 *   the whole file was read: then one transaction adds the import, its new events, the chosen actor
 *   matches, the saved source, and the findings the rules now see, with one history row for the import
 *   and one per finding. A cancel before it writes nothing.
 * - The row key is the sha256 of the row's mapped cells as the file has them (trimmed, in field order,
 *   before normalising and masking, the site column left out): the same row imported again is known
 *   whatever the mask setting or the masking rules, and two rows that differ only in an email or a
 *   phone number are two rows.
 * - The transaction checks again what the read took for granted: the site is not archived, its
 *   operators (one archived meanwhile is matched to nobody), and the row keys stored by imports that
 *   ended meanwhile (another program on the same workspace): those rows count as duplicates. Within
 *   this process one import of a site (and of an upload) runs at a time: a second is refused.
 * - With masking on, an actor matched to no operator is named masked in findings and history (`who`);
 *   the actor as written stays in the rows and findings only, which matching needs.
 * - Memory: the new rows are held normalised until that transaction (about 1 KB a row with text), so
 *   a file is limited to MAX_IMPORT_ROWS rows; the row keys of the site's stored rows are held too.
 */
import crypto from 'node:crypto';
import { eq, getTableColumns, getTableName, sql } from 'drizzle-orm';
import { actorKey, matchActors, operatorForRole, type ActorMatch, type SiteOperator } from '@core/activity/actors';
import { columnsSignature, mappingProblems, suggestMapping } from '@core/activity/mapping';
import { maskText } from '@core/activity/mask';
import { classifyEvent, normalizeRow } from '@core/activity/normalize';
import type { NormalizedActivity, RawRow, RuleEvent } from '@core/activity/types';
import { ACTIVITY_FIELDS, FINDING_CATEGORIES, type ActivityKind, type FindingCategory, type MaskKind } from '@core/activity/vocabulary';
import type { ActivityMapping, ActivityReport } from '@core/contract/activity';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { OperatorRole } from '@core/playbook/vocabulary';
import type { WritableDb } from '@db/client';
import { newId } from '@db/ids';
import { activityActorMatches, activityEvents, activityImports, activitySourceEventTypes, activitySources } from '@db/schema/index';
import { ReadAborted, UnreadableFile, detectFile, readRecords } from '../activity/read';
import { writerOf, type HandlerContext, type WriteContext } from '../rpc/context';
import { insertRows, mutate, recordChange } from './change-log';
import { notFound, refused } from './errors';
import { detectSiteFindingsIn, previewFindings, type FindingCounts } from './findings-detect';
import { beginJob, type Job } from './jobs';
import { requireSite, requireSiteForWrite } from './records';
import { getSettings } from './settings';
import { endUpload, stagedUpload } from './uploads';

/** Most rows one file may hold (the new rows are kept in memory until the import's transaction). */
export const MAX_IMPORT_ROWS = 1_000_000;
/** The row limit in force; tests lower it to check the refusal without a million rows. */
export const importLimits = { maxRows: MAX_IMPORT_ROWS };
/** Bad rows listed with line and reason (all are counted). */
export const MAX_PROBLEMS = 500;
const PREVIEW_ROWS = 20;
const FIRST_ROWS = 20;
const PROGRESS_EVERY_MS = 100;

type FileInput = ParsedInputOf<'activity.dryRun'>;

/* ---------- preview ---------- */

export async function previewActivity(ctx: HandlerContext, input: ParsedInputOf<'activity.preview'>): Promise<OutputOf<'activity.preview'>> {
  requireSite(ctx, input.siteId);
  const upload = stagedUpload(ctx, input.uploadId);
  let detected: Awaited<ReturnType<typeof detectFile>>;
  try {
    detected = await detectFile(upload.path);
  } catch (e) {
    throw unreadable(e);
  }
  const format = input.format ?? detected.format;
  const delimiter = format === 'csv' ? (input.delimiter ?? detected.delimiter ?? ',') : null;
  let columns: string[] = [];
  const seen = new Set<string>();
  const rows: Record<string, string | null>[] = [];
  try {
    for await (const rec of readRecords(upload.path, { format, delimiter }, (c) => (columns = [...c]))) {
      if ('row' in rec) {
        rows.push({ ...rec.row });
        if (format !== 'csv') addKeys(rec.row, seen, columns);
        if (rows.length >= PREVIEW_ROWS) break;
      }
    }
  } catch (e) {
    throw unreadable(e);
  }
  const sample = rows.map((r) => columns.map((c) => r[c] ?? ''));
  const saved = savedSourceFor(ctx, columns);
  const mapping = saved ? { ...saved.mapping, format, delimiter } : suggestMapping(columns, format, delimiter, getSettings(ctx).timeZone);
  return { format, delimiter, columns, sample, mapping, source: saved ? { id: saved.id, name: saved.name } : null };
}

/** Adds the keys of a JSON row not seen yet, in order. */
function addKeys(row: Readonly<Record<string, unknown>>, seen: Set<string>, columns: string[]): void {
  for (const k of Object.keys(row)) {
    if (seen.has(k)) continue;
    seen.add(k);
    columns.push(k);
  }
}

function unreadable(e: unknown): unknown {
  return e instanceof UnreadableFile ? new WorkbenchError(ErrorCode.INVALID_INPUT, e.message, { issues: [{ path: 'uploadId', message: e.message }] }) : e;
}

/* ---------- sources ---------- */

interface SourceRow {
  id: string;
  name: string;
  format: ActivityMapping['format'];
  delimiter: string | null;
  time_zone: string;
  date_order: ActivityMapping['dateOrder'];
  column_names: string;
  updated_at: string;
  col_time: string;
  col_actor: string;
  col_event_type: string;
  col_actor_name: string | null;
  col_role: string | null;
  col_plan_id: string | null;
  col_risk: string | null;
  col_status: string | null;
  col_text: string | null;
  col_affected_records: string | null;
  col_reviewer_note: string | null;
  col_escalated_to: string | null;
  col_site: string | null;
}

function toSource(ctx: Pick<HandlerContext, 'db'>, r: SourceRow): OutputOf<'activity.sources'>[number] {
  const eventTypes = ctx.db.all<{ raw: string; kind: ActivityKind }>(
    sql`SELECT raw, kind FROM activity_source_event_types WHERE source_id = ${r.id} ORDER BY raw`,
  );
  return {
    id: r.id,
    name: r.name,
    format: r.format,
    columns: r.column_names.split('\u001f'),
    updatedAt: r.updated_at,
    mapping: {
      format: r.format,
      delimiter: r.delimiter,
      timeZone: r.time_zone,
      dateOrder: r.date_order,
      eventTypes,
      columns: {
        time: r.col_time,
        actor: r.col_actor,
        eventType: r.col_event_type,
        actorName: r.col_actor_name,
        role: r.col_role,
        planId: r.col_plan_id,
        risk: r.col_risk,
        status: r.col_status,
        text: r.col_text,
        affectedRecords: r.col_affected_records,
        reviewerNote: r.col_reviewer_note,
        escalatedTo: r.col_escalated_to,
        site: r.col_site,
      },
    },
  };
}

function savedSourceFor(ctx: Pick<HandlerContext, 'db'>, columns: readonly string[]) {
  if (columns.length === 0) return null;
  const row = ctx.db.get<SourceRow>(
    sql`SELECT * FROM activity_sources WHERE columns_signature = ${columnsSignature(columns)} AND archived_at IS NULL ORDER BY updated_at DESC LIMIT 1`,
  );
  return row ? toSource(ctx, row) : null;
}

export function listSources(ctx: HandlerContext): OutputOf<'activity.sources'> {
  return ctx.db.all<SourceRow>(sql`SELECT * FROM activity_sources WHERE archived_at IS NULL ORDER BY name`).map((r) => toSource(ctx, r));
}

export function deleteSource(ctx: WriteContext, input: ParsedInputOf<'activity.deleteSource'>): OutputOf<'activity.deleteSource'> {
  const row = ctx.db.get<{ id: string; name: string; archivedAt: string | null; version: number }>(
    sql`SELECT id, name, archived_at AS archivedAt, version FROM activity_sources WHERE id = ${input.id}`,
  );
  if (!row || row.archivedAt) throw notFound('Saved source', input.id);
  return mutate(ctx, 'activity_source', (tx, at) => {
    tx.update(activitySources)
      .set({ archivedAt: at, updatedAt: at, version: row.version + 1 })
      .where(eq(activitySources.id, row.id))
      .run();
    recordChange(tx, ctx, at, { entity: 'activity_source', entityId: row.id, action: 'archive', summary: `Removed the saved source “${row.name}”` });
    return { id: row.id };
  });
}

/* ---------- reading a whole file ---------- */

interface NewRow {
  row: NormalizedActivity;
  rowKey: string;
}

interface Analysis {
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
const zeroFindings = (): FindingCounts => ({
  total: 0,
  byCategory: Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, 0])) as Record<FindingCategory, number>,
});

function siteOperators(ctx: Pick<HandlerContext, 'db'>, siteId: string): SiteOperator[] {
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

async function analyse(ctx: HandlerContext, input: FileInput, job: Job): Promise<Analysis> {
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

function rowOperator(a: Analysis, row: NormalizedActivity): string | null {
  const m = a.matches.get(actorKey(row.actor));
  return m ? operatorForRole(m.operatorId, row.role, a.operators) : null;
}

/** The new rows as the rules read them, with their stored ids (made up for a dry run: nothing is stored). */
function asRuleEvents(a: Analysis, ids: readonly string[] | null = null): RuleEvent[] {
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

function withJob<T>(ctx: HandlerContext, jobId: string, run: (job: Job) => Promise<T>): Promise<T> {
  const job = beginJob(writerOf(ctx), jobId);
  return run(job).finally(() => job.end());
}

/* ---------- dry run ---------- */

export function dryRunActivity(ctx: HandlerContext, input: ParsedInputOf<'activity.dryRun'>): Promise<OutputOf<'activity.dryRun'>> {
  return withJob(ctx, input.jobId, async (job) => {
    const a = await analyse(ctx, input, job);
    if (!a.report.cancelled) a.report.findings = previewFindings(ctx, input.siteId, asRuleEvents(a));
    return a.report;
  });
}

/* ---------- import ---------- */

/** The imports running in this process, by site (per workspace) and by upload: one of each at a time. */
const runningImports = new Set<string>();

/** Marks the import of `input` as running; refused while another import of its site or its upload runs. */
function claimImport(ctx: HandlerContext, input: ParsedInputOf<'activity.import'>): () => void {
  const site = `site\u001f${ctx.workspacePath}\u001f${input.siteId}`;
  const upload = `upload\u001f${input.uploadId}`;
  if (runningImports.has(site)) throw refused('An import of activity for this site is running: wait for it to end, then import this file.');
  if (runningImports.has(upload)) throw refused('This file is being imported already: wait for that import to end.');
  runningImports.add(site);
  runningImports.add(upload);
  return () => {
    runningImports.delete(site);
    runningImports.delete(upload);
  };
}

export async function importActivity(ctx: WriteContext, input: ParsedInputOf<'activity.import'>): Promise<OutputOf<'activity.import'>> {
  requireSiteForWrite(ctx, input.siteId, 'importing activity');
  const release = claimImport(ctx, input);
  try {
    const job = beginJob(ctx, input.jobId);
    try {
      const a = await analyse(ctx, input, job);
      if (a.report.cancelled || job.signal.aborted) return { ...a.report, cancelled: true, importId: null, imported: 0 };
      job.ctx.emit?.('import.progress', { jobId: job.id, phase: 'writing', rows: a.report.rows, bytes: a.upload.bytes, totalBytes: a.upload.bytes });
      const { id, findings } = writeImport(job.ctx, input, a);
      endUpload(ctx, input.uploadId);
      return { ...a.report, findings, importId: id, imported: a.fresh.length };
    } finally {
      job.end();
    }
  } finally {
    release();
  }
}

/**
 * What changed while the file was read, checked inside the import's transaction: rows stored by
 * imports that ended meanwhile become duplicates, and operators (or their people) archived meanwhile
 * are matched to nobody.
 */
function recheck(ctx: WriteContext, siteId: string, a: Analysis): void {
  const added = ctx.db.all<{ k: string }>(
    sql`SELECT e.row_key AS k FROM activity_imports i JOIN activity_events e ON e.import_id = i.id
      WHERE i.site_id = ${siteId} AND i.id NOT IN (SELECT value FROM json_each(${JSON.stringify(a.knownImports)}))`,
  );
  if (added.length > 0) {
    const keys = new Set(added.map((r) => r.k));
    const before = a.fresh.length;
    a.fresh = a.fresh.filter((f) => !keys.has(f.rowKey));
    a.report.duplicates += before - a.fresh.length;
  }
  const current = siteOperators(ctx, siteId);
  const ids = new Set(current.map((o) => o.id));
  if (a.operators.every((o) => ids.has(o.id))) return;
  a.operators = current;
  for (const [key, m] of a.matches) if (m && !ids.has(m.operatorId)) a.matches.set(key, null);
  for (const [key, operatorId] of a.chosen) if (!ids.has(operatorId)) a.chosen.delete(key);
  for (const actor of a.report.actors) if (actor.match && !ids.has(actor.match.operatorId)) actor.match = null;
}

function writeImport(ctx: WriteContext, input: ParsedInputOf<'activity.import'>, a: Analysis): { id: string; findings: FindingCounts } {
  let findings = zeroFindings();
  const done = mutate(ctx, 'activity_import', (tx, at) => {
    // The file took time to read: the site may have been archived meanwhile, rows or operators changed.
    requireSiteForWrite(ctx, input.siteId, 'importing activity');
    recheck(ctx, input.siteId, a);
    const sourceId = input.saveSourceAs ? saveSource(tx, ctx, at, input.saveSourceAs, input.mapping, a) : null;
    const id = newId();
    tx.insert(activityImports)
      .values({
        id,
        createdAt: at,
        updatedAt: at,
        siteId: input.siteId,
        sourceId,
        fileName: a.upload.fileName,
        fileSha256: a.upload.sha256,
        rows: a.report.rows,
        imported: a.fresh.length,
        duplicates: a.report.duplicates,
        bad: a.report.bad,
        masked: a.mask,
        importedAt: at,
        importedBy: ctx.actor,
      })
      .run();
    const eventIds = insertEvents(tx, at, input.siteId, id, a);
    saveMatches(tx, ctx, at, input.siteId, a);
    findings = detectSiteFindingsIn(tx, ctx, at, input.siteId, { importId: id, events: asRuleEvents(a, eventIds) });
    recordChange(tx, ctx, at, {
      entity: 'activity_import',
      entityId: id,
      siteId: input.siteId,
      action: 'import',
      summary: `Imported ${a.fresh.length} activity rows from “${a.upload.fileName}” (${a.report.duplicates} already there, ${a.report.bad} bad, ${findings.total} findings)`,
      after: {
        fileName: a.upload.fileName,
        rows: a.report.rows,
        imported: a.fresh.length,
        duplicates: a.report.duplicates,
        bad: a.report.bad,
        otherSite: a.report.otherSite,
        masked: a.mask,
        findings: findings.total,
      },
    });
    return { id };
  });
  return { id: done.id, findings };
}

/** Inserts the new rows (prepared once, run per row); answers their ids in file order. */
function insertEvents(tx: WritableDb, at: string, siteId: string, importId: string, a: Analysis): string[] {
  const ids = a.fresh.map(() => newId());
  // The table's own column names, so a renamed column is a type error here, not a runtime one.
  const c = getTableColumns(activityEvents);
  const columns = [
    c.id,
    c.createdAt,
    c.updatedAt,
    c.siteId,
    c.importId,
    c.line,
    c.rowKey,
    c.occurredAt,
    c.actor,
    c.actorName,
    c.operatorId,
    c.role,
    c.eventType,
    c.kind,
    c.workflow,
    c.planId,
    c.risk,
    c.status,
    c.text,
    c.affectedRecords,
    c.reviewerNote,
    c.escalatedTo,
  ].map((col) => col.name);
  insertRows(
    tx,
    getTableName(activityEvents),
    columns,
    a.fresh.map(({ row, rowKey }, i) => [
      ids[i]!,
      at,
      at,
      siteId,
      importId,
      row.line,
      rowKey,
      row.occurredAt,
      row.actor,
      row.actorName,
      rowOperator(a, row),
      row.role,
      row.eventType,
      row.kind,
      row.workflow,
      row.planId,
      row.risk,
      row.status,
      row.text,
      row.affectedRecords,
      row.reviewerNote,
      row.escalatedTo,
    ]),
  );
  return ids;
}

function saveMatches(tx: WritableDb, ctx: WriteContext, at: string, siteId: string, a: Analysis): void {
  for (const [key, operatorId] of a.chosen) {
    const existing = ctx.db.get<{ id: string; operatorId: string; version: number }>(
      sql`SELECT id, operator_id AS operatorId, version FROM activity_actor_matches WHERE site_id = ${siteId} AND actor_key = ${key}`,
    );
    if (existing?.operatorId === operatorId) continue;
    if (existing)
      tx.update(activityActorMatches)
        .set({ operatorId, updatedAt: at, version: existing.version + 1 })
        .where(eq(activityActorMatches.id, existing.id))
        .run();
    else tx.insert(activityActorMatches).values({ id: newId(), createdAt: at, updatedAt: at, siteId, actorKey: key, operatorId }).run();
  }
}

function saveSource(tx: WritableDb, ctx: WriteContext, at: string, name: string, mapping: ActivityMapping, a: Analysis): string {
  const existing = ctx.db.get<SourceRow & { version: number; columns_signature: string }>(
    sql`SELECT * FROM activity_sources WHERE name = ${name} AND archived_at IS NULL`,
  );
  // Read before it is overwritten: the history row tells what the name held.
  const old = existing ? toSource(ctx, existing) : null;
  const c = mapping.columns;
  const values = {
    name,
    format: mapping.format,
    delimiter: mapping.delimiter,
    timeZone: mapping.timeZone,
    dateOrder: mapping.dateOrder,
    columnsSignature: columnsSignature(a.columns),
    columnNames: a.columns.join('\u001f'),
    colTime: c.time,
    colActor: c.actor,
    colEventType: c.eventType,
    colActorName: c.actorName,
    colRole: c.role,
    colPlanId: c.planId,
    colRisk: c.risk,
    colStatus: c.status,
    colText: c.text,
    colAffectedRecords: c.affectedRecords,
    colReviewerNote: c.reviewerNote,
    colEscalatedTo: c.escalatedTo,
    colSite: c.site,
  };
  let id: string;
  if (existing) {
    id = existing.id;
    tx.update(activitySources)
      .set({ ...values, updatedAt: at, version: existing.version + 1 })
      .where(eq(activitySources.id, id))
      .run();
    tx.delete(activitySourceEventTypes).where(eq(activitySourceEventTypes.sourceId, id)).run();
  } else {
    id = newId();
    tx.insert(activitySources)
      .values({ id, createdAt: at, updatedAt: at, ...values })
      .run();
  }
  const seenRaw = new Set<string>();
  for (const t of mapping.eventTypes) {
    if (seenRaw.has(t.raw)) continue;
    seenRaw.add(t.raw);
    tx.insert(activitySourceEventTypes).values({ id: newId(), createdAt: at, updatedAt: at, sourceId: id, raw: t.raw, kind: t.kind }).run();
  }
  // A name already saved for another export's columns: its mapping is replaced, and the history says so.
  const replaced = old !== null && existing!.columns_signature !== values.columnsSignature;
  const shown = old
    ? old.columns
        .slice(0, 5)
        .map((col) => `“${col}”`)
        .join(', ') + (old.columns.length > 5 ? ` and ${old.columns.length - 5} more` : '')
    : '';
  recordChange(tx, ctx, at, {
    entity: 'activity_source',
    entityId: id,
    action: existing ? 'update' : 'create',
    summary: replaced
      ? `Replaced the saved source “${name}” (the mapping of a file with the columns ${shown}) with the mapping of “${a.upload.fileName}”`
      : `${existing ? 'Updated' : 'Saved'} the activity source “${name}”`,
    before: old
      ? {
          name,
          format: old.format,
          fileColumns: old.columns,
          columns: old.mapping.columns,
          timeZone: old.mapping.timeZone,
          eventTypes: old.mapping.eventTypes.length,
        }
      : undefined,
    after: {
      name,
      format: mapping.format,
      fileColumns: a.columns,
      columns: mapping.columns,
      timeZone: mapping.timeZone,
      eventTypes: mapping.eventTypes.length,
    },
  });
  return id;
}

/* ---------- lists ---------- */

export function listImports(ctx: HandlerContext, input: ParsedInputOf<'activity.imports'>): OutputOf<'activity.imports'> {
  requireSite(ctx, input.siteId);
  return ctx.db
    .all<OutputOf<'activity.imports'>[number] & { masked: number | boolean }>(
      sql`SELECT i.id, i.site_id AS siteId, i.file_name AS fileName, s.name AS sourceName, i.rows, i.imported, i.duplicates, i.bad,
      i.masked, i.imported_at AS importedAt, i.imported_by AS importedBy
      FROM activity_imports i LEFT JOIN activity_sources s ON s.id = i.source_id
      WHERE i.site_id = ${input.siteId} ORDER BY i.imported_at DESC, i.id DESC`,
    )
    .map((r) => ({ ...r, masked: Boolean(r.masked) }));
}

export function listEvents(ctx: HandlerContext, input: ParsedInputOf<'activity.events'>): OutputOf<'activity.events'> {
  requireSite(ctx, input.siteId);
  const behind = input.findingId ? sql`AND e.id IN (SELECT event_id FROM finding_events WHERE finding_id = ${input.findingId})` : sql``;
  const rows = ctx.db.all<OutputOf<'activity.events'>['rows'][number] & { total: number }>(
    sql`SELECT e.id, e.line, i.file_name AS fileName, e.occurred_at AS occurredAt, e.actor, e.operator_id AS operatorId,
      p.name AS operatorName, e.role, e.kind, e.event_type AS eventType, e.workflow, e.plan_id AS planId, e.risk, e.status,
      e.text, e.affected_records AS affectedRecords, e.reviewer_note AS reviewerNote, e.escalated_to AS escalatedTo,
      count(*) OVER () AS total
      FROM activity_events e
      JOIN activity_imports i ON i.id = e.import_id
      LEFT JOIN operators o ON o.id = e.operator_id
      LEFT JOIN people p ON p.id = o.person_id
      WHERE e.site_id = ${input.siteId} ${behind}
      ORDER BY e.occurred_at, e.id
      LIMIT ${input.limit} OFFSET ${input.offset}`,
  );
  const total =
    rows[0]?.total ??
    (input.offset > 0 ? (ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM activity_events e WHERE e.site_id = ${input.siteId} ${behind}`)?.n ?? 0) : 0);
  return { rows: rows.map(({ total: _t, ...r }) => r), total };
}
