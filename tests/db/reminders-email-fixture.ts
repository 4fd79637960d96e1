/**
 * A workspace with reviews for the e-mail digest tests, and a loopback SMTP server it sends to
 * (tests/factories/smtp.ts). Created on Sunday 1 March 2026 (Europe/London, UTC in March):
 * "<script>alert(1)</script> & Co" (owner Ann, incident escalation Eve, backup Bob) and "Northwind
 * Blog" (no owner), whose initial setup reviews fall due that day; on Friday 6 March "Harbour Shop"
 * (owner Bob), due that day. The clock is left at Friday 6 March 09:00: 2 overdue (5 days), 1 due.
 */
import { afterEach } from 'vitest';
import type { InputOf } from '@core/contract/index';
import { silentLogger } from '@main/rpc/context';
import { runEmailDigest, type EmailRunOptions } from '@main/reminders/email/index';
import { startSmtpServer, type SmtpTestServer } from '../factories/smtp';
import { openTestWorkspace, type TestWorkspace } from './helpers';

const servers: SmtpTestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

export async function smtpServer(opts: Parameters<typeof startSmtpServer>[0] = {}): Promise<SmtpTestServer> {
  const s = await startSmtpServer(opts);
  servers.push(s);
  return s;
}

export const FRIDAY_9 = '2026-03-06T09:00:00.000Z';
export const SCRIPT_SITE = '<script>alert(1)</script> & Co';

export interface DigestWorld {
  ws: TestWorkspace;
  smtp: SmtpTestServer;
  ann: { id: string; version: number };
  bob: { id: string; version: number };
  eve: { id: string; version: number };
  /** Runs the digest at the workspace clock's time. */
  run(opts?: Partial<EmailRunOptions>): ReturnType<typeof runEmailDigest>;
}

export async function digestWorld(
  opts: {
    smtp?: Parameters<typeof startSmtpServer>[0];
    settings?: Partial<InputOf<'settings.update'>>;
    /** Reminder preferences of Ann, Bob and Eve. */
    people?: Partial<Record<'ann' | 'bob' | 'eve', Pick<InputOf<'people.create'>, 'reminderChannel' | 'quietHoursStart' | 'quietHoursEnd'>>>;
    file?: string;
  } = {},
): Promise<DigestWorld> {
  const smtp = await smtpServer(opts.smtp);
  const ws = openTestWorkspace(opts.file);
  ws.clock.advance(new Date('2026-03-01T10:00:00Z').getTime() - ws.clock.now().getTime());
  await ws.call('settings.update', {
    timeZone: 'Europe/London',
    emailDigest: true,
    smtpHost: smtp.host,
    smtpPort: smtp.port,
    smtpSecurity: 'none',
    emailFrom: 'digest@agency.test',
    digestRecipients: 'lead',
    digestLeadEmails: ['lead@agency.test'],
    digestTime: '08:00',
    digestWeekdays: [1, 2, 3, 4, 5],
    escalateAfterDays: 3,
    ...opts.settings,
  });
  const client = await ws.call('clients.create', { name: 'Acme' });
  const person = (key: 'ann' | 'bob' | 'eve', name: string) =>
    ws.call('people.create', { name, email: `${key}@agency.test`, organisation: 'agency', clientId: null, ...opts.people?.[key] });
  const ann = await person('ann', 'Ann Lee');
  const bob = await person('bob', 'Bob Ray');
  const eve = await person('eve', 'Eve Stone');
  const script = await ws.call('sites.create', { clientId: client.id, name: SCRIPT_SITE, productionUrl: 'https://co.acme.test' });
  await ws.call('sites.create', { clientId: client.id, name: 'Northwind Blog', productionUrl: 'https://blog.acme.test' });
  await ws.call('owners.assign', { siteId: script.id, responsibility: 'primary', ownerId: ann.id });
  await ws.call('owners.assign', { siteId: script.id, responsibility: 'incident_escalation', ownerId: eve.id, backupOwnerId: bob.id });
  ws.clock.advance(new Date(FRIDAY_9).getTime() - ws.clock.now().getTime());
  const harbour = await ws.call('sites.create', { clientId: client.id, name: 'Harbour Shop', productionUrl: 'https://harbour.acme.test' });
  await ws.call('owners.assign', { siteId: harbour.id, responsibility: 'primary', ownerId: bob.id });
  return {
    ws,
    smtp,
    ann,
    bob,
    eve,
    run: (o = {}) =>
      runEmailDigest(ws.session.ctx, { now: ws.clock.now(), password: null, log: silentLogger, transportOptions: { connectionTimeoutMs: 2000 }, ...o }),
  };
}

/** Rows of a table as plain text, to look for what must never be stored. */
export function tableText(ws: TestWorkspace, table: string): string {
  return JSON.stringify(ws.session.workspace.sqlite.prepare(`SELECT * FROM "${table}"`).all());
}

export function deliveries(ws: TestWorkspace) {
  return ws.session.workspace.sqlite
    .prepare('SELECT day, recipient, kind, status, attempts, error, next_attempt_at AS nextAttemptAt, reviews FROM reminder_deliveries ORDER BY created_at, id')
    .all() as {
    day: string;
    recipient: string;
    kind: string;
    status: string;
    attempts: number;
    error: string | null;
    nextAttemptAt: string | null;
    reviews: number;
  }[];
}
