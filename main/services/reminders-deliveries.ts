/**
 * What the e-mail digest (main/reminders/email/) reads and writes in the workspace: each person's
 * reminder preferences, each site's escalation owner, and the record of every digest e-mail.
 *
 * The record of every digest e-mail (`reminder_deliveries`): a delivery is claimed in a write before the
 * message goes to the SMTP server, so the programs using the same workspace file (the app, the web
 * harness, the CLI from cron) never both send the same day's digest to the same address. The partial
 * unique index on (day, recipient) for kind 'digest' makes the first claim win; a retry claims its
 * failed row again with a version check. A delivery left 'sending' (the app stopped mid-send), or whose
 * send failed after the message data was written, is given up, never sent again. A copy of the
 * workspace (a restored backup, a bundle opened elsewhere) does not carry the deliveries made since it
 * was taken, so it may send a day's digest again.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Delivery } from '@core/contract/reminders';
import { addLocalDays } from '@core/domain/cadence';
import { newId } from '@db/ids';
import { reminderDeliveries } from '@db/schema/reminders';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';

export type DeliveryRow = typeof reminderDeliveries.$inferSelect;

/** Minutes to wait after the 1st, 2nd, … failure of a day's delivery; hourly after the last. */
export const RETRY_MINUTES = [5, 15, 30, 60, 120];
/** A delivery 'sending' for longer than this was interrupted (the app stopped mid-send). */
export const STALE_SENDING_MS = 15 * 60_000;
export const INTERRUPTED = 'The app stopped while this digest was being sent; it may have arrived and is not sent again.';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const label = (r: Pick<DeliveryRow, 'kind' | 'day'>) => (r.kind === 'test' ? 'Test e-mail' : `E-mail digest for ${r.day}`);

export function retryDelayMinutes(failures: number): number {
  return RETRY_MINUTES[failures - 1] ?? 60;
}

export function digestDelivery(ctx: HandlerContext, day: string, recipient: string): DeliveryRow | undefined {
  return ctx.db
    .select()
    .from(reminderDeliveries)
    .where(and(eq(reminderDeliveries.day, day), eq(reminderDeliveries.recipient, recipient), eq(reminderDeliveries.kind, 'digest')))
    .get();
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Claims a delivery before sending: a new row for a first attempt (the unique index refuses a second
 * claim of the same day and address), or the failed row `retry` with its version unchanged since it
 * was read. Answers the claimed row, or null when another process claimed it first.
 */
export function claimDelivery(
  w: WriteContext,
  d: { day: string; recipient: string; kind: 'digest' | 'test'; reviews: number; retry?: DeliveryRow },
): DeliveryRow | null {
  const retry = d.retry;
  try {
    return mutate(w, 'reminder_delivery', (tx, at) => {
      let row: DeliveryRow;
      if (retry) {
        const changed = tx
          .update(reminderDeliveries)
          .set({ status: 'sending', attempts: retry.attempts + 1, reviews: d.reviews, nextAttemptAt: null, updatedAt: at, version: retry.version + 1 })
          .where(and(eq(reminderDeliveries.id, retry.id), eq(reminderDeliveries.version, retry.version), eq(reminderDeliveries.status, 'failed')))
          .run();
        if (changed.changes === 0) return { id: retry.id, row: null };
        row = { ...retry, status: 'sending', attempts: retry.attempts + 1, reviews: d.reviews, nextAttemptAt: null, updatedAt: at, version: retry.version + 1 };
      } else {
        row = {
          id: newId(),
          createdAt: at,
          updatedAt: at,
          version: 1,
          day: d.day,
          recipient: d.recipient,
          kind: d.kind,
          status: 'sending',
          attempts: 1,
          error: null,
          nextAttemptAt: null,
          reviews: d.reviews,
          messageId: null,
          sentAt: null,
        };
        tx.insert(reminderDeliveries).values(row).run();
      }
      recordChange(tx, w, at, {
        entity: 'reminder_delivery',
        entityId: row.id,
        action: retry ? 'retry' : 'claim',
        summary: `${label(row)} being sent to ${row.recipient} (${plural(row.reviews, 'review')}${retry ? `, attempt ${row.attempts}` : ''})`,
        after: { status: row.status, attempts: row.attempts },
      });
      return { id: row.id, row };
    }).row;
  } catch (e) {
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}

export function markSent(w: WriteContext, row: DeliveryRow, messageId: string | null): void {
  mutate(w, 'reminder_delivery', (tx, at) => {
    tx.update(reminderDeliveries)
      .set({ status: 'sent', messageId, sentAt: at, error: null, nextAttemptAt: null, updatedAt: at, version: sql`${reminderDeliveries.version} + 1` })
      .where(eq(reminderDeliveries.id, row.id))
      .run();
    recordChange(tx, w, at, {
      entity: 'reminder_delivery',
      entityId: row.id,
      action: 'sent',
      summary: `${label(row)} sent to ${row.recipient} (${plural(row.reviews, 'review')})`,
      before: { status: row.status },
      after: { status: 'sent' },
    });
    return { id: row.id };
  });
}

/** Records a failed attempt with its reason in words; a daily digest is tried again after the backoff, a test is not. */
export function markFailed(w: WriteContext, row: DeliveryRow, error: string, now: Date): string | null {
  const next = row.kind === 'digest' ? new Date(now.getTime() + retryDelayMinutes(row.attempts) * 60_000).toISOString() : null;
  mutate(w, 'reminder_delivery', (tx, at) => {
    tx.update(reminderDeliveries)
      .set({ status: 'failed', error, nextAttemptAt: next, updatedAt: at, version: sql`${reminderDeliveries.version} + 1` })
      .where(eq(reminderDeliveries.id, row.id))
      .run();
    recordChange(tx, w, at, {
      entity: 'reminder_delivery',
      entityId: row.id,
      action: 'failed',
      summary: `${label(row)} to ${row.recipient} failed (attempt ${row.attempts}): ${error}${next ? ' It is tried again later today.' : ''}`,
      before: { status: row.status },
      after: { status: 'failed', nextAttemptAt: next },
    });
    return { id: row.id };
  });
  return next;
}

/** Ends a delivery for good (refused permanently, or its outcome unknown after the message data was written): never sent again. */
export function markGaveUp(w: WriteContext, row: DeliveryRow, error: string): void {
  mutate(w, 'reminder_delivery', (tx, at) => {
    tx.update(reminderDeliveries)
      .set({ status: 'gave-up', error, nextAttemptAt: null, updatedAt: at, version: sql`${reminderDeliveries.version} + 1` })
      .where(eq(reminderDeliveries.id, row.id))
      .run();
    recordChange(tx, w, at, {
      entity: 'reminder_delivery',
      entityId: row.id,
      action: 'gave-up',
      summary: `${label(row)} to ${row.recipient} given up (attempt ${row.attempts}): ${error}`,
      before: { status: row.status },
      after: { status: 'gave-up' },
    });
    return { id: row.id };
  });
}

/** The newest daily digest to `recipient` that went out or may have (sent, being sent, given up) for another day than `day`: when (sentAt, else its claim). */
export function lastDigestTo(ctx: HandlerContext, recipient: string, day: string): string | null {
  const row = ctx.db.get<{ at: string | null }>(
    sql`SELECT MAX(COALESCE(sent_at, created_at)) AS at FROM reminder_deliveries WHERE kind = 'digest' AND recipient = ${recipient} AND day <> ${day} AND status <> 'failed'`,
  );
  return row?.at ?? null;
}

/**
 * Ends what can no longer be sent: failures of a day before `openSince` (the day's digest is covered
 * by a later one) and deliveries left 'sending' for more than 15 minutes (the app stopped mid-send:
 * it may have arrived, so it is never sent again).
 */
export function settleStale(w: WriteContext, openSince: string, now: Date): number {
  const today = openSince;
  const staleBefore = new Date(now.getTime() - STALE_SENDING_MS).toISOString();
  const rows = w.db
    .select()
    .from(reminderDeliveries)
    .where(
      sql`(${reminderDeliveries.status} = 'failed' AND ${reminderDeliveries.day} < ${today}) OR (${reminderDeliveries.status} = 'sending' AND ${reminderDeliveries.updatedAt} < ${staleBefore})`,
    )
    .all();
  for (const row of rows) {
    const error = row.status === 'sending' ? INTERRUPTED : row.error;
    mutate(w, 'reminder_delivery', (tx, at) => {
      const changed = tx
        .update(reminderDeliveries)
        .set({ status: 'gave-up', error, nextAttemptAt: null, updatedAt: at, version: row.version + 1 })
        .where(and(eq(reminderDeliveries.id, row.id), eq(reminderDeliveries.version, row.version)))
        .run();
      if (changed.changes)
        recordChange(tx, w, at, {
          entity: 'reminder_delivery',
          entityId: row.id,
          action: 'gave-up',
          summary: `${label(row)} to ${row.recipient} given up: ${row.status === 'sending' ? INTERRUPTED : `it failed on every attempt of its day (${error ?? 'no reason recorded'})`}`,
          before: { status: row.status },
          after: { status: 'gave-up' },
        });
      return { id: row.id };
    });
  }
  return rows.length;
}

export function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    day: r.day,
    recipient: r.recipient,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    error: r.error,
    nextAttemptAt: r.nextAttemptAt,
    reviews: r.reviews,
    sentAt: r.sentAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * Deliveries of the last 14 days, newest first, and the newest failing daily digest (failed, given
 * up, or left 'sending' for more than 15 minutes before `now`) not followed by a sent message to the
 * same address.
 */
export function listDeliveries(ctx: HandlerContext, today: string, now?: Date): { deliveries: Delivery[]; failing: Delivery | null } {
  const staleBefore = now ? new Date(now.getTime() - STALE_SENDING_MS).toISOString() : '';
  const rows = ctx.db
    .select()
    .from(reminderDeliveries)
    .where(sql`${reminderDeliveries.day} >= ${addLocalDays(today, -14)}`)
    .orderBy(sql`${reminderDeliveries.updatedAt} DESC, ${reminderDeliveries.id} DESC`)
    .all();
  const failing = rows.find(
    (r) =>
      r.kind === 'digest' &&
      (r.status === 'failed' || r.status === 'gave-up' || (r.status === 'sending' && r.updatedAt < staleBefore)) &&
      !rows.some((s) => s.recipient === r.recipient && s.status === 'sent' && (s.sentAt ?? '') > r.updatedAt),
  );
  return { deliveries: rows.map(toDelivery), failing: failing ? toDelivery(failing) : null };
}

/** A person's reminder preferences (active people), for who gets their own digest and when. */
export interface ReminderPreferences {
  id: string;
  email: string;
  channel: string;
  quietStart: string | null;
  quietEnd: string | null;
}

export function reminderPreferences(ctx: Pick<HandlerContext, 'db'>): ReminderPreferences[] {
  return ctx.db.all<ReminderPreferences>(
    sql`SELECT id, email, reminder_channel AS channel, quiet_hours_start AS quietStart, quiet_hours_end AS quietEnd FROM people WHERE archived_at IS NULL`,
  );
}

/** Each site's incident escalation owner, "Name <email>" with the backup when set, for the sites given. */
export function escalationOwners(ctx: Pick<HandlerContext, 'db'>, siteIds: string[]): Map<string, string> {
  const found = new Map<string, string>();
  if (!siteIds.length) return found;
  const ids = sql.join(
    [...new Set(siteIds)].map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = ctx.db.all<{ siteId: string; owner: string; ownerEmail: string; backup: string | null; backupEmail: string | null }>(sql`
    SELECT a.site_id AS siteId, o.name AS owner, o.email AS ownerEmail, b.name AS backup, b.email AS backupEmail
    FROM owner_assignments a JOIN people o ON o.id = a.owner_id LEFT JOIN people b ON b.id = a.backup_owner_id
    WHERE a.responsibility = 'incident_escalation' AND a.archived_at IS NULL AND a.site_id IN (${ids})`);
  for (const r of rows) found.set(r.siteId, `${r.owner} <${r.ownerEmail}>${r.backup ? ` (backup: ${r.backup} <${r.backupEmail}>)` : ''}`);
  return found;
}
