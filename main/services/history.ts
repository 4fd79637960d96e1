import { sql, type SQL } from 'drizzle-orm';
import type { ChangeEntry } from '../../core/contract/history';
import type { ParsedInputOf } from '../../core/contract/index';
import type { HandlerContext } from '../rpc/context';
import { whoReader } from './identity';

interface Row {
  id: string;
  entity: ChangeEntry['entity'];
  entity_id: string;
  site_id: string | null;
  action: string;
  summary: string;
  before: string | null;
  after: string | null;
  actor: string;
  device: string;
  at: string;
}

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
  const whereSql = where.length ? sql.join(where, sql` AND `) : sql`1 = 1`;
  const rows = ctx.db.all<Row>(
    sql`SELECT * FROM change_log WHERE ${whereSql} ORDER BY at DESC, id DESC LIMIT ${input.limit} OFFSET ${input.offset}`,
  );
  const total = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM change_log WHERE ${whereSql}`)!.n;
  // A bare login from before people were actors reads as a device login, as in documents.
  const who = whoReader(ctx);
  return {
    rows: rows.map(
      (r): ChangeEntry => ({
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
      }),
    ),
    total,
    offset: input.offset,
  };
}
