import { sql, type SQL } from 'drizzle-orm';
import type { ChangeEntry } from '@core/contract/history';
import type { ParsedInputOf } from '@core/contract/index';
import type { ChangeRow } from '@db/queries/rows';
import { allOf } from '@db/queries/sql';
import type { HandlerContext } from '../rpc/context';
import { whoReader } from './identity';

// Derived or bookkeeping fields that are not edits a person made.
const IGNORED = new Set(['updatedAt', 'version', 'createdAt', 'missingSetup', 'ownerGaps', 'unverifiedOwners', 'siteCount', 'assignmentCount']);

export function diffFields(before: unknown, after: unknown): ChangeEntry['changes'] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const out: ChangeEntry['changes'] = [];
  for (const k of keys) {
    if (IGNORED.has(k) || k === 'id') continue;
    if (JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null)) {
      out.push({ field: k, before: b[k] ?? null, after: a[k] ?? null });
    }
  }
  return out;
}

export function listHistory(ctx: HandlerContext, input: ParsedInputOf<'history.list'>) {
  const where: SQL[] = [];
  if (input.entity) where.push(sql`entity = ${input.entity}`);
  if (input.entityId) where.push(sql`entity_id = ${input.entityId}`);
  if (input.siteId) where.push(sql`site_id = ${input.siteId}`);
  const whereSql = allOf(where);
  const rows = ctx.db.all<ChangeRow>(sql`SELECT * FROM change_log WHERE ${whereSql} ORDER BY at DESC, id DESC LIMIT ${input.limit} OFFSET ${input.offset}`);
  const total = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM change_log WHERE ${whereSql}`)!.n;
  // A bare login from before people were actors reads as a device login, as in documents.
  const who = whoReader(ctx);
  return {
    rows: rows.map((r): ChangeEntry => ({
      id: r.id,
      entity: r.entity,
      entityId: r.entity_id,
      siteId: r.site_id,
      action: r.action,
      summary: r.summary,
      // A creation or removal is described by its summary; field diffs are for edits.
      changes: r.before && r.after ? diffFields(JSON.parse(r.before), JSON.parse(r.after)) : [],
      actor: who(r.actor),
      device: r.device,
      at: r.at,
    })),
    total,
    offset: input.offset,
  };
}

/** Where history ends now (it is append-only): a row after this mark was recorded since. */
export function historyEnd(ctx: Pick<HandlerContext, 'db'>): number {
  return ctx.db.get<{ n: number | null }>(sql`SELECT max(rowid) AS n FROM change_log`)?.n ?? 0;
}

/** The latest change recorded, or null in a workspace without history. */
export function lastChange(ctx: Pick<HandlerContext, 'db'>): { at: string; actor: string; summary: string } | null {
  type Row = { at: string; actor: string; summary: string };
  // The highest seal number is the newest row, read from the seq index. Only a workspace opened
  // read-only before its history was ever sealed has no seq at all: then the newest time.
  return (
    ctx.db.get<Row>(sql`SELECT at, actor, summary FROM change_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`) ??
    ctx.db.get<Row>(sql`SELECT at, actor, summary FROM change_log ORDER BY at DESC LIMIT 1`) ??
    null
  );
}
