/** The e-mail digest when the SMTP server refuses, hangs, wants a password or TLS, and when the app stops mid-send. */
import { describe, expect, it } from 'vitest';
import { claimDelivery, INTERRUPTED } from '@main/services/reminders-deliveries';
import { recentDeliveries, smtpPasswordKey } from '@main/reminders/email/index';
import { writerOf } from '@main/rpc/context';
import { deliveries, digestWorld, tableText } from './reminders-email-fixture';

const MIN = 60_000;

describe('the e-mail digest: a server that refuses', () => {
  it('450 on RCPT: failed in words, not tried before the backoff, then sent once when the server accepts', async () => {
    const w = await digestWorld({ smtp: { mode: { refuse: { at: 'rcpt', code: 450, text: 'Mailbox busy' } } } });
    const r = await w.run();
    expect(r.outcome).toBe('failed');
    expect(r.failed).toEqual([{ recipient: 'lead@agency.test', error: 'The SMTP server refused the recipient. The server answered 450: Mailbox busy.' }]);
    expect(r.nextSendAt).toBe('2026-03-06T09:05:00.000Z');
    expect(deliveries(w.ws)).toMatchObject([{ status: 'failed', attempts: 1, nextAttemptAt: '2026-03-06T09:05:00.000Z', error: r.failed[0]!.error }]);
    expect(recentDeliveries(w.ws.session.ctx, w.ws.clock.now()).failing).toMatchObject({ recipient: 'lead@agency.test', status: 'failed' });
    const connections = w.smtp.connections();
    w.ws.clock.advance(4 * MIN);
    expect(await w.run()).toMatchObject({ outcome: 'waiting-retry', sent: [], failed: [], message: expect.stringContaining('Mailbox busy') });
    expect(w.smtp.connections()).toBe(connections);
    w.smtp.setMode('accept');
    w.ws.clock.advance(MIN);
    expect(await w.run()).toMatchObject({ outcome: 'sent', sent: ['lead@agency.test'] });
    expect(await w.run()).toMatchObject({ outcome: 'already-sent' });
    expect(w.smtp.messages).toHaveLength(1);
    expect(deliveries(w.ws)).toMatchObject([{ status: 'sent', attempts: 2, error: null, nextAttemptAt: null }]);
    expect(recentDeliveries(w.ws.session.ctx, w.ws.clock.now()).failing).toBeNull();
  });

  it('421 on MAIL FROM twice: the second retry waits 15 minutes; a failure of an earlier day is given up and the new day sends', async () => {
    const w = await digestWorld({ smtp: { mode: { refuse: { at: 'mail', code: 421, text: 'Try again later' } } } });
    const first = await w.run();
    expect(first.failed[0]!.error).toBe('The SMTP server refused the sender address. The server answered 421: Try again later.');
    w.ws.clock.advance(5 * MIN);
    expect((await w.run()).outcome).toBe('failed');
    expect(deliveries(w.ws)).toMatchObject([{ status: 'failed', attempts: 2, nextAttemptAt: '2026-03-06T09:20:00.000Z' }]);
    w.smtp.setMode('accept');
    w.ws.clock.advance(3 * 24 * 60 * MIN); // Monday 9 March, 09:05
    expect(await w.run()).toMatchObject({ outcome: 'sent', sent: ['lead@agency.test'] });
    expect(deliveries(w.ws)).toMatchObject([
      { day: '2026-03-06', status: 'gave-up', error: first.failed[0]!.error },
      { day: '2026-03-09', status: 'sent', attempts: 1 },
    ]);
    expect(w.smtp.messages.map((m) => m.parsed.subject)).toEqual(['Reviews: 3 overdue (ws)']);
  });

  it('a server that never answers: a timeout in words', async () => {
    const w = await digestWorld({ smtp: { mode: 'hang' } });
    const r = await w.run({ transportOptions: { connectionTimeoutMs: 300 } });
    expect(r.outcome).toBe('failed');
    expect(r.failed[0]!.error).toBe(
      `The SMTP server 127.0.0.1:${w.smtp.port} did not answer in time: check the server and port, and that this network lets mail through.`,
    );
  });

  it('a server that is not there: refused connection in words', async () => {
    const w = await digestWorld();
    await w.smtp.close();
    const r = await w.run();
    expect(r.failed[0]!.error).toBe(`The SMTP server 127.0.0.1:${w.smtp.port} refused the connection: check the server and port, and that it is running.`);
  });
});

describe('the e-mail digest: the app stopped mid-send', () => {
  it("a delivery left 'sending' is never sent again, and after 15 minutes is given up in words", async () => {
    const w = await digestWorld();
    const claimed = claimDelivery(writerOf(w.ws.session.ctx), { day: '2026-03-06', recipient: 'lead@agency.test', kind: 'digest', reviews: 3 });
    expect(claimed).not.toBeNull();
    // The unique index refuses a second claim of the same day and address.
    expect(claimDelivery(writerOf(w.ws.session.ctx), { day: '2026-03-06', recipient: 'lead@agency.test', kind: 'digest', reviews: 3 })).toBeNull();
    expect((await w.run()).outcome).toBe('in-progress');
    expect(recentDeliveries(w.ws.session.ctx, w.ws.clock.now()).failing).toBeNull();
    w.ws.clock.advance(16 * MIN);
    // Shown as failing before any run settles it (the app warns).
    expect(recentDeliveries(w.ws.session.ctx, w.ws.clock.now()).failing).toMatchObject({ status: 'sending', recipient: 'lead@agency.test' });
    // Reported as not delivered, never as "already sent".
    const r = await w.run();
    expect(r).toMatchObject({
      outcome: 'given-up',
      message: `The digest was not delivered and is not sent again: lead@agency.test (2026-03-06): ${INTERRUPTED}`,
    });
    expect(deliveries(w.ws)).toMatchObject([{ status: 'gave-up', error: INTERRUPTED }]);
    w.ws.clock.advance(60 * MIN);
    expect((await w.run()).outcome).toBe('given-up');
    expect(w.smtp.connections()).toBe(0);
    expect(recentDeliveries(w.ws.session.ctx, w.ws.clock.now()).failing).toMatchObject({ status: 'gave-up', error: INTERRUPTED });
  });
});

describe('the e-mail digest: sign-in and TLS', () => {
  const auth = { user: 'digest-user', password: 'right-Passw0rd' };

  it('a wrong password fails in words and is never stored; no password: no send; the right one sends', async () => {
    const wrong = 'wrong-Secret-42';
    const w = await digestWorld({ smtp: { auth }, settings: { smtpUser: auth.user } });
    const none = await w.run();
    expect(none.outcome).toBe('no-password');
    expect(none.message).toBe(
      'No SMTP password for digest-user at 127.0.0.1: store it in Settings > E-mail digest (the command line reads it from ROLLOUT_WORKBENCH_SMTP_PASSWORD).',
    );
    expect(w.smtp.connections()).toBe(0);
    const r = await w.run({ password: wrong });
    expect(r.outcome).toBe('failed');
    expect(r.failed[0]!.error).toMatch(
      /^Authentication failed at 127\.0\.0\.1:\d+ \(535\): the server refused the user digest-user with this password\. Check the user and store the password again\.$/,
    );
    expect(w.smtp.logins).toEqual([{ user: auth.user, ok: false }]);
    const b64 = Buffer.from(wrong).toString('base64');
    for (const text of [JSON.stringify(r), tableText(w.ws, 'reminder_deliveries'), tableText(w.ws, 'change_log'), tableText(w.ws, 'workspace_meta')]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(b64);
      expect(text).not.toContain('AUTH');
    }
    w.ws.clock.advance(5 * MIN);
    expect(await w.run({ password: auth.password })).toMatchObject({ outcome: 'sent' });
    expect(w.smtp.logins.at(-1)).toEqual({ user: auth.user, ok: true });
    expect(tableText(w.ws, 'change_log')).not.toContain(auth.password);
  });

  it('STARTTLS required against a server without it: failure in words, nothing sent in clear', async () => {
    const w = await digestWorld({ settings: { smtpSecurity: 'starttls' } });
    const r = await w.run();
    expect(r.outcome).toBe('failed');
    expect(r.failed[0]!.error).toBe(
      `The SMTP server 127.0.0.1:${w.smtp.port} does not offer STARTTLS, which the security setting requires: choose TLS or None only if the server really works that way.`,
    );
    expect(w.smtp.messages).toEqual([]);
  });

  it('TLS from the start against a plain server: a TLS problem in words', async () => {
    const w = await digestWorld({ settings: { smtpSecurity: 'tls' } });
    const r = await w.run();
    expect(r.outcome).toBe('failed');
    expect(r.failed[0]!.error).toBe(
      `Could not set up a secure connection to 127.0.0.1:${w.smtp.port}: the server does not speak TLS from the start on this port (a TLS problem). Choose STARTTLS (usually port 587), or the server's TLS port (usually 465).`,
    );
  });

  it('a STARTTLS server with a self-signed certificate: refused as untrusted by default, accepted only when a test allows it', async () => {
    const w = await digestWorld({ smtp: { starttls: true }, settings: { smtpSecurity: 'starttls' } });
    const r = await w.run();
    // smtp-server's own certificate is self-signed and has expired: Node reports whichever it finds first.
    expect(r.failed[0]!.error).toMatch(
      /^Could not set up a secure connection to 127\.0\.0\.1:\d+: its certificate is not trusted \(a TLS problem: it (is self-signed|has expired)\)\. Check the server name, or ask the mail provider for a valid certificate\.$/,
    );
    expect(w.smtp.messages).toEqual([]);
    w.ws.clock.advance(5 * MIN);
    expect(await w.run({ transportOptions: { allowSelfSigned: true, connectionTimeoutMs: 2000 } })).toMatchObject({ outcome: 'sent' });
    expect(w.smtp.messages).toHaveLength(1);
  });

  it('the password key changes with the server, the port, the user and the security, so a downgrade to no encryption never reuses it', () => {
    const base = { smtpHost: 'smtp.example.com', smtpPort: 587, smtpUser: 'lead', smtpSecurity: 'starttls' as const };
    const key = smtpPasswordKey(base);
    expect(smtpPasswordKey({ ...base, smtpHost: 'SMTP.example.com' })).toBe(key);
    expect(
      new Set([
        key,
        smtpPasswordKey({ ...base, smtpHost: 'mail.example.com' }),
        smtpPasswordKey({ ...base, smtpPort: 465 }),
        smtpPasswordKey({ ...base, smtpUser: 'other' }),
        smtpPasswordKey({ ...base, smtpSecurity: 'none' }),
      ]).size,
    ).toBe(5);
  });
});
