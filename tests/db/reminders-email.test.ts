/** The e-mail digest end to end against a real SMTP server on loopback: content, headers, recipients and the once-a-day rule. */
import { describe, expect, it } from 'vitest';
import { digestModel, formatDigest, reminderDigest } from '@main/reminders/digest';
import { nextDigestAt, recentDeliveries, runEmailDigest, sendTestMessage } from '@main/reminders/email/index';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { deliveries, digestWorld, SCRIPT_SITE } from './reminders-email-fixture';
import { openTestWorkspace } from './helpers';

describe('the e-mail digest: content', () => {
  it('sends one message with the headers, a text body equal to the CLI digest and an escaped HTML body, grouped by owner', async () => {
    const w = await digestWorld();
    const ctx = w.ws.session.ctx;
    const lines = formatDigest(digestModel(ctx, reminderDigest(ctx)));
    const r = await w.run();
    expect(r).toMatchObject({ outcome: 'sent', sent: ['lead@agency.test'], failed: [] });
    expect(w.smtp.messages).toHaveLength(1);
    const m = w.smtp.messages[0]!;
    expect(m.envelope).toEqual({ from: 'digest@agency.test', to: ['lead@agency.test'] });
    expect(m.header('from')).toBe('"Rollout Workbench" <digest@agency.test>');
    expect(m.header('to')).toBe('lead@agency.test');
    expect(m.parsed.subject).toBe('Reviews: 2 overdue, 1 due today (ws)');
    expect(m.parsed.date?.toISOString()).toBe('2026-03-06T09:00:00.000Z');
    expect(m.parsed.messageId).toMatch(/^<.+@.+>$/);
    expect(m.header('auto-submitted')).toBe('auto-generated');
    expect(m.header('x-auto-response-suppress')).toBe('All');
    // Grouped by owner, "No owner" last; the escalation owner named for reviews overdue more than 3 days.
    expect(lines).toEqual([
      'Reviews on 2026-03-06 (Europe/London): 2 overdue, 1 due today',
      '',
      'Ann Lee <ann@agency.test>: 1 overdue',
      `  2026-03-01  ${SCRIPT_SITE} (Acme)  Initial setup review  5 days overdue`,
      '              The site was created. Escalation owner: Eve Stone <eve@agency.test> (backup: Bob Ray <bob@agency.test>).',
      '',
      'Bob Ray <bob@agency.test>: 1 due today',
      '  2026-03-06  Harbour Shop (Acme)  Initial setup review  due today',
      '              The site was created.',
      '',
      'No owner: 1 overdue',
      '  2026-03-01  Northwind Blog (Acme)  Initial setup review  5 days overdue',
      '              The site was created. No escalation owner assigned.',
    ]);
    const text = m.parsed.text!.replace(/\r\n/g, '\n').trimEnd().split('\n');
    expect(text.slice(0, lines.length)).toEqual(lines);
    expect(text.slice(lines.length)).toEqual([
      '',
      '--',
      'Sent by Rollout Workbench from the workspace "ws", once a day when reviews are overdue or due.',
      "To change who gets this digest, when, or to turn it off: Settings > E-mail digest in the app; a person's channel and quiet hours are on the People page.",
    ]);
    const html = m.parsed.html as string;
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co (Acme)');
    expect(html).not.toMatch(/<script|<img|src=|https?:\/\//i);
    expect(html).toContain('Ann Lee &lt;ann@agency.test&gt;: 1 overdue');
    expect(html.indexOf('Bob Ray &lt;bob@agency.test&gt;: 1 due today')).toBeGreaterThan(html.indexOf('Ann Lee'));
    expect(html.indexOf('No owner: 1 overdue')).toBeGreaterThan(html.indexOf('Bob Ray'));
    expect(html).toContain('Escalation owner: Eve Stone &lt;eve@agency.test&gt; (backup: Bob Ray &lt;bob@agency.test&gt;).');
    expect(html).toContain('No escalation owner assigned.');
    const history = w.ws.session.workspace.sqlite.prepare("SELECT summary FROM change_log WHERE entity = 'reminder_delivery' ORDER BY rowid").all() as {
      summary: string;
    }[];
    expect(history.map((h) => h.summary)).toEqual([
      'E-mail digest for 2026-03-06 being sent to lead@agency.test (3 reviews)',
      'E-mail digest for 2026-03-06 sent to lead@agency.test (3 reviews)',
    ]);
  });

  it('names the escalation owner only for reviews overdue more than escalateAfterDays', async () => {
    const w = await digestWorld({ settings: { escalateAfterDays: 5 } });
    const ctx = w.ws.session.ctx;
    expect(formatDigest(digestModel(ctx, reminderDigest(ctx))).join('\n')).not.toMatch(/scalation/);
    w.ws.clock.advance(86_400_000); // Saturday: 6 days overdue
    const lines = formatDigest(digestModel(ctx, reminderDigest(ctx)));
    expect(lines.filter((l) => /scalation/.test(l))).toEqual([
      '              The site was created. Escalation owner: Eve Stone <eve@agency.test> (backup: Bob Ray <bob@agency.test>).',
      '              The site was created. No escalation owner assigned.',
    ]);
  });
});

describe('the e-mail digest: never twice', () => {
  it('a second run, and a second process on the same file, send nothing more', async () => {
    const w = await digestWorld();
    expect((await w.run()).outcome).toBe('sent');
    const again = await w.run();
    expect(again).toMatchObject({ outcome: 'already-sent', sent: [], nextSendAt: '2026-03-09T08:00:00.000Z' });
    const other = openSession(w.ws.file, { log: silentLogger, clock: w.ws.clock, actor: 'other', device: 'other-device' });
    try {
      const r = await runEmailDigest(other.ctx, { now: w.ws.clock.now(), password: null, log: silentLogger });
      expect(r.outcome).toBe('already-sent');
    } finally {
      other.close();
    }
    w.ws.clock.advance(3 * 3_600_000);
    expect((await w.run()).outcome).toBe('already-sent');
    expect(w.smtp.messages).toHaveLength(1);
    expect(deliveries(w.ws)).toEqual([
      { day: '2026-03-06', recipient: 'lead@agency.test', kind: 'digest', status: 'sent', attempts: 1, error: null, nextAttemptAt: null, reviews: 3 },
    ]);
  });

  it('two processes that both find the day unsent at the same moment: the unique index lets one claim, one message', async () => {
    const w = await digestWorld();
    const other = openSession(w.ws.file, { log: silentLogger, clock: w.ws.clock, actor: 'other', device: 'other-device' });
    // Both runs wait here, after reading where the day stands and before claiming, until both arrived.
    let arrived = 0;
    let meet!: () => void;
    const met = new Promise<void>((resolve) => (meet = resolve));
    const barrier = async () => {
      if (++arrived === 2) meet();
      await met;
    };
    try {
      const [a, b] = await Promise.all([
        w.run({ beforeClaim: barrier }),
        runEmailDigest(other.ctx, { now: w.ws.clock.now(), password: null, log: silentLogger, beforeClaim: barrier }),
      ]);
      expect(arrived).toBe(2);
      expect([a.outcome, b.outcome].sort()).toEqual(['in-progress', 'sent']);
    } finally {
      other.close();
    }
    expect(w.smtp.messages).toHaveLength(1);
    expect(deliveries(w.ws)).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });
});

describe('the e-mail digest: when', () => {
  it('sends nothing when off, on a day that is not a digest day, before the digest time or when nothing is due', async () => {
    const w = await digestWorld({ settings: { emailDigest: false } });
    expect(await w.run()).toMatchObject({ outcome: 'off', nextSendAt: null });
    expect(nextDigestAt(w.ws.session.ctx, w.ws.clock.now())).toBeNull();
    await w.ws.call('settings.update', { emailDigest: true, digestTime: '09:30' });
    expect(await w.run()).toMatchObject({ outcome: 'before-time', nextSendAt: '2026-03-06T09:30:00.000Z' });
    w.ws.clock.advance(86_400_000 + 3_600_000); // Saturday 10:00
    expect(await w.run()).toMatchObject({ outcome: 'not-a-digest-day', nextSendAt: '2026-03-09T09:30:00.000Z' });
    expect(w.smtp.connections()).toBe(0);
    expect(deliveries(w.ws)).toEqual([]);

    const empty = openTestWorkspace();
    await empty.call('settings.update', {
      timeZone: 'UTC',
      emailDigest: true,
      smtpHost: w.smtp.host,
      smtpPort: w.smtp.port,
      smtpSecurity: 'none',
      emailFrom: 'digest@agency.test',
      digestLeadEmails: ['lead@agency.test'],
    });
    empty.clock.advance(86_400_000); // Monday 2 March, 10:00
    const r = await runEmailDigest(empty.session.ctx, { now: empty.clock.now(), password: null, log: silentLogger });
    expect(r).toMatchObject({ outcome: 'nothing-due', sent: [] });
    expect(w.smtp.connections()).toBe(0);
  });

  it("per owner: an owner on e-mail gets their own reviews, the rest goes to the lead; quiet hours hold a person's digest until they end", async () => {
    // Eve is on e-mail too but owns no due review: she gets nothing. Bob stays on desktop notifications.
    const w = await digestWorld({
      settings: { digestRecipients: 'owners' },
      people: { ann: { reminderChannel: 'email', quietHoursStart: '08:30', quietHoursEnd: '10:00' }, eve: { reminderChannel: 'email' } },
    });
    const first = await w.run();
    expect(first).toMatchObject({ outcome: 'sent', sent: ['lead@agency.test'], nextSendAt: '2026-03-06T10:00:00.000Z' });
    expect(w.smtp.messages.map((m) => [m.envelope.to, m.parsed.subject])).toEqual([[['lead@agency.test'], 'Reviews: 1 overdue, 1 due today (ws)']]);
    expect(w.smtp.messages[0]!.parsed.text).not.toContain(SCRIPT_SITE);
    expect(await w.run()).toMatchObject({ outcome: 'before-time', message: 'Held for quiet hours: ann@agency.test until 10:00.' });
    w.ws.clock.advance(3_600_000);
    expect(await w.run()).toMatchObject({ outcome: 'sent', sent: ['ann@agency.test'] });
    const ann = w.smtp.messages[1]!;
    expect(ann.parsed.subject).toBe('Reviews: 1 overdue (ws)');
    expect(ann.parsed.text).toContain(`Ann Lee <ann@agency.test>: 1 overdue\n  2026-03-01  ${SCRIPT_SITE} (Acme)`);
    expect(ann.parsed.text).not.toContain('Harbour Shop');
    expect(await w.run()).toMatchObject({ outcome: 'already-sent' });
    expect(w.smtp.messages).toHaveLength(2);
  });

  it('a lead address that is a person keeps their quiet hours', async () => {
    const w = await digestWorld({ settings: { digestLeadEmails: ['Bob@agency.test'] }, people: { bob: { quietHoursStart: '22:00', quietHoursEnd: '09:30' } } });
    expect(await w.run()).toMatchObject({ outcome: 'before-time', nextSendAt: '2026-03-06T09:30:00.000Z' });
    w.ws.clock.advance(30 * 60_000);
    expect(await w.run()).toMatchObject({ outcome: 'sent', sent: ['bob@agency.test'] });
  });
});

describe('the e-mail digest: a test message and the deliveries list', () => {
  it("sends today's digest as a test without blocking the daily one, and lists deliveries newest first", async () => {
    const w = await digestWorld();
    const ctx = w.ws.session.ctx;
    const t = await sendTestMessage(ctx, { to: 'Someone@Agency.test', password: null, now: w.ws.clock.now() });
    expect(t).toMatchObject({ sent: true, recipients: ['someone@agency.test'] });
    expect(w.smtp.messages[0]!.parsed.subject).toBe('Test: Reviews: 2 overdue, 1 due today (ws)');
    expect((await w.run()).outcome).toBe('sent');
    expect(w.smtp.messages).toHaveLength(2);
    const { deliveries: list, failing } = recentDeliveries(ctx, w.ws.clock.now());
    expect(list.map((d) => [d.kind, d.recipient, d.status])).toEqual([
      ['digest', 'lead@agency.test', 'sent'],
      ['test', 'someone@agency.test', 'sent'],
    ]);
    expect(failing).toBeNull();
    await expect(sendTestMessage(ctx, { to: 'not an address', password: null, now: w.ws.clock.now() })).rejects.toThrow(
      /^to: "not an address" is not one e-mail address/,
    );
  });
});
