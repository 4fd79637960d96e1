import { sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { Person } from '@core/contract/people';
import type { ReminderChannel } from '@core/domain/reminders';
import { newId } from '@db/ids';
import type { PersonRow } from '@db/queries/rows';
import { allOf, likePattern, live, searchMatch } from '@db/queries/sql';
import { people } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { duplicate, notFound, refused, staleVersion } from './errors';

const SELECT = sql`SELECT p.id, p.name, p.email, p.organisation, p.client_id, c.name AS client_name, p.phone, p.active,
  p.reminder_channel, p.quiet_hours_start, p.quiet_hours_end, p.archived_at, p.created_at, p.updated_at, p.version,
  (SELECT count(*) FROM owner_assignments oa JOIN sites s ON s.id = oa.site_id
    WHERE oa.archived_at IS NULL AND s.archived_at IS NULL AND (oa.owner_id = p.id OR oa.backup_owner_id = p.id)) AS assignment_count,
  (SELECT group_concat(role || ':' || n, ',') FROM (SELECT o.role, count(*) AS n FROM operators o JOIN sites s ON s.id = o.site_id
    WHERE o.person_id = p.id AND o.archived_at IS NULL AND s.archived_at IS NULL GROUP BY o.role ORDER BY o.role)) AS operator_roles
  FROM people p LEFT JOIN clients c ON c.id = p.client_id`;

function toPerson(r: PersonRow): Person {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    organisation: r.organisation,
    clientId: r.client_id,
    clientName: r.client_name,
    phone: r.phone,
    active: r.active === 1,
    reminderChannel: r.reminder_channel,
    quietHoursStart: r.quiet_hours_start,
    quietHoursEnd: r.quiet_hours_end,
    assignmentCount: r.assignment_count,
    operatorRoles: (r.operator_roles ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [role, n] = pair.split(':');
        return { role: role!, sites: Number(n) };
      }),
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** The reminder channel and quiet hours of each of `ids` that exists (main/reminders: who hears of which review, and when). */
export function reminderPreferences(ctx: HandlerContext, ids: readonly string[]) {
  const found = new Map<string, { channel: ReminderChannel; quietHoursStart: string | null; quietHoursEnd: string | null }>();
  if (!ids.length) return found;
  const rows = ctx.db.all<{ id: string; reminder_channel: ReminderChannel; quiet_hours_start: string | null; quiet_hours_end: string | null }>(
    sql`SELECT id, reminder_channel, quiet_hours_start, quiet_hours_end FROM people WHERE id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  for (const r of rows) found.set(r.id, { channel: r.reminder_channel, quietHoursStart: r.quiet_hours_start, quietHoursEnd: r.quiet_hours_end });
  return found;
}

export function getPerson(ctx: HandlerContext, id: string): Person {
  const row = ctx.db.get<PersonRow>(sql`${SELECT} WHERE p.id = ${id}`);
  if (!row) throw notFound('Person', id);
  return toPerson(row);
}

export function listPeople(ctx: HandlerContext, input: ParsedInputOf<'people.list'>) {
  const where: SQL[] = [];
  if (input.archived === 'active') where.push(live('p'));
  if (input.archived === 'archived') where.push(sql`p.archived_at IS NOT NULL`);
  if (input.search) {
    const like = likePattern(input.search);
    where.push(sql`(${searchMatch(sql`p.name`, like)} OR ${searchMatch(sql`p.email`, like)} OR ${searchMatch(sql`coalesce(c.name, '')`, like)})`);
  }
  if (input.organisation) where.push(sql`p.organisation = ${input.organisation}`);
  if (input.clientId) where.push(sql`p.client_id = ${input.clientId}`);
  if (input.activeOnly) where.push(sql`p.active = 1`);
  const whereSql = allOf(where);
  const order = {
    name: sql`p.name COLLATE NOCASE`,
    email: sql`p.email`,
    organisation: sql`p.organisation`,
    assignmentCount: sql`assignment_count`,
    updatedAt: sql`p.updated_at`,
  }[input.sort];
  const dir = input.direction === 'desc' ? sql`DESC` : sql`ASC`;
  // The per-person counts cost an index walk over each person's assignments and operators (an agency
  // lead owns thousands): the page's ids are chosen first, and only its rows are counted, unless the
  // sort is by a count itself.
  const rows =
    input.sort === 'assignmentCount'
      ? ctx.db.all<PersonRow>(sql`${SELECT} WHERE ${whereSql} ORDER BY ${order} ${dir}, p.id LIMIT ${input.limit} OFFSET ${input.offset}`)
      : ctx.db.all<PersonRow>(
          sql`${SELECT} WHERE p.id IN (SELECT p.id FROM people p LEFT JOIN clients c ON c.id = p.client_id WHERE ${whereSql}
                ORDER BY ${order} ${dir}, p.id LIMIT ${input.limit} OFFSET ${input.offset})
              ORDER BY ${order} ${dir}, p.id`,
        );
  const total = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM people p LEFT JOIN clients c ON c.id = p.client_id WHERE ${whereSql}`)!.n;
  return { rows: rows.map(toPerson), total, offset: input.offset };
}

function assertEmailFree(ctx: HandlerContext, email: string, exceptId?: string) {
  const other = ctx.db.get<{ name: string; archived_at: string | null }>(
    // Addresses compare as stored (the contract lower-cases them), never by the search fold: straße@
    // and strasse@ are different mailboxes. lower() is the expression of the unique index.
    sql`SELECT name, archived_at FROM people WHERE lower(email) = lower(${email}) AND id IS NOT ${exceptId ?? null}`,
  );
  if (other) {
    const archived = other.archived_at ? ' (archived: restore that person instead)' : '';
    throw duplicate(`${email} already belongs to ${other.name}${archived}. Each person is recorded once; use their record.`, 'email');
  }
}

function assertClientUsable(ctx: HandlerContext, clientId: string | null) {
  if (!clientId) return;
  const c = ctx.db.get<{ name: string; archived_at: string | null }>(sql`SELECT name, archived_at FROM clients WHERE id = ${clientId}`);
  if (!c) throw duplicate('The chosen client does not exist: choose another.', 'clientId');
  if (c.archived_at) throw refused(`Client “${c.name}” is archived: restore it before adding people to it.`);
}

export function createPerson(ctx: WriteContext, input: ParsedInputOf<'people.create'>): Person {
  return mutate(ctx, 'person', (tx, at) => {
    assertEmailFree(ctx, input.email);
    assertClientUsable(ctx, input.clientId);
    const id = newId();
    tx.insert(people)
      .values({
        id,
        name: input.name,
        email: input.email,
        organisation: input.organisation,
        clientId: input.clientId,
        phone: input.phone,
        active: input.active,
        reminderChannel: input.reminderChannel ?? 'desktop',
        quietHoursStart: input.quietHoursStart ?? null,
        quietHoursEnd: input.quietHoursEnd ?? null,
        createdAt: at,
        updatedAt: at,
      })
      .run();
    const after = getPerson(ctx, id);
    recordChange(tx, ctx, at, { entity: 'person', entityId: id, action: 'create', summary: `Added ${after.name}`, after });
    return after;
  });
}

export function updatePerson(ctx: WriteContext, input: ParsedInputOf<'people.update'>): Person {
  return mutate(ctx, 'person', (tx, at) => {
    const before = getPerson(ctx, input.id);
    if (before.version !== input.version) throw staleVersion('Person', before.name);
    assertEmailFree(ctx, input.email, input.id);
    if (input.clientId !== before.clientId) assertClientUsable(ctx, input.clientId);
    tx.update(people)
      .set({
        name: input.name,
        email: input.email,
        organisation: input.organisation,
        clientId: input.clientId,
        phone: input.phone,
        active: input.active,
        // Reminder preferences left out of the call stay as they are.
        ...(input.reminderChannel !== undefined ? { reminderChannel: input.reminderChannel } : {}),
        ...(input.quietHoursStart !== undefined ? { quietHoursStart: input.quietHoursStart, quietHoursEnd: input.quietHoursEnd ?? null } : {}),
        updatedAt: at,
        version: before.version + 1,
      })
      .where(sql`id = ${input.id}`)
      .run();
    const after = getPerson(ctx, input.id);
    recordChange(tx, ctx, at, { entity: 'person', entityId: input.id, action: 'update', summary: `Edited ${after.name}`, before, after });
    return after;
  });
}

export function setPersonArchived(ctx: WriteContext, input: { id: string; version?: number | undefined }, archive: boolean): Person {
  return mutate(ctx, 'person', (tx, at) => {
    const before = getPerson(ctx, input.id);
    if (input.version !== undefined && before.version !== input.version) throw staleVersion('Person', before.name);
    if (archive === Boolean(before.archivedAt)) return before;
    if (archive && before.assignmentCount > 0) {
      throw refused(
        `${before.name} is owner or backup for ${before.assignmentCount} responsibilit${before.assignmentCount === 1 ? 'y' : 'ies'} on active sites. Reassign them on each site's Owners tab first, so no site is left without an owner.`,
      );
    }
    if (!archive) assertEmailFree(ctx, before.email, before.id);
    tx.update(people)
      .set({ archivedAt: archive ? at : null, updatedAt: at, version: before.version + 1 })
      .where(sql`id = ${input.id}`)
      .run();
    const after = getPerson(ctx, input.id);
    recordChange(tx, ctx, at, {
      entity: 'person',
      entityId: input.id,
      action: archive ? 'archive' : 'restore',
      summary: `${archive ? 'Archived' : 'Restored'} ${after.name}`,
      before,
      after,
    });
    return after;
  });
}

/** The id of the person with this email (whatever its case), or null. */
export function personIdByEmail(ctx: Pick<HandlerContext, 'db'>, email: string): string | null {
  return ctx.db.get<{ id: string }>(sql`SELECT id FROM people WHERE lower(email) = lower(${email})`)?.id ?? null;
}

/** The id of the person this text names by id or by email (whatever its case), the id first; or null. */
export function personIdByIdOrEmail(ctx: Pick<HandlerContext, 'db'>, text: string): string | null {
  return (
    ctx.db.get<{ id: string }>(sql`SELECT id FROM people WHERE id = ${text} OR lower(email) = lower(${text}) ORDER BY id = ${text} DESC LIMIT 1`)?.id ?? null
  );
}
