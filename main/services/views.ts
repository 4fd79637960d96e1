import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '../../core/contract/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { listViews } from './dashboard';
import { notFound } from './errors';

/** A saved view takes the Sites list's current filters; its name, and so its links, stay. */
export function updateView(ctx: WriteContext, input: ParsedInputOf<'views.update'>) {
  const v = ctx.db.get<{ name: string; query: string }>(sql`SELECT name, query FROM saved_views WHERE id = ${input.id} AND archived_at IS NULL`);
  if (!v) throw notFound('Saved view', input.id);
  const query = input.query.replace(/^\?/, '');
  if (query !== v.query) {
    mutate(ctx, 'site', (tx, at) => {
      tx.run(sql`UPDATE saved_views SET query = ${query}, updated_at = ${at}, version = version + 1 WHERE id = ${input.id}`);
      recordChange(tx, ctx, at, {
        entity: 'site',
        entityId: input.id,
        action: 'view-update',
        summary: `Changed the filters of the Sites view “${v.name}”`,
        before: { query: v.query },
        after: { query },
      });
      return { id: input.id };
    });
  }
  return listViews(ctx);
}
