import { sql, type SQL } from 'drizzle-orm';
import type { Client } from '@core/contract/clients';
import type { ParsedInputOf } from '@core/contract/index';
import { newId } from '@db/ids';
import type { ClientRow } from '@db/queries/rows';
import { likePattern, sameFolded, searchMatch } from '@db/queries/sql';
import { clients } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { duplicate, notFound, refused, staleVersion } from './errors';

const SELECT = sql`SELECT c.id, c.name, c.notes, c.archived_at, c.created_at, c.updated_at, c.version,
  (SELECT count(*) FROM sites s WHERE s.client_id = c.id AND s.archived_at IS NULL) AS site_count
  FROM clients c`;

function toClient(r: ClientRow): Client {
  return {
    id: r.id,
    name: r.name,
    notes: r.notes,
    siteCount: r.site_count,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function archivedClause(mode: 'active' | 'archived' | 'all', column: SQL): SQL {
  if (mode === 'active') return sql`${column} IS NULL`;
  if (mode === 'archived') return sql`${column} IS NOT NULL`;
  return sql`1 = 1`;
}

export function getClient(ctx: HandlerContext, id: string): Client {
  const row = ctx.db.get<ClientRow>(sql`${SELECT} WHERE c.id = ${id}`);
  if (!row) throw notFound('Client', id);
  return toClient(row);
}

export function listClients(ctx: HandlerContext, input: ParsedInputOf<'clients.list'>) {
  const where: SQL[] = [archivedClause(input.archived, sql`c.archived_at`)];
  if (input.search) where.push(searchMatch(sql`c.name`, likePattern(input.search)));
  const whereSql = sql.join(where, sql` AND `);
  const order = {
    name: sql`c.name COLLATE NOCASE`,
    siteCount: sql`site_count`,
    updatedAt: sql`c.updated_at`,
  }[input.sort];
  const dir = input.direction === 'desc' ? sql`DESC` : sql`ASC`;
  const rows = ctx.db.all<ClientRow>(sql`${SELECT} WHERE ${whereSql} ORDER BY ${order} ${dir}, c.id LIMIT ${input.limit} OFFSET ${input.offset}`);
  const total = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM clients c WHERE ${whereSql}`)!.n;
  return { rows: rows.map(toClient), total, offset: input.offset };
}

function assertNameFree(ctx: HandlerContext, name: string, exceptId?: string) {
  const other = ctx.db.get<{ id: string; name: string; archived_at: string | null }>(
    sql`SELECT id, name, archived_at FROM clients WHERE ${sameFolded(sql`name`, name)} AND id IS NOT ${exceptId ?? null}`,
  );
  if (other) {
    const where = other.archived_at ? ' (archived: restore it from the Archived filter instead)' : '';
    throw duplicate(`A client named “${other.name}” already exists${where}. Use a different name.`, 'name');
  }
}

export function createClient(ctx: WriteContext, input: ParsedInputOf<'clients.create'>): Client {
  return mutate(ctx, 'client', (tx, at) => {
    assertNameFree(ctx, input.name);
    const id = newId();
    tx.insert(clients).values({ id, name: input.name, notes: input.notes, createdAt: at, updatedAt: at }).run();
    const after = getClient(ctx, id);
    recordChange(tx, ctx, at, { entity: 'client', entityId: id, action: 'create', summary: `Created client “${input.name}”`, after });
    return after;
  });
}

export function updateClient(ctx: WriteContext, input: ParsedInputOf<'clients.update'>): Client {
  return mutate(ctx, 'client', (tx, at) => {
    const before = getClient(ctx, input.id);
    if (before.version !== input.version) throw staleVersion('Client', before.name);
    assertNameFree(ctx, input.name, input.id);
    tx.update(clients)
      .set({ name: input.name, notes: input.notes, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${input.id}`)
      .run();
    const after = getClient(ctx, input.id);
    recordChange(tx, ctx, at, { entity: 'client', entityId: input.id, action: 'update', summary: `Edited client “${after.name}”`, before, after });
    return after;
  });
}

export function setClientArchived(ctx: WriteContext, input: { id: string; version?: number | undefined }, archive: boolean): Client {
  return mutate(ctx, 'client', (tx, at) => {
    const before = getClient(ctx, input.id);
    if (input.version !== undefined && before.version !== input.version) throw staleVersion('Client', before.name);
    if (archive && before.archivedAt) return before;
    if (!archive && !before.archivedAt) return before;
    if (archive && before.siteCount > 0) {
      throw refused(
        `“${before.name}” still has ${before.siteCount} active site${before.siteCount === 1 ? '' : 's'}. Archive those sites first, so no rollout loses its client.`,
      );
    }
    if (!archive) assertNameFree(ctx, before.name, before.id);
    tx.update(clients)
      .set({ archivedAt: archive ? at : null, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${input.id}`)
      .run();
    const after = getClient(ctx, input.id);
    recordChange(tx, ctx, at, {
      entity: 'client',
      entityId: input.id,
      action: archive ? 'archive' : 'restore',
      summary: `${archive ? 'Archived' : 'Restored'} client “${after.name}”`,
      before,
      after,
    });
    return after;
  });
}

/** The clients bearing this name in the search fold, active ones first. */
export function clientsNamed(ctx: Pick<HandlerContext, 'db'>, name: string): { id: string; name: string }[] {
  return ctx.db.all<{ id: string; name: string }>(sql`SELECT id, name FROM clients WHERE ${sameFolded(sql`name`, name)} ORDER BY archived_at IS NOT NULL, id`);
}
