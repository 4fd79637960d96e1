/**
 * "Find the record or refuse", written once. A read names what it needs; a write also refuses an
 * archived record with the one sentence every form shows ("… is archived: restore it before …").
 */
import { sql } from 'drizzle-orm';
import type { people, sites } from '@db/schema/index';
import type { HandlerContext } from '../rpc/context';
import { notFound, refused } from './errors';

export type SiteRef = Pick<typeof sites.$inferSelect, 'id' | 'name' | 'stage' | 'clientId' | 'archivedAt'>;

/** The site, or NOT_FOUND. */
export function requireSite(ctx: Pick<HandlerContext, 'db'>, id: string): SiteRef {
  const site = ctx.db.get<SiteRef>(sql`SELECT id, name, stage, client_id AS clientId, archived_at AS archivedAt FROM sites WHERE id = ${id}`);
  if (!site) throw notFound('Site', id);
  return site;
}

/** The site for a change: NOT_FOUND, or REFUSED while it is archived ("restore it before <doing>"). */
export function requireSiteForWrite(ctx: Pick<HandlerContext, 'db'>, id: string, doing: string): SiteRef {
  const site = requireSite(ctx, id);
  if (site.archivedAt) throw refused(`“${site.name}” is archived: restore it before ${doing}.`);
  return site;
}

export type PersonRef = Pick<typeof people.$inferSelect, 'id' | 'name' | 'email' | 'archivedAt'>;

/** The person, or NOT_FOUND. */
export function requirePerson(ctx: Pick<HandlerContext, 'db'>, id: string): PersonRef {
  const person = ctx.db.get<PersonRef>(sql`SELECT id, name, email, archived_at AS archivedAt FROM people WHERE id = ${id}`);
  if (!person) throw notFound('Person', id);
  return person;
}
