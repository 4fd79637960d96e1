/**
 * `workspace.info` and the CLI's `info`: the open workspace at a glance (file, schema version, who acts,
 * read-only or not, how many records are live, what opening it found).
 */
import { sql } from 'drizzle-orm';
import { readOnlyReasonOf } from '@db/client';
import { live } from '@db/queries/sql';
import type { HandlerContext } from '../rpc/context';
import { workspaceNotices } from './workspace-verify';

/** The tables whose records are counted, active and archived. */
export const COUNTED_RECORDS = ['sites', 'clients', 'people'] as const;
export type CountedRecord = (typeof COUNTED_RECORDS)[number];

function liveCount(ctx: Pick<HandlerContext, 'db'>, table: CountedRecord): number {
  return ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.identifier(table)} WHERE ${live()}`)!.n;
}

export function workspaceInfo(ctx: HandlerContext) {
  const readOnlyReason = readOnlyReasonOf(ctx.db);
  return {
    path: ctx.workspacePath,
    schemaVersion: ctx.schemaVersion,
    actor: ctx.actor,
    readOnly: readOnlyReason !== null,
    readOnlyReason,
    counts: { clients: liveCount(ctx, 'clients'), sites: liveCount(ctx, 'sites'), people: liveCount(ctx, 'people') },
    notices: workspaceNotices(ctx),
  };
}

/** Records of each counted table, active and archived. */
export function recordCounts(ctx: Pick<HandlerContext, 'db'>): Record<CountedRecord, { active: number; archived: number }> {
  return Object.fromEntries(
    COUNTED_RECORDS.map((table) => {
      const r = ctx.db.get<{ active: number | null; archived: number | null }>(
        sql`SELECT sum(archived_at IS NULL) AS active, sum(archived_at IS NOT NULL) AS archived FROM ${sql.identifier(table)}`,
      )!;
      return [table, { active: r.active ?? 0, archived: r.archived ?? 0 }];
    }),
  ) as Record<CountedRecord, { active: number; archived: number }>;
}
