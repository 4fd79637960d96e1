/**
 * The e-mail digest against what goes wrong in the field: a server that answers the end of the data
 * late, permanent refusals, quiet hours past midnight (and across a DST change), a changed time zone,
 * a server that echoes the sign-in, a very long digest and a test address that is really two.
 */
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '@core/errors';
import { digestModel, reminderDigest } from '@main/reminders/digest';
import { composeDigest, MAX_LISTED } from '@main/reminders/email/content';
import { recentDeliveries, sendTestMessage } from '@main/reminders/email/index';
import { secretForms } from '@main/reminders/email/transport';
import { deliveries, digestWorld, tableText } from './reminders-email-fixture';

const MIN = 60_000;

describe('the e-mail digest: after the message data was written', () => {
  it('a late "250" (after the connection timeout) is waited for: one message however many runs follow', async () => {
    const w = await digestWorld({ smtp: { mode: { lateReply: { ms: 1200 } } } });
    const fast = { transportOptions: { connectionTimeoutMs: 400 } };
    expect(await w.run(fast)).toMatchObject({ outcome: 'sent', sent: ['lead@agency.test'] });
    for (const step of [5, 15, 30]) {
      w.ws.clock.advance(step * MIN);
      expect((await w.run(fast)).outcome).toBe('already-sent');
    }
    expect(w.smtp.messages).toHaveLength(1);
  });

  it('no reply after the data: given up as "may have arrived", never sent again, shown as failing', async () => {
    const w = await digestWorld({ smtp: { mode: { lateReply: { ms: 1500 } } } });
    const r = await w.run({ transportOptions: { connectionTimeoutMs: 2000, replyTimeoutMs: 300 } });
    expect(r.outcome).toBe('failed');
    expect(r.failed[0]!.error).toBe(
      `The SMTP server 127.0.0.1:${w.smtp.port} did not answer in time: check the server and port, and that this network lets mail through. The message had been handed over when this happened, so it may have arrived: it is not sent again.`,
    );
    expect(deliveries(w.ws)).toMatchObject([{ status: 'gave-up', nextAttemptAt: null }]);
    await vi.waitFor(() => expect(w.smtp.messages).toHaveLength(1));
    const connections = w.smtp.connections();
    w.smtp.setMode('accept');
    w.ws.clock.advance(30 * MIN);
    const later = await w.run();
    expect(later.outcome).toBe('given-up');
    expect(later.message).toContain('may have arrived');
    expect(w.smtp.connections()).toBe(connections);
    expect(recentDeliveries(w.ws.session.ctx, w.ws.clock.now()).failing).toMatchObject({ status: 'gave-up', recipient: 'lead@agency.test' });
  });
});

describe('the e-mail digest: permanent refusals', () => {
  for (const [at, code] of [
    ['rcpt', 550],
    ['mail', 553],
    ['data', 552],
    ['data', 554],
  ] as const) {
    it(`${code} at ${at}: given up at once with the reason, not retried`, async () => {
      const w = await digestWorld({ smtp: { mode: { refuse: { at, code, text: 'Refused for good' } } } });
      const r = await w.run();
      expect(r.outcome).toBe('failed');
      expect(r.failed[0]!.error).toMatch(
        new RegExp(`The server answered ${code}: Refused for good\\. This refusal is permanent: it is not tried again today\\.$`),
      );
      expect(deliveries(w.ws)).toMatchObject([{ status: 'gave-up', attempts: 1, nextAttemptAt: null }]);
      const connections = w.smtp.connections();
      w.smtp.setMode('accept');
      for (let i = 0; i < 4; i++) {
        w.ws.clock.advance(60 * MIN);
        expect((await w.run()).outcome).toBe('given-up');
      }
      expect(w.smtp.connections()).toBe(connections);
      expect(w.smtp.messages).toEqual([]);
    });
  }
});

/** Runs the digest every 15 minutes for `days` days from the clock's time; the instants it sent at and the days it recorded. */
async function everyQuarterHour(w: Awaited<ReturnType<typeof digestWorld>>, days: number) {
  const sentAt: string[] = [];
  let promised: string | null = null;
  for (let i = 0; i < days * 96; i++) {
    const r = await w.run();
    const now = w.ws.clock.now().toISOString();
    if (r.outcome === 'sent') {
      sentAt.push(now);
      // nextDigestAt said so: never later than the moment it was sent.
      if (promised) expect(promised <= now).toBe(true);
    } else expect(r.sent).toEqual([]);
    promised = r.nextSendAt;
    w.ws.clock.advance(15 * MIN);
  }
  return sentAt;
}

describe('the e-mail digest: quiet hours past midnight', () => {
  it('digest time 23:00, quiet 22:00–09:00: each day’s digest goes at 09:00 the next day, one a day', async () => {
    const w = await digestWorld({
      settings: { digestTime: '23:00', digestWeekdays: [1, 2, 3, 4, 5, 6, 7], digestLeadEmails: ['bob@agency.test'] },
      people: { bob: { quietHoursStart: '22:00', quietHoursEnd: '09:00' } },
    });
    const sentAt = await everyQuarterHour(w, 4);
    expect(sentAt).toEqual(['2026-03-06T09:00:00.000Z', '2026-03-07T09:00:00.000Z', '2026-03-08T09:00:00.000Z', '2026-03-09T09:00:00.000Z']);
    expect(deliveries(w.ws).map((d) => [d.day, d.status])).toEqual([
      ['2026-03-05', 'sent'],
      ['2026-03-06', 'sent'],
      ['2026-03-07', 'sent'],
      ['2026-03-08', 'sent'],
    ]);
  }, 60_000);

  it('across the spring DST change (London, 29 March 2026): 09:00 local each day', async () => {
    const w = await digestWorld({
      settings: { digestTime: '23:00', digestWeekdays: [1, 2, 3, 4, 5, 6, 7], digestLeadEmails: ['bob@agency.test'] },
      people: { bob: { quietHoursStart: '22:00', quietHoursEnd: '09:00' } },
    });
    w.ws.clock.advance(new Date('2026-03-27T08:00:00Z').getTime() - w.ws.clock.now().getTime());
    const sentAt = await everyQuarterHour(w, 4);
    expect(sentAt).toEqual(['2026-03-27T09:00:00.000Z', '2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z']);
    expect(w.smtp.messages).toHaveLength(4);
  }, 60_000);
});

describe('the e-mail digest: a changed time zone', () => {
  it('no second digest within 20 hours when the zone moves to the next day early', async () => {
    const w = await digestWorld({ settings: { digestWeekdays: [1, 2, 3, 4, 5, 6, 7] } });
    expect((await w.run()).outcome).toBe('sent');
    await w.ws.call('settings.update', { timeZone: 'Pacific/Kiritimati' });
    w.ws.clock.advance(9 * 60 * MIN); // 18:00Z: Saturday 7 March 08:00 in Kiritimati
    const r = await w.run();
    expect(r).toMatchObject({ outcome: 'before-time', sent: [], nextSendAt: '2026-03-07T05:00:00.000Z' });
    expect(r.message).toBe('A digest went to lead@agency.test less than 20 hours ago: the next one goes at 19:00 at the earliest.');
    expect(w.smtp.messages).toHaveLength(1);
    w.ws.clock.advance(11 * 60 * MIN); // 05:00Z
    expect(await w.run()).toMatchObject({ outcome: 'sent', sent: ['lead@agency.test'] });
    expect(deliveries(w.ws).map((d) => d.day)).toEqual(['2026-03-06', '2026-03-07']);
  });
});

describe('the e-mail digest: the password never shows', () => {
  it('a server that echoes the AUTH PLAIN token in its 535: only the code is shown', async () => {
    const auth = { user: 'digest-user', password: 'right-Passw0rd' };
    const wrong = 'wrong-Secret-42';
    const w = await digestWorld({ smtp: { auth, echoAuth: true }, settings: { smtpUser: auth.user } });
    const r = await w.run({ password: wrong });
    const error = `Authentication failed at 127.0.0.1:${w.smtp.port} (535): the server refused the user digest-user with this password. Check the user and store the password again.`;
    expect(r.failed).toEqual([{ recipient: 'lead@agency.test', error }]);
    const forms = secretForms(wrong, auth.user);
    for (const text of [JSON.stringify(r), tableText(w.ws, 'reminder_deliveries'), tableText(w.ws, 'change_log')])
      for (const form of forms) expect(text).not.toContain(form);
  });

  it('a one-letter password ("e") leaves the words whole and drops server text that could hold it', async () => {
    const w = await digestWorld({
      smtp: { auth: { user: 'u', password: 'e' }, mode: { refuse: { at: 'rcpt', code: 450, text: 'Please retry' } } },
      settings: { smtpUser: 'u' },
    });
    const r = await w.run({ password: 'e' });
    expect(r.failed[0]!.error).toBe('The SMTP server refused the recipient. The server answered 450.');
    await w.smtp.close();
    w.ws.clock.advance(5 * MIN);
    const gone = await w.run({ password: 'e' });
    expect(gone.failed[0]!.error).toBe(`The SMTP server 127.0.0.1:${w.smtp.port} refused the connection: check the server and port, and that it is running.`);
  });

  it('the forms cover base64 at every alignment, the AUTH PLAIN token and the URL-encoded password', () => {
    const pw = 'p@ss wörd/42';
    const forms = secretForms(pw, 'me');
    const hit = (text: string) => forms.some((f) => text.includes(f));
    for (const prefix of ['', 'a', 'ab', 'abc']) expect(hit(Buffer.from(`${prefix}${pw}`).toString('base64')), `after "${prefix}"`).toBe(true);
    expect(hit(Buffer.from(`\0me\0${pw}`).toString('base64'))).toBe(true);
    expect(hit(`user=me&pass=${encodeURIComponent(pw)}`)).toBe(true);
    expect(hit('Mailbox unavailable for me')).toBe(false);
  });
});

describe('the e-mail digest: a very long digest', () => {
  it(`1,200 reviews: the ${MAX_LISTED} most overdue are listed, the rest counted in the footer, the message stays small`, async () => {
    const w = await digestWorld();
    const ctx = w.ws.session.ctx;
    const base = reminderDigest(ctx);
    const model = digestModel(ctx, base);
    const template = model.groups[0]!.items[0]!;
    const items = Array.from({ length: 1200 }, (_, i) => ({
      ...template,
      review: { ...template.review, id: `r${i}`, siteName: `Site ${i}`, daysLate: i % 300 },
    }));
    const big = { ...model, groups: [{ ...model.groups[0]!, items }] };
    const m = composeDigest(big, { workspace: 'ws' });
    const text = m.text.split('\n');
    const listed = text.filter((l) => /^ {2}\d{4}-/.test(l));
    expect(listed).toHaveLength(MAX_LISTED);
    expect(Math.min(...listed.map((l) => Number(/Site (\d+)/.exec(l)![1]) % 300))).toBeGreaterThanOrEqual(250); // daysLate 299…250, four reviews each
    expect(m.text).toContain(`This message lists the ${MAX_LISTED} most overdue reviews; 1000 more reviews are not listed: open Rollout Workbench > Reviews`);
    expect(m.html).toContain('1000 more reviews are not listed');
    expect(Buffer.byteLength(m.text) + Buffer.byteLength(m.html)).toBeLessThan(200_000);
    expect(m.html).not.toMatch(/style="/);
  });
});

describe('a test message', () => {
  it("'a,b@d.test' is refused as not one address, naming to; nothing is sent or recorded", async () => {
    const w = await digestWorld();
    for (const to of ['a,b@d.test', 'Ann <ann@d.test>', 'a@d.test;b@d.test']) {
      const e = await sendTestMessage(w.ws.session.ctx, { to, password: null, now: w.ws.clock.now() }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: ErrorCode.INVALID_INPUT, details: { issues: [{ path: 'to' }] } });
    }
    expect(w.smtp.connections()).toBe(0);
    expect(deliveries(w.ws)).toEqual([]);
  });
});
