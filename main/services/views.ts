/** `views.*`: the Sites list's saved views (a name and the list's filters as a query string). */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import { newId } from '@db/ids';
import { live, sameFolded } from '@db/queries/sql';
import { savedViews } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { duplicate, notFound } from './errors';

/** A saved view takes the Sites list's current filters; its name, and so its links, stay. */
export function updateView(ctx: WriteContext, input: ParsedInputOf<'views.update'>) {
  const v = ctx.db.get<{ name: string; query: string }>(sql`SELECT name, query FROM saved_views WHERE id = ${input.id} AND ${live()}`);
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

export function listViews(ctx: HandlerContext) {
  return ctx.db.all<{ id: string; name: string; query: string; createdAt: string }>(
    sql`SELECT id, name, query, created_at AS createdAt FROM saved_views WHERE ${live()} ORDER BY name COLLATE NOCASE`,
  );
}

export function saveView(ctx: WriteContext, input: ParsedInputOf<'views.save'>) {
  mutate(ctx, 'site', (tx, at) => {
    const other = ctx.db.get<{ id: string }>(sql`SELECT id FROM saved_views WHERE ${sameFolded(sql`name`, input.name)} AND ${live()}`);
    if (other) throw duplicate(`A view named “${input.name}” already exists: choose another name or remove the old view.`, 'name');
    const id = newId();
    tx.insert(savedViews)
      .values({ id, createdAt: at, updatedAt: at, name: input.name, query: input.query.replace(/^\?/, '') })
      .run();
    recordChange(tx, ctx, at, { entity: 'site', entityId: id, action: 'view-save', summary: `Saved the Sites view “${input.name}”` });
    return { id };
  });
  return listViews(ctx);
}

export function removeView(ctx: WriteContext, id: string) {
  const v = ctx.db.get<{ name: string }>(sql`SELECT name FROM saved_views WHERE id = ${id} AND ${live()}`);
  if (!v) throw notFound('Saved view', id);
  mutate(ctx, 'site', (tx, at) => {
    tx.run(sql`UPDATE saved_views SET archived_at = ${at}, updated_at = ${at}, version = version + 1 WHERE id = ${id}`);
    recordChange(tx, ctx, at, { entity: 'site', entityId: id, action: 'view-remove', summary: `Removed the Sites view “${v.name}”` });
    return { id };
  });
  return listViews(ctx);
}
