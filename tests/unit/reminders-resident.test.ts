/**
 * The resident reminder loop (main/reminders/resident.ts) over a real workspace, with a fake login item
 * recording its calls, timers run by hand and the workspace's movable clock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReminderState } from '@core/contract/reminders';
import { CHECK_EVERY_MS } from '@main/reminders/scheduler';
import { DATA_CHANGED_DELAY_MS, DATA_CHANGED_MAX_WAIT_MS, ResidentApp, type ResidentTimers } from '@main/reminders/resident';
import { MemorySecretStore } from '@main/reminders/secret-store';
import type { TrayModel } from '@main/reminders/tray-model';
import { silentLogger, type HandlerContext } from '@main/rpc/context';
import { fullSite, openTestWorkspace, tempDir, type TestWorkspace } from '../db/helpers';

const DAY = 86_400_000;
const apps: ResidentApp[] = [];
afterEach(() => apps.splice(0).forEach((a) => a.stop()));

function handTimers() {
  let id = 0;
  const timeouts = new Map<number, { fn: () => void; ms: number }>();
  const intervals = new Map<number, { fn: () => void; ms: number }>();
  const timers: ResidentTimers = {
    setTimeout: (fn, ms) => (timeouts.set(++id, { fn, ms }), id),
    clearTimeout: (h) => void timeouts.delete(h as number),
    setInterval: (fn, ms) => (intervals.set(++id, { fn, ms }), id),
    clearInterval: (h) => void intervals.delete(h as number),
  };
  return { timers, timeouts, intervals };
}

/** A resident app on `ws` with everything it calls recorded. */
async function resident(ws: TestWorkspace, configDir = tempDir(), o: { notify?: () => void } = {}) {
  const login = { on: false, calls: [] as boolean[] };
  const notes: { title: string; body: string; overdue: number; due: number }[] = [];
  const states: ReminderState[] = [];
  const trays: TrayModel[] = [];
  const badges: number[] = [];
  const t = handTimers();
  const host = { workspaceContext: ws.session.ctx as HandlerContext | null, file: ws.file };
  const app = ResidentApp.start({
    host,
    configDir,
    now: () => ws.clock.now(),
    log: silentLogger,
    secrets: new MemorySecretStore(),
    loginItem: {
      get: () => login.on,
      set: (on) => {
        login.calls.push(on);
        login.on = on;
      },
    },
    resident: true,
    notify: (n) => (o.notify ? o.notify() : notes.push(n)),
    emit: (s) => states.push(s),
    onTray: (m) => trays.push(m),
    setBadge: (n) => badges.push(n),
    timers: t.timers,
  });
  apps.push(app);
  await app.flush();
  const device = () => JSON.parse(fs.readFileSync(path.join(configDir, 'reminders.json'), 'utf8')) as Record<string, unknown>;
  return { app, login, notes, states, trays, badges, ...t, host, configDir, device };
}

/** A site in setup: its setup review is due on the day it is created. */
async function dueSite(ws: TestWorkspace, name = fullSite.name) {
  const client = await ws.call('clients.create', { name: `${name} client` });
  const slug = name.toLowerCase().replace(/\W+/g, '-');
  const site = await ws.call('sites.create', {
    clientId: client.id,
    ...fullSite,
    name,
    productionUrl: `https://${slug}.example.test`,
    stagingUrl: `https://staging.${slug}.example.test`,
    stage: 'setup',
  });
  const [review] = (await ws.call('reviews.forSite', { siteId: site.id })).reviews;
  return { site, review: review! };
}

describe('the resident reminder loop', () => {
  it('checks at start and every 15 minutes; state events and tray repaints only when something shown changed', async () => {
    const ws = openTestWorkspace();
    await dueSite(ws);
    const r = await resident(ws);
    expect([...r.intervals.values()].map((i) => i.ms)).toEqual([CHECK_EVERY_MS]);
    expect(r.notes).toHaveLength(1);
    expect(r.states).toHaveLength(1);
    expect(r.states[0]).toMatchObject({ overdue: 0, due: 1, pausedToday: false, resident: true, startAtLogin: { supported: true, on: false } });
    expect(r.trays).toHaveLength(1);
    expect(r.trays[0]!.items[0]!.label).toBe('1 due today');
    expect(r.badges).toEqual([0]);
    ws.clock.advance(60_000);
    const again = await r.app.checkNow();
    expect(again.lastCheckAt).toBe('2026-03-01T10:01:00.000Z');
    [...r.intervals.values()][0]!.fn();
    await r.app.flush();
    expect(r.states).toHaveLength(1);
    expect(r.trays).toHaveLength(1);
    expect(r.notes).toHaveLength(1);
    r.app.pauseToday(true);
    expect(r.states).toHaveLength(2);
    expect(r.trays.at(-1)!.paused).toBe(true);
    expect(r.app.trayModel().items[5]).toMatchObject({ action: 'pause-today', checked: true });
  });

  it('a burst of writes is one repaint of the count, after the writes, with no notification of its own', async () => {
    const ws = openTestWorkspace();
    const r = await resident(ws);
    expect(r.states.at(-1)).toMatchObject({ overdue: 0, due: 0 });
    for (const name of ['One', 'Two']) {
      await dueSite(ws, name);
      r.app.dataChanged();
      r.app.dataChanged();
    }
    const waiting = [...r.timeouts.values()].filter((t) => t.ms === DATA_CHANGED_DELAY_MS);
    expect(waiting).toHaveLength(1);
    expect([...r.timeouts.values()].filter((t) => t.ms === DATA_CHANGED_MAX_WAIT_MS)).toHaveLength(1);
    expect(r.states).toHaveLength(1);
    waiting[0]!.fn();
    await r.app.flush();
    expect(r.states).toHaveLength(2);
    expect(r.states[1]).toMatchObject({ due: 2 });
    expect(r.trays.at(-1)!.title).toBe('2');
    await r.app.flush();
    expect(r.states).toHaveLength(2);
    expect(r.notes).toHaveLength(0);
    // The next check announces them.
    await r.app.checkNow();
    expect(r.notes.map((n) => n.title)).toEqual(['2 reviews due today']);
  });

  it('a long burst (an import in batches) is repainted after the maximum wait, not once per batch', async () => {
    const ws = openTestWorkspace();
    const r = await resident(ws);
    const started = r.states.length;
    for (let batch = 0; batch < 50; batch++) r.app.dataChanged({ entity: 'site' });
    // Each write moves the wait on: one short timer and one maximum-wait timer, whatever the batch count.
    expect([...r.timeouts.values()].filter((t) => t.ms === DATA_CHANGED_DELAY_MS)).toHaveLength(1);
    const max = [...r.timeouts.values()].filter((t) => t.ms === DATA_CHANGED_MAX_WAIT_MS);
    expect(max).toHaveLength(1);
    await dueSite(ws);
    max[0]!.fn();
    await r.app.flush();
    expect(r.states.slice(started).map((s) => s.due)).toEqual([1]);
    expect([...r.timeouts.values()].filter((t) => t.ms === DATA_CHANGED_DELAY_MS || t.ms === DATA_CHANGED_MAX_WAIT_MS)).toHaveLength(0);
  });

  it('start at login turns on after the first reminder setting saved, not before, and only once', async () => {
    const ws = openTestWorkspace();
    const r = await resident(ws);
    expect(r.login.calls).toEqual([]);
    expect(r.device()).not.toHaveProperty('startAtLogin');
    await ws.call('settings.update', { verificationMaxAgeDays: 30 });
    r.app.dataChanged({ entity: 'settings' });
    await r.app.flush();
    expect(r.login.calls).toEqual([]);
    // A write of something else is no settings save, even when it is checked.
    await ws.call('settings.update', { reminderTime: '08:30' });
    r.app.dataChanged({ entity: 'site' });
    await r.app.flush();
    expect(r.login.calls).toEqual([]);
    await ws.call('settings.update', { reminderTime: '08:45' });
    r.app.dataChanged({ entity: 'settings' });
    await r.app.flush();
    expect(r.login.calls).toEqual([true]);
    expect(r.device()).toMatchObject({ startAtLogin: true });
    expect(r.states.at(-1)!.startAtLogin).toEqual({ supported: true, on: true });
    await ws.call('settings.update', { quietHoursStart: '22:00', quietHoursEnd: '07:00' });
    r.app.dataChanged({ entity: 'settings' });
    await r.app.flush();
    expect(r.login.calls).toEqual([true]);
  });

  it('a restore or a switch to a workspace changed elsewhere only records its settings: start at login stays undecided', async () => {
    const ws = openTestWorkspace();
    const r = await resident(ws);
    // Changed by another program (the command line, another device): this one hears of it as a switch or a restore.
    await ws.call('settings.update', { reminderTime: '07:15', escalateAfterDays: 3 });
    r.app.workspaceChanged();
    await r.app.flush();
    await r.app.checkNow();
    expect(r.login.calls).toEqual([]);
    expect(r.device()).toMatchObject({ seenSettings: { [ws.file]: { reminderTime: '07:15', escalateAfterDays: 3 } } });
    expect(r.device()).not.toHaveProperty('startAtLogin');
    // A setting a newer release adds (not seen before) is no save either.
    const d = r.device();
    const seen = (d.seenSettings as Record<string, Record<string, unknown>>)[ws.file]!;
    delete seen.digestTime;
    fs.writeFileSync(path.join(r.configDir, 'reminders.json'), JSON.stringify(d));
    r.app.dataChanged({ entity: 'settings' });
    await r.app.flush();
    expect(r.login.calls).toEqual([]);
  });

  it('an explicit choice is kept for good: off stays off when reminder settings change, also after a restart', async () => {
    const ws = openTestWorkspace();
    const configDir = tempDir();
    const r = await resident(ws, configDir);
    expect(r.app.setStartAtLogin(false).startAtLogin).toEqual({ supported: true, on: false });
    await ws.call('settings.update', { desktopNotifications: false });
    r.app.dataChanged();
    await r.app.flush();
    expect(r.login.calls).toEqual([false]);
    expect(r.device()).toMatchObject({ startAtLogin: false });
    r.app.stop();
    const next = await resident(ws, configDir);
    await ws.call('settings.update', { desktopNotifications: true });
    next.app.dataChanged({ entity: 'settings' });
    await next.app.flush();
    expect(next.login.calls).toEqual([]);
  });

  it('pause for today: no notification until the day ends in the workspace zone; the count still updates', async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { timeZone: 'Europe/Berlin' });
    const r = await resident(ws);
    expect(r.app.pauseToday(true)).toMatchObject({ pausedToday: true });
    // Until the next midnight in Berlin, for this workspace only.
    expect(r.device()).toMatchObject({ pausedUntil: { [ws.file]: '2026-03-01T23:00:00.000Z' } });
    await dueSite(ws);
    expect(await r.app.checkNow()).toMatchObject({ pausedToday: true, due: 1 });
    expect(r.trays.at(-1)!.items[0]!.label).toBe('1 due today');
    // 23:59 in Berlin is 22:59 UTC: still paused.
    ws.clock.advance(Date.parse('2026-03-01T22:59:00Z') - ws.clock.now().getTime());
    expect(await r.app.checkNow()).toMatchObject({ pausedToday: true });
    expect(r.notes).toHaveLength(0);
    // Midnight in Berlin (23:00 UTC): the pause has ended by itself.
    ws.clock.advance(60_000);
    expect(await r.app.checkNow()).toMatchObject({ pausedToday: false, overdue: 1, due: 0 });
    expect(r.notes.map((n) => n.title)).toEqual(['1 review overdue']);
  });

  it('ending the pause announces what was held at once', async () => {
    const ws = openTestWorkspace();
    const r = await resident(ws);
    r.app.pauseToday(true);
    await dueSite(ws);
    await r.app.checkNow();
    expect(r.notes).toHaveLength(0);
    expect(r.app.pauseToday(false).pausedToday).toBe(false);
    await r.app.flush();
    expect(r.notes.map((n) => n.title)).toEqual(['1 review due today']);
  });

  it("notifies only for owners on the desktop channel and reviews without owner, holding an owner's quiet hours", async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { timeZone: 'Europe/Berlin' });
    const eve = await ws.call('people.create', { name: 'Eve Mail', email: 'eve@agency.test', organisation: 'agency', reminderChannel: 'email' });
    const quinn = await ws.call('people.create', {
      name: 'Quinn Night',
      email: 'quinn@agency.test',
      organisation: 'agency',
      quietHoursStart: '10:00',
      quietHoursEnd: '12:00',
    });
    const a = await dueSite(ws, 'Eve Shop');
    const b = await dueSite(ws, 'Quinn Shop');
    await dueSite(ws, 'Nobody Shop');
    await ws.call('reviews.assign', { id: a.review.id, version: a.review.version, ownerId: eve.id });
    await ws.call('reviews.assign', { id: b.review.id, version: b.review.version, ownerId: quinn.id });
    // 11:00 in Berlin: Quinn is in their quiet hours, Eve hears by e-mail.
    const r = await resident(ws);
    expect(r.notes).toEqual([{ title: '1 review due today', body: 'Nobody Shop: Initial setup review', overdue: 0, due: 1 }]);
    expect(r.states.at(-1)).toMatchObject({ due: 3 });
    ws.clock.advance(3_600_000);
    [...r.intervals.values()][0]!.fn();
    await r.app.flush();
    expect(r.notes).toHaveLength(2);
    expect(r.notes[1]!.title).toBe('2 reviews due today');
    expect(r.notes[1]!.body).toContain('Quinn Shop');
    expect(r.notes[1]!.body).not.toContain('Eve Shop');
  });

  it('without a workspace (the recovery screen) nothing is due and the loop runs on; a switch re-reads everything', async () => {
    const ws = openTestWorkspace();
    await dueSite(ws);
    const r = await resident(ws);
    r.host.workspaceContext = null;
    r.app.workspaceChanged();
    await r.app.flush();
    expect(r.states.at(-1)).toMatchObject({ overdue: 0, due: 0, email: { nextSendAt: null, passwordStored: false } });
    expect(r.badges).toEqual([0]);
    expect(() => r.app.setSmtpPassword('x')).toThrow(/No workspace is open/);
    r.host.workspaceContext = ws.session.ctx;
    ws.clock.advance(DAY);
    r.app.workspaceChanged();
    await r.app.flush();
    expect(r.states.at(-1)).toMatchObject({ overdue: 1 });
    expect(r.badges).toEqual([0, 1]);
  });

  it('keeps the SMTP password per server and user of the workspace, saying whether one is stored', async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { smtpHost: 'mail.example.test', smtpUser: 'lead' });
    const r = await resident(ws);
    expect(r.app.setSmtpPassword(['s3cret', '-pass'].join('')).email).toMatchObject({ passwordStored: true, credentialStore: 'memory' });
    await ws.call('settings.update', { smtpUser: 'other' });
    expect(r.app.state().email.passwordStored).toBe(false);
    await ws.call('settings.update', { smtpUser: 'lead' });
    expect(r.app.clearSmtpPassword().email.passwordStored).toBe(false);
  });

  it('a damaged device file means the defaults and is written again', async () => {
    const ws = openTestWorkspace();
    const configDir = tempDir();
    fs.writeFileSync(path.join(configDir, 'reminders.json'), '{ damaged');
    const r = await resident(ws, configDir);
    expect(r.states.at(-1)).toMatchObject({ pausedToday: false, startAtLogin: { on: false } });
    expect(r.device()).toMatchObject({ version: 1 });
  });
});
