import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { Settings } from '@core/contract/settings';
import { isValidTimeZone } from '@core/domain/cadence';
import { emailDigestProblems } from '@core/domain/reminders';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { workspaceMeta } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { requirePerson } from './records';
import { identityPersonId, writeDeviceIdentity } from './identity';

let machineZone: string | undefined;

/** The machine's zone: the default until the workspace names one. Read once per process (a zone change applies at the next start). */
export function machineTimeZone(): string {
  if (machineZone === undefined) {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    machineZone = tz && isValidTimeZone(tz) ? tz : 'UTC';
  }
  return machineZone;
}

const DEFAULTS = (): Settings => ({
  verificationMaxAgeDays: 90,
  maxBackupAgeDays: 7,
  maxRehearsalAgeDays: 180,
  timeZone: machineTimeZone(),
  reminderTime: '09:00',
  quietHoursStart: null,
  quietHoursEnd: null,
  desktopNotifications: true,
  maskActivityOnImport: true,
  mePersonId: null,
  backupAutomatic: true,
  backupKeepDaily: 14,
  backupKeepWeekly: 8,
  emailDigest: false,
  smtpHost: null,
  smtpPort: 587,
  smtpSecurity: 'starttls',
  smtpUser: null,
  emailFrom: null,
  digestRecipients: 'lead',
  digestLeadEmails: [],
  digestTime: '08:00',
  digestWeekdays: [1, 2, 3, 4, 5],
  escalateAfterDays: 3,
});

const LABELS: Record<keyof Settings, string> = {
  verificationMaxAgeDays: 'Owner verifications count for (days)',
  maxBackupAgeDays: 'A backup counts for (days)',
  maxRehearsalAgeDays: 'A passed rehearsal counts for (days)',
  timeZone: 'Time zone',
  reminderTime: 'Reminder time',
  quietHoursStart: 'Quiet hours start',
  quietHoursEnd: 'Quiet hours end',
  desktopNotifications: 'Desktop notifications',
  maskActivityOnImport: 'Mask personal data and secrets in imported activity',
  mePersonId: 'You are',
  backupAutomatic: 'Automatic daily backups',
  backupKeepDaily: 'Daily backups kept (days)',
  backupKeepWeekly: 'Weekly backups kept (weeks)',
  emailDigest: 'E-mail digest',
  smtpHost: 'SMTP server',
  smtpPort: 'SMTP port',
  smtpSecurity: 'SMTP security',
  smtpUser: 'SMTP user',
  emailFrom: 'Sender',
  digestRecipients: 'Digest recipients',
  digestLeadEmails: 'Lead addresses',
  digestTime: 'Digest time',
  digestWeekdays: 'Digest weekdays',
  escalateAfterDays: 'Escalate overdue reviews after (days)',
};

/**
 * Each setting is one row of workspace_meta, its value JSON-encoded (one editable fact per row), except
 * "You are": that is who acts on this device (main/services/identity.ts), so the Reviews "Mine" filter
 * and the actor of every change are one choice.
 */
export function getSettings(ctx: Pick<HandlerContext, 'db'> & Partial<Pick<HandlerContext, 'device' | 'identity'>>): Settings {
  const rows = ctx.db.all<{ key: string; value: string }>(
    sql`SELECT key, value FROM workspace_meta WHERE key LIKE 'setting.%' OR key = 'verificationMaxAgeDays'`,
  );
  const out = DEFAULTS();
  for (const r of rows) {
    const key = (r.key === 'verificationMaxAgeDays' ? r.key : r.key.slice('setting.'.length)) as keyof Settings;
    if (!(key in out)) continue;
    try {
      (out as Record<string, unknown>)[key] = key === 'verificationMaxAgeDays' ? Number(r.value) : JSON.parse(r.value);
    } catch {
      // A value this version cannot read keeps its default.
    }
  }
  if (!isValidTimeZone(out.timeZone)) out.timeZone = machineTimeZone();
  out.mePersonId = ctx.device === undefined ? null : identityPersonId({ db: ctx.db, device: ctx.device, identity: ctx.identity });
  return out;
}

const show = (v: unknown) =>
  v === null ? 'none' : typeof v === 'boolean' ? (v ? 'on' : 'off') : Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : String(v);

/** Settings and document branding are logged under this entity, with their old and new values. */
export const SETTINGS_ENTITY_ID = 'settings';

export function updateSettings(ctx: WriteContext, input: ParsedInputOf<'settings.update'>): Settings {
  if (input.mePersonId) requirePerson(ctx, input.mePersonId);
  if (input.mePersonId !== undefined && input.mePersonId !== getSettings(ctx).mePersonId) {
    // "You are" is this device's identity: kept and recorded there, in the same transaction as the rest.
    const personId = input.mePersonId;
    const rest = { ...input, mePersonId: undefined };
    mutate(ctx, 'settings', (tx, at) => {
      writeDeviceIdentity(tx, ctx, at, personId);
      updateSettings(ctx, rest);
      return { id: SETTINGS_ENTITY_ID };
    });
    return getSettings(ctx);
  }
  // Lists (lead addresses, weekdays) compare by content.
  const changedFrom = (current: Settings) =>
    (Object.keys(input) as (keyof Settings)[]).filter((k) => input[k] !== undefined && JSON.stringify(input[k]) !== JSON.stringify(current[k]));
  const current = getSettings(ctx);
  if (changedFrom(current).length === 0) return current;
  // The e-mail digest is checked whole, as it will be: a partial update cannot leave it on without a server.
  const problems = emailDigestProblems({ ...current, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) });
  if (problems.length) throw new WorkbenchError(ErrorCode.INVALID_INPUT, problems[0]!.message, { issues: problems });
  mutate(ctx, 'settings', (tx, at) => {
    // Read again inside the write transaction, so the old values logged are the ones replaced.
    const before = getSettings(ctx);
    const changed = changedFrom(before);
    if (changed.length === 0) return { id: SETTINGS_ENTITY_ID };
    for (const key of changed) {
      const value = key === 'verificationMaxAgeDays' ? String(input[key]) : JSON.stringify(input[key]);
      const metaKey = key === 'verificationMaxAgeDays' ? key : `setting.${key}`;
      tx.insert(workspaceMeta)
        .values({ key: metaKey, value, updatedAt: at })
        .onConflictDoUpdate({ target: workspaceMeta.key, set: { value, updatedAt: at } })
        .run();
    }
    recordChange(tx, ctx, at, {
      entity: 'settings',
      entityId: SETTINGS_ENTITY_ID,
      action: 'settings',
      summary: `Settings changed: ${changed
        .map((k) =>
          k === 'verificationMaxAgeDays'
            ? `owner verifications now count for ${input[k]} days (was ${before[k]})`
            : `${LABELS[k]} ${show(input[k])} (was ${show(before[k])})`,
        )
        .join('; ')}`,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, input[k]])),
    });
    return { id: SETTINGS_ENTITY_ID };
  });
  return getSettings(ctx);
}
