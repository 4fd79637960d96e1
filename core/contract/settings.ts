/** Workspace settings: how old an owner verification may be, the review calendar's zone, reminders and quiet hours. */
import { z } from 'zod';
import { isValidTimeZone } from '../domain/cadence';
import { DIGEST_RECIPIENTS, SMTP_SECURITY, isSmtpHost } from '../domain/reminders';
import { Email } from './fields';

const Clock = (label: string) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `${label} must be a time such as 09:00 (24-hour clock).` });

const SettingsFields = z.object({
  verificationMaxAgeDays: z
    .number({ error: 'Verification age must be a number of days.' })
    .int({ error: 'Verification age must be a whole number of days.' })
    .min(1, { error: 'Verification age must be at least 1 day.' })
    .max(3650, { error: 'Verification age must be at most 3650 days.' }),
  /** The rollback plan counts as current only with a backup at most this old (days). */
  maxBackupAgeDays: z
    .number({ error: 'Backup age must be a number of days.' })
    .int({ error: 'Backup age must be a whole number of days.' })
    .min(1, { error: 'Backup age must be at least 1 day.' })
    .max(365, { error: 'Backup age must be at most 365 days.' }),
  /** … and with a passed restore rehearsal at most this old (days). */
  maxRehearsalAgeDays: z
    .number({ error: 'Rehearsal age must be a number of days.' })
    .int({ error: 'Rehearsal age must be a whole number of days.' })
    .min(1, { error: 'Rehearsal age must be at least 1 day.' })
    .max(3650, { error: 'Rehearsal age must be at most 3650 days.' }),
  /** IANA zone whose calendar days reviews are due on, e.g. Europe/London. */
  timeZone: z.string().refine(isValidTimeZone, { error: 'Time zone must be an IANA zone such as Europe/London or America/New_York.' }),
  /** When on its due day a review is announced (desktop reminder, calendar alarm). */
  reminderTime: Clock('Reminder time'),
  /** No desktop notification between these times (the badge still updates); null = none. */
  quietHoursStart: Clock('Quiet hours start').nullable(),
  quietHoursEnd: Clock('Quiet hours end').nullable(),
  desktopNotifications: z.boolean(),
  /** Imported activity has emails, phone numbers, card numbers and secrets masked before it is stored. */
  maskActivityOnImport: z.boolean(),
  /** The person using this workspace, for the "Mine" filter. */
  mePersonId: z.string().min(1).max(64).nullable(),
  /** A backup of the workspace is written to its backups folder once a day while the app runs. */
  backupAutomatic: z.boolean({ error: 'Automatic backups must be on or off.' }),
  /** Automatic backups kept: the newest of each of this many last days… */
  backupKeepDaily: z
    .number({ error: 'Daily backups kept must be a number of days.' })
    .int({ error: 'Daily backups kept must be a whole number of days.' })
    .min(1, { error: 'Keep the daily backups of at least 1 day.' })
    .max(365, { error: 'Keep the daily backups of at most 365 days.' }),
  /** … and the newest of each of this many last weeks (0: none beyond the daily ones). */
  backupKeepWeekly: z
    .number({ error: 'Weekly backups kept must be a number of weeks.' })
    .int({ error: 'Weekly backups kept must be a whole number of weeks.' })
    .min(0, { error: 'Weekly backups kept cannot be negative (0 keeps none beyond the daily ones).' })
    .max(520, { error: 'Keep the weekly backups of at most 520 weeks.' }),
  /** The e-mail digest of due and overdue reviews (core/domain/reminders.ts says what it needs when on). */
  emailDigest: z.boolean({ error: 'E-mail digest must be on or off.' }),
  /** SMTP server: host name or IP address; null until set. */
  smtpHost: z
    .string()
    .trim()
    .max(253, { error: 'SMTP server is too long.' })
    .refine(isSmtpHost, { error: 'SMTP server must be a host name such as smtp.example.com or an IP address, without scheme or port.' })
    .nullable(),
  smtpPort: z
    .number({ error: 'SMTP port must be a number.' })
    .int({ error: 'SMTP port must be a whole number.' })
    .min(1, { error: 'SMTP port must be between 1 and 65535 (usually 587, or 465 for TLS).' })
    .max(65535, { error: 'SMTP port must be between 1 and 65535 (usually 587, or 465 for TLS).' }),
  /** 'starttls': plain connection upgraded, required (port 587); 'tls': TLS from the start (465); 'none': unencrypted (a relay on this network only). */
  smtpSecurity: z.enum(SMTP_SECURITY, { error: 'SMTP security must be STARTTLS, TLS or none.' }),
  /** SMTP user name; null: the server takes mail without signing in. The password is kept on each device, never here. */
  smtpUser: z
    .string()
    .trim()
    .min(1, { error: 'SMTP user is empty: clear it for a server without sign-in.' })
    .max(254, { error: 'SMTP user is too long.' })
    .nullable(),
  /** The sender address of the digest. */
  emailFrom: Email.nullable(),
  /** 'lead': one digest of everything to `digestLeadEmails`; 'owners': each owner whose channel is e-mail gets their own, the rest goes to the lead addresses. */
  digestRecipients: z.enum(DIGEST_RECIPIENTS, { error: 'Recipients must be the lead or each owner.' }),
  digestLeadEmails: z.array(Email).max(20, { error: 'At most 20 lead addresses.' }),
  /** When the digest goes out on its days (workspace time zone). */
  digestTime: Clock('Digest time'),
  /** ISO weekdays (1 Monday … 7 Sunday) the digest goes out on. */
  digestWeekdays: z
    .array(z.number().int().min(1).max(7), { error: 'Weekdays must be days 1 (Monday) to 7 (Sunday).' })
    .min(1, { error: 'Choose at least one weekday for the digest.' })
    .max(7)
    .refine((d) => new Set(d).size === d.length, { error: 'Each weekday once only.' })
    .transform((d) => [...d].sort((a, b) => a - b)),
  /** A review overdue more than this many days names the site's incident escalation owner in the digest. */
  escalateAfterDays: z
    .number({ error: 'Escalation must be a number of days.' })
    .int({ error: 'Escalation must be a whole number of days.' })
    .min(1, { error: 'Escalate after at least 1 day.' })
    .max(365, { error: 'Escalate after at most 365 days.' }),
});

function quietHoursBoth(v: { quietHoursStart?: string | null | undefined; quietHoursEnd?: string | null | undefined }, ctx: z.RefinementCtx) {
  if (v.quietHoursStart === undefined && v.quietHoursEnd === undefined) return;
  if (Boolean(v.quietHoursStart) !== Boolean(v.quietHoursEnd)) {
    ctx.addIssue({
      code: 'custom',
      path: [v.quietHoursStart ? 'quietHoursEnd' : 'quietHoursStart'],
      message: 'Set both the start and the end of quiet hours, or neither.',
    });
  } else if (v.quietHoursStart && v.quietHoursStart === v.quietHoursEnd) {
    ctx.addIssue({ code: 'custom', path: ['quietHoursEnd'], message: 'Quiet hours must end at another time than they start.' });
  }
}

export const Settings = SettingsFields;
export type Settings = z.infer<typeof Settings>;
/** An update names only the settings it changes. */
export const SettingsUpdate = SettingsFields.partial().superRefine(quietHoursBoth);

export const settingsContract = {
  'settings.get': { input: z.object({}).default({}), output: Settings },
  'settings.update': { input: SettingsUpdate, output: Settings },
} as const;
