/**
 * The reminder vocabulary the contract, the services, the e-mail digest and the pages share: how a
 * person wants to hear about their reviews, how the digest is addressed and secured, and what a
 * workspace's digest settings need before the digest can be on.
 */
import type { FieldIssue } from '../errors';

/**
 * How a person hears about the reviews they own:
 * - 'desktop': the desktop notification of the app (default);
 * - 'email': their own e-mail digest (when the digest goes to each owner), and no desktop notification;
 * - 'none': no reminder of their own; their reviews still count in the tray and in the lead's digest.
 */
export const REMINDER_CHANNELS = ['desktop', 'email', 'none'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
export const REMINDER_CHANNEL_LABEL: Record<ReminderChannel, string> = {
  desktop: 'Desktop notification',
  email: 'E-mail digest',
  none: 'No reminders',
};

export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];
export const SMTP_SECURITY_LABEL: Record<SmtpSecurity, string> = {
  starttls: 'STARTTLS (usually port 587)',
  tls: 'TLS from the start (usually port 465)',
  none: 'None (a relay on this network only)',
};

export const DIGEST_RECIPIENTS = ['lead', 'owners'] as const;
export type DigestRecipients = (typeof DIGEST_RECIPIENTS)[number];

export const WEEKDAY_LABEL: Record<number, string> = { 1: 'Mon', 2: 'Tue', 3: 'Wed', 4: 'Thu', 5: 'Fri', 6: 'Sat', 7: 'Sun' };

/** The workspace settings of the e-mail digest (core/contract/settings.ts), in the order Settings shows them. */
export const EMAIL_DIGEST_SETTINGS = [
  'emailDigest',
  'smtpHost',
  'smtpPort',
  'smtpSecurity',
  'smtpUser',
  'emailFrom',
  'digestRecipients',
  'digestLeadEmails',
  'digestTime',
  'digestWeekdays',
  'escalateAfterDays',
] as const;

/** The environment variable the command line reads the SMTP password from (`reminders --email`). */
export const SMTP_PASSWORD_ENV = 'ROLLOUT_WORKBENCH_SMTP_PASSWORD';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** A host name (labels of letters, digits and hyphens), an IPv4 address, or an IPv6 address in brackets or bare. */
export function isSmtpHost(v: string): boolean {
  if (v.length === 0 || v.length > 253) return false;
  if (/^\[?[0-9a-f:.]+\]?$/i.test(v) && v.includes(':')) return true;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return v.split('.').every((n) => Number(n) <= 255);
  return v.split('.').every((l) => LABEL.test(l));
}

export interface DigestSettings {
  emailDigest: boolean;
  smtpHost: string | null;
  emailFrom: string | null;
  digestRecipients: DigestRecipients;
  digestLeadEmails: string[];
}

/** What the digest still needs before it can be on; empty when it is off or complete. Each names its field. */
export function emailDigestProblems(s: DigestSettings): FieldIssue[] {
  if (!s.emailDigest) return [];
  const issues: FieldIssue[] = [];
  if (!s.smtpHost) issues.push({ path: 'smtpHost', message: 'Set the SMTP server before turning the e-mail digest on.' });
  if (!s.emailFrom) issues.push({ path: 'emailFrom', message: 'Set the sender address before turning the e-mail digest on.' });
  if (s.digestRecipients === 'lead' && s.digestLeadEmails.length === 0)
    issues.push({ path: 'digestLeadEmails', message: 'Add at least one lead address, or send the digest to each owner.' });
  return issues;
}

/** Whether `hm` (HH:mm) falls in a person's quiet hours [start, end), which may wrap midnight. */
export function inQuietWindow(hm: string, start: string | null, end: string | null): boolean {
  if (!start || !end || start === end) return false;
  return start < end ? hm >= start && hm < end : hm >= start || hm < end;
}
