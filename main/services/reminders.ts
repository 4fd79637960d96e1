/**
 * The `reminders.*` channels: each asks the program's resident reminder loop (main/reminders/resident.ts),
 * which the desktop app and the web harness hold (ctx.host.reminders). The workspace's digest settings
 * are `settings.*`; these channels are this device's part: start at login, the pause for today, the live
 * calendar, the SMTP password (the credential store) and a test message. Without such a program (the
 * command line, bare tests) they refuse, saying where reminders run.
 */
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { ParsedInputOf } from '@core/contract/index';
import type { HandlerContext, RemindersPort } from '../rpc/context';

function remindersOf(ctx: HandlerContext): RemindersPort {
  const r = ctx.host?.reminders;
  if (!r)
    throw new WorkbenchError(
      ErrorCode.REFUSED,
      'Reminders run in the desktop app. From the command line, use `rollout-workbench reminders` (add --email to send the digest).',
    );
  return r;
}

export const reminderState = (ctx: HandlerContext) => remindersOf(ctx).state();
export const checkRemindersNow = (ctx: HandlerContext) => remindersOf(ctx).checkNow();
export const pauseRemindersToday = (ctx: HandlerContext, input: ParsedInputOf<'reminders.pauseToday'>) => remindersOf(ctx).pauseToday(input.paused);
export const setStartAtLogin = (ctx: HandlerContext, input: ParsedInputOf<'reminders.setStartAtLogin'>) => remindersOf(ctx).setStartAtLogin(input.on);
export const setLiveCalendar = (ctx: HandlerContext, input: ParsedInputOf<'reminders.setLiveCalendar'>) => remindersOf(ctx).setLiveCalendar(input);
export const setSmtpPassword = (ctx: HandlerContext, input: ParsedInputOf<'reminders.setSmtpPassword'>) => remindersOf(ctx).setSmtpPassword(input.password);
export const clearSmtpPassword = (ctx: HandlerContext) => remindersOf(ctx).clearSmtpPassword();
export const sendTestDigest = (ctx: HandlerContext, input: ParsedInputOf<'reminders.sendTest'>) => remindersOf(ctx).sendTest(input.to || undefined);
