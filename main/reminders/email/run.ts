/**
 * When the digest goes out (`runEmailDigest`): only when it is on and complete, on a digest weekday at
 * or after the digest time (workspace time zone) and outside the recipient's quiet hours (which may
 * hold it into the next day), to each recipient something is due for, at most once per day and
 * address (the ledger's claim) and never within 20 hours of the last one. A failure before the server
 * could have accepted the message (connection, greeting, TLS, sign-in, a 4xx) is retried after its
 * backoff; a 5xx refusal, or any failure after the message data was written, is given up and reported.
 * The app and the command line on the same workspace file never send a day's digest twice; a copy of
 * the workspace (a restored backup, a bundle) does not carry the deliveries made since. Safe to call at
 * any moment and as often as wanted: the desktop app calls it every 15 minutes, at start, on resume
 * and on "Check now"; the CLI once per run (cron every 15 minutes is fine).
 */
import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { Delivery } from '@core/contract/reminders';
import { Email } from '@core/contract/fields';
import type { Settings } from '@core/contract/settings';
import { addLocalDays, localDate, localTimeInstant } from '@core/domain/cadence';
import { emailDigestProblems, inQuietWindow, SMTP_PASSWORD_ENV } from '@core/domain/reminders';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { deriveContext, writerOf, type HandlerContext, type Logger } from '../../rpc/context';
import { WriteLockBusy } from '../../rpc/faults';
import { getSettings } from '../../services/settings';
import { workspaceNameOf } from '../../workspace-host-files';
import { digestModel, reminderDigest } from '../digest';
import { composeDigest, reviewCount } from './content';
import {
  claimDelivery,
  digestDelivery,
  lastDigestTo,
  listDeliveries,
  markFailed,
  markGaveUp,
  markSent,
  settleStale,
  type DeliveryRow,
} from '../../services/reminders-deliveries';
import { planRecipients, releaseAt, type Recipient } from './recipients';
import { classifySmtpFailure, createSmtpTransport, describeSmtpError, type FailureKind, type SmtpTransport, type TransportOptions } from './transport';

export type EmailRunOutcome =
  | 'off'
  | 'not-configured'
  | 'no-password'
  | 'not-a-digest-day'
  | 'before-time'
  | 'nothing-due'
  | 'already-sent'
  /** Another process is sending it now (claimed less than 15 minutes ago). */
  | 'in-progress'
  /** A digest was given up (refused for good, interrupted mid-send, or not confirmed after its data was written): not sent again. */
  | 'given-up'
  | 'waiting-retry'
  | 'sent'
  | 'partly-failed'
  | 'failed';
export interface EmailRunResult {
  outcome: EmailRunOutcome;
  sent: string[];
  failed: { recipient: string; error: string }[];
  nextSendAt: string | null;
  message: string;
}
export interface EmailRunOptions {
  now: Date;
  password: string | null;
  log: Logger;
  transportOptions?: TransportOptions;
  /** Awaited between reading where the day stands and claiming each delivery (tests: two runs meet here). */
  beforeClaim?: () => Promise<void>;
}

const isoWeekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
const hhmm = (now: Date, tz: string) => format(new TZDate(now, tz), 'HH:mm');
/** A digest never goes to an address less than this after the last one (a changed time zone starts a new local day early). */
export const MIN_DIGEST_GAP_MS = 20 * 3_600_000;

/** The key under which a device keeps the SMTP password: security, host, port and user, so a changed server (or one switched to no encryption) never gets the old password. */
export function smtpPasswordKey(settings: Pick<Settings, 'smtpHost' | 'smtpPort' | 'smtpUser' | 'smtpSecurity'>): string {
  // The security is part of the key: a server switched to "none" never gets a password stored for an encrypted connection.
  return `smtp:${settings.smtpSecurity}:${(settings.smtpHost ?? '').toLowerCase()}:${settings.smtpPort}:${settings.smtpUser ?? ''}`;
}

/** The context read at `now`: which reviews are due, and when each write happened, follow the caller's time. */
const at = (ctx: HandlerContext, now: Date): HandlerContext => deriveContext(ctx, { clock: { now: () => new Date(now.getTime()) } });

function configured(s: Settings): boolean {
  return s.emailDigest && emailDigestProblems(s).length === 0;
}

/** The next digest time on a digest weekday strictly after `today`. */
function nextDigestDay(s: Settings, today: string): string {
  for (let i = 1; i <= 7; i++) {
    const day = addLocalDays(today, i);
    if (s.digestWeekdays.includes(isoWeekday(day))) return localTimeInstant(day, s.digestTime, s.timeZone).toISOString();
  }
  return localTimeInstant(addLocalDays(today, 1), s.digestTime, s.timeZone).toISOString();
}

/** The end of the quiet window `now` is in (today's or tomorrow's), or null when `now` is outside it. */
function quietUntil(now: Date, quiet: Recipient['quiet'], tz: string): Date | null {
  const hm = hhmm(now, tz);
  if (!quiet || !inQuietWindow(hm, quiet.start, quiet.end)) return null;
  const today = localDate(now, tz);
  return localTimeInstant(hm < quiet.end ? today : addLocalDays(today, 1), quiet.end, tz);
}

type Pending = { day: string; recipient: Recipient; retry?: DeliveryRow };
type Held = { recipient: Recipient; until: Date; recent: boolean };

/**
 * Where each recipient's digest stands. The candidates are today's digest and yesterday's when its
 * release (releaseAt: the first instant at or after the digest time outside the person's quiet
 * hours) falls on today. A candidate goes when now is at or after its release, outside quiet hours,
 * no delivery of it exists (or its failure is due for a retry) and no digest went to the address in
 * the last 20 hours.
 */
function standing(ctx: HandlerContext, s: Settings, now: Date) {
  const tz = s.timeZone;
  const today = localDate(now, tz);
  const nowIso = now.toISOString();
  const recipients = planRecipients(ctx, reminderDigest(ctx), s);
  const ready: Pending[] = [];
  const held: Held[] = [];
  const later: Date[] = [];
  const waiting: DeliveryRow[] = [];
  const stopped: DeliveryRow[] = [];
  const busy: DeliveryRow[] = [];
  let done = 0;
  for (const day of [addLocalDays(today, -1), today]) {
    if (!s.digestWeekdays.includes(isoWeekday(day))) continue;
    for (const r of recipients) {
      const release = releaseAt(day, s.digestTime, tz, r.quiet);
      if (day !== today && localDate(release, tz) !== today) continue;
      const row = digestDelivery(ctx, day, r.address);
      if (row?.status === 'sent') done++;
      else if (row?.status === 'gave-up') stopped.push(row);
      else if (row?.status === 'sending') busy.push(row);
      else if (row?.nextAttemptAt && row.nextAttemptAt > nowIso) waiting.push(row);
      else if (now < localTimeInstant(day, s.digestTime, tz)) later.push(release);
      else if (now < release) held.push({ recipient: r, until: release, recent: false });
      else {
        const quiet = quietUntil(now, r.quiet, tz);
        const last = row ? null : lastDigestTo(ctx, r.address, day);
        const gap = last ? new Date(Date.parse(last) + MIN_DIGEST_GAP_MS) : null;
        if (quiet) held.push({ recipient: r, until: quiet, recent: false });
        else if (gap && gap > now) held.push({ recipient: r, until: gap, recent: true });
        else ready.push({ day, recipient: r, retry: row });
      }
    }
  }
  return { today, recipients, ready, held, later, waiting, stopped, busy, done };
}

/** When this device should call runEmailDigest next for a digest or a retry (ISO), or null. */
export function nextDigestAt(context: HandlerContext, now: Date): string | null {
  const ctx = at(context, now);
  const s = getSettings(ctx);
  if (!configured(s)) return null;
  const t = standing(ctx, s, now);
  const todayAt = localTimeInstant(t.today, s.digestTime, s.timeZone);
  const times = [
    ...(t.ready.length ? [now.toISOString()] : []),
    ...t.waiting.map((w) => w.nextAttemptAt!),
    ...t.held.map((h) => h.until.toISOString()),
    ...t.later.map((d) => d.toISOString()),
    ...(s.digestWeekdays.includes(isoWeekday(t.today)) && now < todayAt && !t.recipients.length ? [todayAt.toISOString()] : []),
  ].sort();
  return times[0] ?? nextDigestDay(s, t.today);
}

/** Deliveries of the last 14 days newest first (core/contract/reminders.ts Delivery) and the newest failing one not followed by a sent one to the same recipient. */
export function recentDeliveries(ctx: HandlerContext, now: Date): { deliveries: Delivery[]; failing: Delivery | null } {
  return listDeliveries(ctx, localDate(now, getSettings(ctx).timeZone), now);
}

const FROM_NAME = 'Rollout Workbench';

function messageFor(ctx: HandlerContext, s: Settings, r: Recipient, now: Date, test = false) {
  const model = digestModel(ctx, r.digest, s);
  const content = composeDigest(model, { workspace: workspaceNameOf(ctx.workspacePath), test });
  return {
    model,
    mail: {
      from: { name: FROM_NAME, address: s.emailFrom! },
      to: r.address,
      subject: content.subject,
      text: content.text,
      html: content.html,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      date: now,
    },
  };
}

const list = (xs: string[]) => xs.join(', ');

/** Hands one message to the server: its message id, or what went wrong in words and whether it is tried again. */
async function deliver(
  transport: SmtpTransport,
  mail: ReturnType<typeof messageFor>['mail'],
  s: Settings,
  password: string | null,
): Promise<{ messageId: string | null } | { error: string; kind: FailureKind }> {
  transport.trace.codes = [];
  try {
    const info = await transport.sendMail(mail);
    return { messageId: info.messageId ?? null };
  } catch (e) {
    const kind = classifySmtpFailure(e, transport.trace);
    const words = describeSmtpError(e, s, password);
    if (kind === 'unknown')
      return { kind, error: `${words} The message had been handed over when this happened, so it may have arrived: it is not sent again.` };
    if (kind === 'permanent') return { kind, error: `${words} This refusal is permanent: it is not tried again today.` };
    return { kind, error: words };
  }
}

/**
 * A ledger write, tried again for a few seconds while another program holds the write lock: once a
 * message is with the server its 'sent' must be recorded, or a later run would think it lost.
 */
async function recorded<T>(write: () => T): Promise<T> {
  for (let wait = 50; ; wait *= 2) {
    try {
      return write();
    } catch (e) {
      if (!(e instanceof WriteLockBusy) || wait > 3200) throw e;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

const localWhen = (d: Date, today: string, tz: string) => (localDate(d, tz) === today ? hhmm(d, tz) : `${localDate(d, tz)} ${hhmm(d, tz)}`);

export async function runEmailDigest(context: HandlerContext, opts: EmailRunOptions): Promise<EmailRunResult> {
  const now = opts.now;
  const ctx = at(context, now);
  const s = getSettings(ctx);
  const result = (outcome: EmailRunOutcome, message: string, extra: Partial<EmailRunResult> = {}): EmailRunResult => ({
    outcome,
    sent: [],
    failed: [],
    nextSendAt: outcome === 'off' || outcome === 'not-configured' ? null : nextDigestAt(ctx, now),
    message,
    ...extra,
  });
  if (!s.emailDigest) return result('off', 'The e-mail digest is off (Settings > E-mail digest).');
  const problems = emailDigestProblems(s);
  if (problems.length) return result('not-configured', `The e-mail digest is not set up: ${problems.map((p) => p.message).join(' ')}`);
  const w = writerOf(ctx);
  const today = localDate(now, s.timeZone);
  // Yesterday's failures stay open when yesterday's digest is released today (quiet hours past midnight).
  const open = standing(ctx, s, now);
  const yesterdayOpen = [...open.ready, ...open.waiting.map((r) => ({ day: r.day }))].some((p) => p.day !== today);
  settleStale(w, yesterdayOpen ? addLocalDays(today, -1) : today, now);
  const t = standing(ctx, s, now);
  if (!t.ready.length) {
    const tz = s.timeZone;
    if (t.waiting.length)
      return result('waiting-retry', `Sending failed and is tried again later: ${t.waiting.map((r) => `${r.recipient} (${r.error ?? 'failed'})`).join('; ')}.`);
    if (t.stopped.length)
      return result(
        'given-up',
        `The digest was not delivered and is not sent again: ${t.stopped.map((r) => `${r.recipient} (${r.day}): ${r.error ?? 'no reason recorded'}`).join(' ')}`,
      );
    if (t.busy.length) return result('in-progress', `The digest is being sent by another process: ${list(t.busy.map((r) => r.recipient))}.`);
    const quiet = t.held.filter((h) => !h.recent);
    if (quiet.length)
      return result('before-time', `Held for quiet hours: ${quiet.map((h) => `${h.recipient.address} until ${localWhen(h.until, today, tz)}`).join(', ')}.`);
    if (t.held.length)
      return result(
        'before-time',
        `A digest went to ${list(t.held.map((h) => h.recipient.address))} less than 20 hours ago: the next one goes at ${localWhen(t.held[0]!.until, today, tz)} at the earliest.`,
      );
    if (!s.digestWeekdays.includes(isoWeekday(today))) return result('not-a-digest-day', `${today} is not a digest day.`);
    if (now < localTimeInstant(today, s.digestTime, tz)) return result('before-time', `The digest goes out at ${s.digestTime} (${tz}).`);
    if (!t.recipients.length) return result('nothing-due', 'Nothing is overdue or due today: no digest is sent.');
    return result('already-sent', `Today's digest was already sent (${t.done} recipient${t.done === 1 ? '' : 's'}).`);
  }
  if (s.smtpUser && !opts.password)
    return result(
      'no-password',
      `No SMTP password for ${s.smtpUser} at ${s.smtpHost}: store it in Settings > E-mail digest (the command line reads it from ${SMTP_PASSWORD_ENV}).`,
    );
  const transport = createSmtpTransport(s, opts.password, opts.transportOptions);
  const sent: string[] = [];
  const failed: { recipient: string; error: string }[] = [];
  let lost = 0;
  try {
    for (const p of t.ready) {
      const { model, mail } = messageFor(ctx, s, p.recipient, now);
      await opts.beforeClaim?.();
      const claimed = await recorded(() =>
        claimDelivery(w, { day: p.day, recipient: p.recipient.address, kind: 'digest', reviews: reviewCount(model), retry: p.retry }),
      );
      if (!claimed) {
        lost++; // another process claimed it first: it sends.
        continue;
      }
      const outcome = await deliver(transport, mail, s, opts.password);
      if ('error' in outcome) {
        await recorded(() => (outcome.kind === 'retry' ? markFailed(w, claimed, outcome.error, now) : markGaveUp(w, claimed, outcome.error)));
        failed.push({ recipient: p.recipient.address, error: outcome.error });
        opts.log.warn('E-mail digest failed', { day: p.day, recipient: p.recipient.address, error: outcome.error, retried: outcome.kind === 'retry' });
      } else {
        await recorded(() => markSent(w, claimed, outcome.messageId));
        sent.push(p.recipient.address);
        opts.log.info('E-mail digest sent', { day: p.day, recipient: p.recipient.address, reviews: claimed.reviews });
      }
    }
  } finally {
    transport.close();
  }
  const extra = { sent, failed };
  if (failed.length && sent.length)
    return result('partly-failed', `Sent to ${list(sent)}; failed for ${failed.map((f) => `${f.recipient}: ${f.error}`).join(' ')}`, extra);
  if (failed.length) return result('failed', `Failed: ${failed.map((f) => `${f.recipient}: ${f.error}`).join(' ')}`, extra);
  if (sent.length) return result('sent', `Sent today's digest to ${list(sent)}.`, extra);
  return result(lost ? 'in-progress' : 'already-sent', "Today's digest is being sent by another process.", extra);
}

/** One address in `to`, or an INVALID_INPUT error naming the field. */
function testAddress(to: string): string {
  const parsed = Email.safeParse(to);
  const problem = !parsed.success
    ? (parsed.error.issues[0]?.message ?? 'Write an address like lead@example.com.')
    : /[,;<>()"[\]:\\]/.test(to)
      ? 'Write exactly one address, like lead@example.com (no commas, names or brackets).'
      : null;
  if (problem || !parsed.success)
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, `to: "${to}" is not one e-mail address. ${problem}`, { issues: [{ path: 'to', message: problem! }] });
  return parsed.data;
}

/** Sends today's digest content now as a test (kind 'test', never blocks the daily one) to `to` or the lead addresses; answers in words. Errors are answers (sent: false), not throws, except bad input. */
export async function sendTestMessage(
  context: HandlerContext,
  opts: { to?: string; password: string | null; now: Date; transportOptions?: TransportOptions },
): Promise<{ sent: boolean; recipients: string[]; message: string }> {
  const ctx = at(context, opts.now);
  const to = opts.to?.trim() ? testAddress(opts.to.trim()) : undefined;
  const s = getSettings(ctx);
  const problems = emailDigestProblems({ ...s, emailDigest: true, digestRecipients: to ? 'owners' : 'lead' });
  if (problems.length)
    return { sent: false, recipients: [], message: problems.map((p) => p.message.replace(' before turning the e-mail digest on', ' first')).join(' ') };
  if (s.smtpUser && !opts.password) return { sent: false, recipients: [], message: `Store the SMTP password for ${s.smtpUser} first.` };
  const recipients = to ? [to] : [...new Set(s.digestLeadEmails.map((a) => a.toLowerCase()))];
  const w = writerOf(ctx);
  const day = localDate(opts.now, s.timeZone);
  const digest = reminderDigest(ctx);
  const transport = createSmtpTransport(s, opts.password, opts.transportOptions);
  const sent: string[] = [];
  const errors: string[] = [];
  try {
    for (const address of recipients) {
      const { model, mail } = messageFor(ctx, s, { address, digest, role: 'lead', quiet: null }, opts.now, true);
      const row = (await recorded(() => claimDelivery(w, { day, recipient: address, kind: 'test', reviews: reviewCount(model) })))!;
      const outcome = await deliver(transport, mail, s, opts.password);
      if ('error' in outcome) {
        await recorded(() => markFailed(w, row, outcome.error, opts.now));
        errors.push(`${address}: ${outcome.error}`);
      } else {
        await recorded(() => markSent(w, row, outcome.messageId));
        sent.push(address);
      }
    }
  } finally {
    transport.close();
  }
  const message = errors.length
    ? `${sent.length ? `Sent to ${list(sent)}. ` : ''}Not sent to ${errors.join(' ')}`
    : `Test message sent to ${list(sent)}. It holds today's digest; the daily digest still goes out as usual.`;
  return { sent: errors.length === 0, recipients: sent, message };
}
