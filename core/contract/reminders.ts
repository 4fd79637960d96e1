/**
 * `reminders.*`: how reviews reach the lead when the window is closed. The app stays resident in the
 * tray (menu bar on macOS) with the due/overdue count, can start at login hidden, sends an e-mail
 * digest once a day, and can keep a live calendar file current.
 *
 * What belongs to the workspace (SMTP server, sender, recipients, time and weekdays, escalation days)
 * is in the workspace settings (`settings.*`, core/contract/settings.ts) and each person's channel and
 * quiet hours on the person (`people.*`). What belongs to this device is here: start at login, the
 * pause for today, the live calendar's path and the SMTP password, which is kept in the operating
 * system's credential store (Electron's safeStorage) and never in the workspace. Deliveries of the
 * digest are recorded in the workspace (`reminder_deliveries`), so a restart, or the command line
 * (`rollout-workbench reminders --email`) on the same workspace file, never sends a day's digest twice
 * (a copy of the file, such as a restored backup, does not know the deliveries made after it).
 */
import { z } from 'zod';
import { Timestamp } from './fields';

export const DELIVERY_STATUSES = [
  /** Claimed and handed to the SMTP server; a delivery left here (the app stopped mid-send) is never sent again on its own. */
  'sending',
  'sent',
  /** The last attempt failed (`error`); retried at `nextAttemptAt` on the same day. */
  'failed',
  /** Failed on every attempt of its day; the next day's digest covers what is still due. */
  'gave-up',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const Delivery = z.object({
  id: z.string(),
  /** The day (workspace time zone) the digest is for. */
  day: z.string(),
  /** Who it went to (one address; a lead digest to several addresses is one delivery per address). */
  recipient: z.string(),
  /** 'digest' (the daily one) or 'test' (sent from Settings). */
  kind: z.enum(['digest', 'test']),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  /** The last failure in plain words, without the password. */
  error: z.string().nullable(),
  nextAttemptAt: Timestamp.nullable(),
  /** Reviews the message listed. */
  reviews: z.number().int(),
  sentAt: Timestamp.nullable(),
  updatedAt: Timestamp,
});
export type Delivery = z.infer<typeof Delivery>;

/** Where the SMTP password is kept on this device. */
export const CREDENTIAL_STORES = [
  /** The operating system's credential store (Keychain, DPAPI, libsecret/kwallet) through safeStorage. */
  'os',
  /** Only in memory for this run (the web harness, or a Linux desktop without a secret service): typed again after a restart. */
  'memory',
] as const;

export const ReminderState = z.object({
  /** Reviews overdue and due today in the open workspace (the tray shows these). */
  overdue: z.number().int(),
  due: z.number().int(),
  /** Reminders (desktop notifications and the e-mail digest of this device) paused until the end of this day. */
  pausedToday: z.boolean(),
  /** Start at login, hidden in the tray. `supported` false where the program cannot (the web harness). */
  startAtLogin: z.object({ supported: z.boolean(), on: z.boolean() }),
  /** Whether closing the window keeps the app running in the tray (the desktop app). */
  resident: z.boolean(),
  liveCalendar: z.object({
    /** The .ics file kept current on this device for this workspace; null: none. */
    path: z.string().nullable(),
    lastWrittenAt: Timestamp.nullable(),
    /** Why the last rewrite failed, in words; null when it worked. */
    error: z.string().nullable(),
    /** Whether this program can show a save dialog (desktop) or takes a typed path (web harness). */
    canChoose: z.boolean(),
  }),
  email: z.object({
    /** The SMTP password is stored on this device for this workspace's server and user. */
    passwordStored: z.boolean(),
    credentialStore: z.enum(CREDENTIAL_STORES),
    /** When this device next sends (or retries) the digest; null when off or nothing is set up. */
    nextSendAt: Timestamp.nullable(),
    /** Deliveries of the last 14 days, newest first. */
    deliveries: z.array(Delivery),
    /** The newest failed delivery not yet followed by a sent one, for the warning in the app. */
    failing: Delivery.nullable(),
    /** Why the digest cannot go out from this device although it is on (no password stored here, the settings incomplete), in words; null when nothing stands in its way. */
    problem: z.string().nullable(),
  }),
  lastCheckAt: Timestamp.nullable(),
});
export type ReminderState = z.infer<typeof ReminderState>;

const NoInput = z.object({}).strict();

export const SmtpPassword = z
  .string({ error: 'Password is required.' })
  .min(1, { error: 'Type the SMTP password, or use Remove to forget it.' })
  .max(1024, { error: 'The password is too long (at most 1024 characters).' });

export const LiveCalendarInput = z.union([
  z.object({ choose: z.literal(true) }).strict(),
  z
    .object({
      path: z.string().trim().max(4096, { error: 'The path is too long.' }).nullable(),
    })
    .strict(),
]);

export const remindersContract = {
  'reminders.state': { input: NoInput, output: ReminderState },
  /** Checks now: desktop notification, tray count, live calendar and a digest that is due (the tray's "Check now"). */
  'reminders.checkNow': { input: NoInput, output: ReminderState },
  /** Pauses desktop notifications and this device's digest until the end of today, or ends the pause. */
  'reminders.pauseToday': { input: z.object({ paused: z.boolean({ error: 'Paused must be on or off.' }) }).strict(), output: ReminderState },
  'reminders.setStartAtLogin': { input: z.object({ on: z.boolean({ error: 'Start at login must be on or off.' }) }).strict(), output: ReminderState },
  /** Sets (a path, or `choose` for main's save dialog) or clears (null) the live calendar file; written at once. */
  'reminders.setLiveCalendar': { input: LiveCalendarInput, output: ReminderState },
  /** Stores the SMTP password on this device (credential store), never in the workspace. */
  'reminders.setSmtpPassword': { input: z.object({ password: SmtpPassword }).strict(), output: ReminderState },
  'reminders.clearSmtpPassword': { input: NoInput, output: ReminderState },
  /** Sends a test message to `to` (or the digest's lead recipients) now, with today's digest in it; answers what happened. */
  'reminders.sendTest': {
    input: z.object({ to: z.string().trim().max(254).optional() }).strict(),
    output: z.object({ sent: z.boolean(), recipients: z.array(z.string()), message: z.string(), state: ReminderState }),
  },
} as const;
