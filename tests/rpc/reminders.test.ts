/**
 * The eight `reminders.*` channels through a real WorkspaceHost holding a resident reminder loop, with
 * the digest going to a real SMTP server on loopback that requires a password: state, start at login
 * (refused where the program cannot), the pause (a paused day's digest is skipped), the live calendar,
 * the password store, a test message and the daily digest. The SMTP password never appears in an
 * answer, an event, a log line, the workspace file's bytes or its history. Without a host the
 * channels refuse, saying where reminders run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReminderState } from '@core/contract/reminders';
import { ResidentApp } from '@main/reminders/resident';
import { EncryptedFileSecretStore, type SecretCodec } from '@main/reminders/secret-store';
import type { Logger } from '@main/rpc/context';
import { WorkspaceHost } from '@main/workspace-host';
import { fixedClock, fullSite, openTestWorkspace, tempDir } from '../db/helpers';

// Built at run time so this file itself holds no literal credential.
const PASSWORD = ['Tr0ub4dor', '&3', '-never-shown'].join('');
const WRONG = ['wrong', '-horse', '-never-shown'].join('');

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A loopback SMTP server that signs in `lead-user` with PASSWORD only and keeps what it receives. */
async function startSmtp() {
  const received: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'lead-user' && auth.password === PASSWORD) cb(null, { user: 'lead-user' });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as { port: number }).port, received };
}

function testCodec(): SecretCodec {
  const key = crypto.randomBytes(32);
  return {
    available: () => true,
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(cipher) {
      const d = crypto.createDecipheriv('aes-256-gcm', key, cipher.subarray(0, 12));
      d.setAuthTag(cipher.subarray(12, 28));
      return Buffer.concat([d.update(cipher.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/** A host on a new workspace (Sunday 1 March 2026, 10:00 UTC) with a resident loop, recording everything it says. */
function startResident(file = path.join(tempDir(), 'ws.sqlite')) {
  const lines: string[] = [];
  const record = (m: string, e?: Record<string, unknown>) => lines.push(`${m} ${e ? JSON.stringify(e) : ''}`);
  const log: Logger = { info: record, warn: record, error: record };
  const clock = fixedClock('2026-03-01T10:00:00.000Z');
  const configDir = path.join(tempDir(), 'config');
  const events: [string, unknown][] = [];
  let resident: ResidentApp | null = null;
  const host = WorkspaceHost.start(file, {
    configDir,
    session: { log, clock, actor: 'tester', device: 'test-device' },
    emit: (event, payload) => {
      events.push([event, payload]);
      if (event === 'data.changed') resident?.dataChanged(payload as { entity: string });
    },
    automaticBackups: false,
  });
  resident = ResidentApp.start({
    host,
    configDir,
    now: () => clock.now(),
    log,
    secrets: new EncryptedFileSecretStore(path.join(configDir, 'secrets.json'), testCodec(), log),
    loginItem: null,
    resident: false,
    notify: (n) => events.push(['reminders.due', n]),
    emit: (s) => events.push(['reminders.state', s]),
    email: { transportOptions: { connectionTimeoutMs: 5000 } },
  });
  host.reminders = resident;
  const app = resident;
  closers.push(async () => {
    app.stop();
    await host.close();
  });
  const answers: unknown[] = [];
  const call = async <T = ReminderState>(channel: string, input: unknown = {}): Promise<T> => {
    const r = await host.dispatch(channel, input);
    answers.push(r);
    if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { wire: r.error });
    return r.value as T;
  };
  const fail = async (channel: string, input: unknown = {}) => {
    const r = await host.dispatch(channel, input);
    answers.push(r);
    if (r.ok) throw new Error(`${channel} unexpectedly succeeded`);
    return r.error;
  };
  /** "Check now", then the digest it started in the background: the state once that has run. */
  const checked = async (): Promise<ReminderState> => {
    await call('reminders.checkNow');
    await app.flush();
    return call('reminders.state');
  };
  return { host, app, clock, configDir, events, lines, answers, call, fail, file, checked };
}

async function dueSite(call: ReturnType<typeof startResident>['call']) {
  const client = await call<{ id: string }>('clients.create', { name: 'Northwind' });
  return call<{ id: string }>('sites.create', { clientId: client.id, ...fullSite, stage: 'setup' });
}

describe('reminders.* over a workspace host', () => {
  it('the digest and a test message reach the SMTP server; the password is in no answer, event, log, workspace byte or history', async () => {
    const smtp = await startSmtp();
    const r = startResident();
    await r.app.flush();
    const first = await r.call('reminders.state');
    expect(first).toMatchObject({ startAtLogin: { supported: false, on: false }, resident: false, email: { credentialStore: 'os', passwordStored: false } });
    expect(await r.fail('reminders.setStartAtLogin', { on: true })).toMatchObject({ code: 'REFUSED', message: 'Start at login is set in the desktop app.' });
    await r.call('settings.update', {
      emailDigest: true,
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpSecurity: 'none',
      smtpUser: 'lead-user',
      emailFrom: 'workbench@example.test',
      digestRecipients: 'lead',
      digestLeadEmails: ['lead@example.test'],
      digestTime: '08:00',
      digestWeekdays: [1, 2, 3, 4, 5, 6, 7],
    });
    await dueSite(r.call);
    // No password yet: nothing is sent, and the state says why.
    const none = await r.checked();
    expect(none.email.passwordStored).toBe(false);
    expect(none.email.problem).toBe(
      'No SMTP password for lead-user at 127.0.0.1: store it in Settings > E-mail digest (the command line reads it from ROLLOUT_WORKBENCH_SMTP_PASSWORD).',
    );
    expect(smtp.received).toHaveLength(0);

    // A wrong password: the server refuses, the delivery is shown failing, in words without the password.
    expect((await r.call('reminders.setSmtpPassword', { password: WRONG })).email).toMatchObject({ passwordStored: true, problem: null });
    const refused = await r.checked();
    expect(refused.email.failing).toMatchObject({ recipient: 'lead@example.test', status: 'failed' });
    expect(refused.email.failing?.error).toMatch(/\w/);
    expect(smtp.received).toHaveLength(0);

    await r.call('reminders.setSmtpPassword', { password: PASSWORD });
    const test = await r.call('reminders.sendTest', { to: 'me@example.test' });
    expect(test).toMatchObject({ sent: true, recipients: ['me@example.test'] });
    expect(smtp.received.map((m) => m.to)).toEqual([['me@example.test']]);

    // The retry comes after its wait; then the day's digest goes out once.
    r.clock.advance(2 * 3_600_000);
    const sent = await r.checked();
    expect(smtp.received.map((m) => m.to)).toEqual([['me@example.test'], ['lead@example.test']]);
    expect(sent.email.failing).toBeNull();
    expect(sent.email.deliveries.find((d) => d.kind === 'digest')).toMatchObject({ status: 'sent', recipient: 'lead@example.test' });
    await r.checked();
    expect(smtp.received).toHaveLength(2);
    expect(r.events.some(([e]) => e === 'reminders.state')).toBe(true);

    await r.call('reminders.clearSmtpPassword');
    await r.call('history.list', {});
    await r.app.flush();
    await r.host.close();
    const needle = (s: string) => [s, Buffer.from(s).toString('base64')];
    const said = JSON.stringify([r.answers, r.events, r.lines]);
    for (const secret of [PASSWORD, WRONG]) {
      for (const form of needle(secret)) expect(said).not.toContain(form);
      for (const f of fs.readdirSync(path.dirname(r.file)).filter((n) => n.startsWith('ws.sqlite')))
        expect(fs.readFileSync(path.join(path.dirname(r.file), f)).includes(Buffer.from(secret))).toBe(false);
      for (const f of fs.readdirSync(r.configDir)) {
        const full = path.join(r.configDir, f);
        if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes(Buffer.from(secret))).toBe(false);
      }
    }
  });

  it('a paused day sends no digest (the next send is tomorrow); the next day it goes out', async () => {
    const smtp = await startSmtp();
    const r = startResident();
    await r.call('settings.update', {
      timeZone: 'UTC',
      emailDigest: true,
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpSecurity: 'none',
      smtpUser: 'lead-user',
      emailFrom: 'workbench@example.test',
      digestLeadEmails: ['lead@example.test'],
      digestTime: '08:00',
      digestWeekdays: [1, 2, 3, 4, 5, 6, 7],
    });
    await r.call('reminders.setSmtpPassword', { password: PASSWORD });
    const paused = await r.call('reminders.pauseToday', { paused: true });
    expect(paused).toMatchObject({ pausedToday: true });
    await dueSite(r.call);
    const state = await r.checked();
    expect(smtp.received).toHaveLength(0);
    expect(state.email.nextSendAt).toBe('2026-03-02T08:00:00.000Z');
    expect(r.events.filter(([e]) => e === 'reminders.due')).toHaveLength(0);
    r.clock.advance(22 * 3_600_000);
    expect(await r.checked()).toMatchObject({ pausedToday: false, overdue: 1 });
    expect(smtp.received.map((m) => m.to)).toEqual([['lead@example.test']]);
    expect(r.events.filter(([e]) => e === 'reminders.due')).toHaveLength(1);
  });

  it('a server that never answers holds up neither "Check now" nor the notifications: the digest runs in the background', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => {
      sockets.forEach((sk) => sk.destroy());
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const r = startResident();
    await r.call('settings.update', {
      timeZone: 'UTC',
      emailDigest: true,
      smtpHost: '127.0.0.1',
      smtpPort: (silent.address() as net.AddressInfo).port,
      smtpSecurity: 'none',
      smtpUser: 'lead-user',
      emailFrom: 'workbench@example.test',
      digestLeadEmails: ['lead@example.test'],
      digestTime: '08:00',
      digestWeekdays: [1, 2, 3, 4, 5, 6, 7],
    });
    await r.call('reminders.setSmtpPassword', { password: PASSWORD });
    await dueSite(r.call);
    const state = await r.call('reminders.checkNow');
    expect(state).toMatchObject({ due: 1 });
    expect(r.events.filter(([e]) => e === 'reminders.due')).toHaveLength(1);
    // The answer came while the server holds the digest's connection open.
    await expect.poll(() => sockets.length).toBe(1);
    sockets[0]!.destroy();
    await r.app.flush();
    expect((await r.call('reminders.state')).email.failing).toMatchObject({ recipient: 'lead@example.test' });
  });

  it('the live calendar: a typed path is written at once, the save dialog is refused without one, null clears', async () => {
    const r = startResident();
    await dueSite(r.call);
    const ics = path.join(tempDir(), 'reviews.ics');
    const set = await r.call('reminders.setLiveCalendar', { path: ics });
    expect(set.liveCalendar).toMatchObject({ path: ics, error: null, canChoose: false });
    expect(fs.readFileSync(ics, 'utf8')).toContain('BEGIN:VCALENDAR');
    expect(await r.fail('reminders.setLiveCalendar', { choose: true })).toMatchObject({ code: 'REFUSED', message: expect.stringContaining('type the path') });
    expect((await r.call('reminders.setLiveCalendar', { path: null })).liveCalendar.path).toBeNull();
  });

  it('the recovery screen still answers reminders.state (nothing due); other reminders channels refuse', async () => {
    const file = path.join(tempDir(), 'damaged.sqlite');
    fs.writeFileSync(file, 'not a database '.repeat(300));
    const r = startResident(file);
    expect(r.host.recoveryState).not.toBeNull();
    expect(await r.call('reminders.state')).toMatchObject({ overdue: 0, due: 0 });
    expect((await r.fail('reminders.setSmtpPassword', { password: PASSWORD })).code).toBe('REFUSED');
  });

  it('without a program holding reminders (the command line) every channel refuses, saying where reminders run', async () => {
    const ws = openTestWorkspace();
    for (const [channel, input] of [
      ['reminders.state', {}],
      ['reminders.checkNow', {}],
      ['reminders.setSmtpPassword', { password: PASSWORD }],
    ] as const) {
      const err = await ws.fail(channel, input);
      expect(err.code).toBe('REFUSED');
      expect(err.message).toContain('Reminders run in the desktop app.');
      expect(JSON.stringify(err)).not.toContain(PASSWORD);
    }
    expect((await ws.fail('reminders.setSmtpPassword', { password: '' })).details?.issues?.[0]?.path).toBe('password');
  });
});
