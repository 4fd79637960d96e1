import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ORGANISATIONS } from '@core/contract/people';
import { REMINDER_CHANNELS } from '@core/domain/reminders';
import { clients } from './clients';
import { sqlValues, syncColumns } from './common';

export const people = sqliteTable(
  'people',
  {
    ...syncColumns(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    organisation: text('organisation', { enum: ORGANISATIONS }).notNull(),
    clientId: text('client_id').references(() => clients.id),
    phone: text('phone'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    archivedAt: text('archived_at'),
    /** How the person hears about their reviews (core/domain/reminders.ts), checked by the contract (migration 0016 added it to a table SQLite cannot add a CHECK to without rebuilding). */
    reminderChannel: text('reminder_channel', { enum: REMINDER_CHANNELS }).notNull().default('desktop'),
    /** HH:mm, both or neither: no reminder of theirs goes out in between. */
    quietHoursStart: text('quiet_hours_start'),
    quietHoursEnd: text('quiet_hours_end'),
  },
  (t) => [
    uniqueIndex('people_email_unique').on(sql`lower(${t.email})`),
    index('people_client_idx').on(t.clientId),
    // A person named by name (the actor of a script) is found without reading everyone (migration 0012).
    index('people_name_lower_idx').on(sql`lower(${t.name})`),
    check('people_organisation_valid', sql`${t.organisation} in (${sqlValues(ORGANISATIONS)})`),
    check(
      'people_client_matches_organisation',
      sql`(${t.organisation} = 'client' and ${t.clientId} is not null) or (${t.organisation} = 'agency' and ${t.clientId} is null)`,
    ),
    check('people_active_bool', sql`${t.active} in (0, 1)`),
  ],
);
