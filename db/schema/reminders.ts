import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DELIVERY_STATUSES } from '@core/contract/reminders';
import { sqlValues, syncColumns } from './common';

/**
 * One e-mail of the reminder digest to one address (`reminders.*`, main/reminders/email/). A daily
 * digest is claimed here before it is handed to the SMTP server, so a restart, or the command line on
 * the same file, never sends the same day's digest to the same address twice; failures are kept with
 * their reason and the time of the next attempt, for the warning in the app.
 */
export const reminderDeliveries = sqliteTable(
  'reminder_deliveries',
  {
    ...syncColumns(),
    /** The day the digest is for (YYYY-MM-DD in the workspace's time zone). */
    day: text('day').notNull(),
    /** The address, lower-cased. */
    recipient: text('recipient').notNull(),
    kind: text('kind', { enum: ['digest', 'test'] }).notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** The last failure in words, never with the password. */
    error: text('error'),
    nextAttemptAt: text('next_attempt_at'),
    /** Reviews the message listed. */
    reviews: integer('reviews').notNull().default(0),
    /** The SMTP server's message id once accepted. */
    messageId: text('message_id'),
    sentAt: text('sent_at'),
  },
  (t) => [
    uniqueIndex('reminder_deliveries_digest_once')
      .on(t.day, t.recipient)
      .where(sql`${t.kind} = 'digest'`),
    index('reminder_deliveries_updated').on(t.updatedAt),
    check('reminder_deliveries_kind_valid', sql`${t.kind} in ('digest', 'test')`),
    check('reminder_deliveries_status_valid', sql`${t.status} in (${sqlValues(DELIVERY_STATUSES)})`),
    check('reminder_deliveries_attempts_valid', sql`${t.attempts} >= 0`),
  ],
);
