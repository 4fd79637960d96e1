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
 *
 * The file is read and checked in activity-read.ts (shared by the dry run and the import); saved
 * sources (mappings) are in activity-sources.ts.
 */
import { eq, getTableColumns, getTableName, sql } from 'drizzle-orm';
import { suggestMapping } from '@core/activity/mapping';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import type { WritableDb } from '@db/client';
import { newId } from '@db/ids';
import { activityActorMatches, activityEvents, activityImports } from '@db/schema/index';
import { detectFile, readRecords } from '../activity/read';
import { type HandlerContext, type WriteContext } from '../rpc/context';
import { insertRows, mutate, recordChange } from './change-log';
import { refused } from './errors';
import { detectSiteFindingsIn, previewFindings, type FindingCounts } from './findings-detect';
import { beginJob } from './jobs';
import { requireSite, requireSiteForWrite } from './records';
import { getSettings } from './settings';
import { endUpload, stagedUpload } from './uploads';
import { addKeys, analyse, asRuleEvents, PREVIEW_ROWS, rowOperator, siteOperators, unreadable, withJob, zeroFindings, type Analysis } from './activity-read';
import { savedSourceFor, saveSource } from './activity-sources';

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
