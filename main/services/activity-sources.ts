/**
 * The saved ways of reading activity exports (`activity.sources`, `activity.deleteSource`): a mapping
 * saved under a name when a file is imported, found again for the next file with the same columns.
 */
import { eq, sql } from 'drizzle-orm';
import { columnsSignature } from '@core/activity/mapping';
import type { ActivityKind } from '@core/activity/vocabulary';
import type { ActivityMapping } from '@core/contract/activity';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import type { WritableDb } from '@db/client';
import { newId } from '@db/ids';
import { activitySourceEventTypes, activitySources } from '@db/schema/index';
import { type HandlerContext, type WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { notFound } from './errors';
import type { Analysis } from './activity-read';

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

export function savedSourceFor(ctx: Pick<HandlerContext, 'db'>, columns: readonly string[]) {
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

export function saveSource(tx: WritableDb, ctx: WriteContext, at: string, name: string, mapping: ActivityMapping, a: Analysis): string {
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
