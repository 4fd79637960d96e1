/**
 * `rollout-workbench reminders`: the digest printed (grouped by owner, the same lines as the e-mail's
 * text body), or with `--email` sent by e-mail as the app sends it (main/reminders/email/): the SMTP
 * settings from the workspace, the password from ROLLOUT_WORKBENCH_SMTP_PASSWORD, the digest weekdays
 * and time honoured and each day's digest sent at most once per address, so cron may run it every
 * 15 minutes. Exit codes with --email: 0 sent or nothing to send now, 1 a failure stands (a send
 * failed, waits for its retry, or was given up: refused for good or interrupted, never sent again),
 * 2 the digest is off or not set up, the password is missing, or the options do not fit (checked
 * before anything else, `--owner` included).
 */
import { SMTP_PASSWORD_ENV } from '@core/domain/reminders';
import { readOnlyReasonOf } from '@db/client';
import { UsageError, type CliIo } from './cli/common';
import { digestModel, formatDigest, reminderDigest } from './reminders/digest';
import { runEmailDigest, type EmailRunOutcome } from './reminders/email/index';
import type { Session } from './session';

export interface RemindersFlags {
  json?: boolean;
  email?: boolean;
  within?: string;
  owner?: string;
}

const EXIT: Record<EmailRunOutcome, number> = {
  off: 2,
  'not-configured': 2,
  'no-password': 2,
  'not-a-digest-day': 0,
  'before-time': 0,
  'nothing-due': 0,
  'already-sent': 0,
  'in-progress': 0,
  'given-up': 1,
  'waiting-retry': 1,
  sent: 0,
  'partly-failed': 1,
  failed: 1,
};

export async function runReminders(
  session: Session,
  flags: RemindersFlags,
  io: CliIo,
  env: NodeJS.ProcessEnv,
  withinDays: number,
  ownerId?: string,
): Promise<number> {
  if (!flags.email) {
    const digest = reminderDigest(session.ctx, { withinDays, ownerId });
    if (flags.json) io.out(JSON.stringify(digest, null, 2));
    else for (const line of formatDigest(digestModel(session.ctx, digest))) io.out(line);
    return digest.overdue.length > 0 ? 1 : 0;
  }
  if (flags.within !== undefined)
    throw new UsageError('--email sends the daily digest of overdue and due-today reviews: drop --within (it only changes the printed digest).');
  if (flags.owner !== undefined) throw new UsageError('--email sends to the recipients set in Settings > E-mail digest: drop --owner.');
  const readOnly = readOnlyReasonOf(session.ctx.db);
  if (readOnly) throw new UsageError(`--email records each delivery in the workspace, which cannot be written (${readOnly}).`);
  const now = session.ctx.clock.now();
  const r = await runEmailDigest(session.ctx, { now, password: env[SMTP_PASSWORD_ENV] || null, log: session.ctx.log });
  if (flags.json) {
    io.out(JSON.stringify(r, null, 2));
    return EXIT[r.outcome];
  }
  for (const a of r.sent) io.out(`Sent: ${a}`);
  for (const f of r.failed) io.err(`Failed: ${f.recipient}: ${f.error}`);
  (EXIT[r.outcome] === 0 ? io.out : io.err)(r.message);
  if (r.nextSendAt && r.outcome !== 'sent') io.out(`Next attempt or digest: ${r.nextSendAt}`);
  return EXIT[r.outcome];
}
