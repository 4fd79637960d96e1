/** `rollout-workbench reminders --email` end to end: the workspace's SMTP settings, the password from the environment, a loopback SMTP server. */
import { describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { writerOf } from '@main/rpc/context';
import { claimDelivery, INTERRUPTED } from '@main/services/reminders-deliveries';
import { deliveries, digestWorld } from './reminders-email-fixture';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const auth = { user: 'digest-user', password: 'cli-Passw0rd' };
const ENV = { ROLLOUT_WORKBENCH_SMTP_PASSWORD: auth.password };

describe('rollout-workbench reminders --email', () => {
  it('sends the digest with the password from the environment, once a day however often cron runs it', async () => {
    const w = await digestWorld({ smtp: { auth }, settings: { smtpUser: auth.user } });
    const a = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], a.io, ENV, w.ws.clock)).toBe(0);
    expect(a.out).toEqual(['Sent: lead@agency.test', "Sent today's digest to lead@agency.test."]);
    expect(a.err).toEqual([]);
    expect(w.smtp.messages).toHaveLength(1);
    expect(w.smtp.messages[0]!.parsed.text).toContain('Reviews on 2026-03-06 (Europe/London): 2 overdue, 1 due today');
    w.ws.clock.advance(15 * 60_000);
    const b = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], b.io, ENV, w.ws.clock)).toBe(0);
    expect(b.out).toEqual(["Today's digest was already sent (1 recipient).", 'Next attempt or digest: 2026-03-09T08:00:00.000Z']);
    expect(w.smtp.messages).toHaveLength(1);
    const c = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email', '--json'], c.io, ENV, w.ws.clock)).toBe(0);
    expect(JSON.parse(c.out.join('\n'))).toMatchObject({ outcome: 'already-sent', sent: [], failed: [] });
  });

  it('honours the weekday and the time: nothing before 08:00 or on a Saturday (exit 0)', async () => {
    const w = await digestWorld();
    w.ws.clock.advance(-90 * 60_000); // 07:30
    const a = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], a.io, {}, w.ws.clock)).toBe(0);
    expect(a.out).toEqual(['The digest goes out at 08:00 (Europe/London).', 'Next attempt or digest: 2026-03-06T08:00:00.000Z']);
    w.ws.clock.advance(24 * 3_600_000);
    const b = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], b.io, {}, w.ws.clock)).toBe(0);
    expect(b.out[0]).toBe('2026-03-07 is not a digest day.');
    expect(w.smtp.connections()).toBe(0);
  });

  it('exit 1 when the server refuses, with the reason; exit 1 while the retry waits; the retry is sent by a later run', async () => {
    const w = await digestWorld({ smtp: { mode: { refuse: { at: 'rcpt', code: 451, text: 'Mailbox unavailable' } } } });
    const a = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], a.io, {}, w.ws.clock)).toBe(1);
    expect(a.err[0]).toBe('Failed: lead@agency.test: The SMTP server refused the recipient. The server answered 451: Mailbox unavailable.');
    expect(a.out).toEqual(['Next attempt or digest: 2026-03-06T09:05:00.000Z']);
    w.ws.clock.advance(2 * 60_000);
    const waiting = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], waiting.io, {}, w.ws.clock)).toBe(1);
    expect(waiting.err).toEqual([
      'Sending failed and is tried again later: lead@agency.test (The SMTP server refused the recipient. The server answered 451: Mailbox unavailable.).',
    ]);
    w.ws.clock.advance(-2 * 60_000);
    w.smtp.setMode('accept');
    w.ws.clock.advance(5 * 60_000);
    const b = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], b.io, {}, w.ws.clock)).toBe(0);
    expect(b.out[0]).toBe('Sent: lead@agency.test');
    expect(deliveries(w.ws)).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('exit 2 when the digest is off, incomplete, the password is missing, or the options do not fit', async () => {
    const w = await digestWorld({ smtp: { auth }, settings: { smtpUser: auth.user } });
    const cases: [string[], NodeJS.ProcessEnv, string][] = [
      [['--within', '7d'], ENV, '--email sends the daily digest of overdue and due-today reviews: drop --within (it only changes the printed digest).'],
      [['--owner', 'ann@agency.test'], ENV, '--email sends to the recipients set in Settings > E-mail digest: drop --owner.'],
      [['--owner', 'nobody@x.test'], ENV, '--email sends to the recipients set in Settings > E-mail digest: drop --owner.'],
      [
        [],
        {},
        'No SMTP password for digest-user at 127.0.0.1: store it in Settings > E-mail digest (the command line reads it from ROLLOUT_WORKBENCH_SMTP_PASSWORD).',
      ],
    ];
    for (const [args, env, message] of cases) {
      const c = capture();
      expect(await runCli(['reminders', '--workspace', w.ws.file, '--email', ...args], c.io, env, w.ws.clock)).toBe(2);
      expect(c.err).toEqual([message]);
    }
    await w.ws.call('settings.update', { emailDigest: false });
    const off = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], off.io, ENV, w.ws.clock)).toBe(2);
    expect(off.err).toEqual(['The e-mail digest is off (Settings > E-mail digest).']);
    await w.ws.call('settings.update', { digestLeadEmails: [] });
    // The settings channel refuses an incomplete digest; a workspace written by another program may still hold one.
    w.ws.session.workspace.sqlite.prepare("UPDATE workspace_meta SET value = 'true' WHERE key = 'setting.emailDigest'").run();
    const incomplete = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], incomplete.io, ENV, w.ws.clock)).toBe(2);
    expect(incomplete.err).toEqual(['The e-mail digest is not set up: Add at least one lead address, or send the digest to each owner.']);
    const ro = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email', '--read-only'], ro.io, ENV, w.ws.clock)).toBe(2);
    expect(ro.err[0]).toMatch(/^--email records each delivery in the workspace, which cannot be written/);
    expect(w.smtp.connections()).toBe(0);
  });

  it('prints the same lines as the e-mail text body (without its footer) for the same workspace and moment', async () => {
    const w = await digestWorld();
    const printed = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file], printed.io, {}, w.ws.clock)).toBe(1);
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], capture().io, {}, w.ws.clock)).toBe(0);
    const text = w.smtp.messages[0]!.parsed.text!.replace(/\r\n/g, '\n');
    expect(text.slice(0, text.indexOf('\n\n--\n')).split('\n')).toEqual(printed.out);
    expect(printed.out.length).toBeGreaterThan(5);
  });

  it('exit 1, never "already sent", when the day\'s digest was interrupted mid-send; it is not sent again', async () => {
    const w = await digestWorld();
    claimDelivery(writerOf(w.ws.session.ctx), { day: '2026-03-06', recipient: 'lead@agency.test', kind: 'digest', reviews: 3 });
    w.ws.clock.advance(16 * 60_000);
    const a = capture();
    expect(await runCli(['reminders', '--workspace', w.ws.file, '--email'], a.io, {}, w.ws.clock)).toBe(1);
    expect(a.err).toEqual([`The digest was not delivered and is not sent again: lead@agency.test (2026-03-06): ${INTERRUPTED}`]);
    expect(a.out.join('\n')).not.toMatch(/already sent/);
    expect(w.smtp.connections()).toBe(0);
  });
});
