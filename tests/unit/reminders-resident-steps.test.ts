/**
 * The resident loop's steps one by one, over a real workspace with timers run by hand: the digest's own
 * timer between 15-minute checks, a repaint still waiting when the app quits, a failing step that does
 * not stop the others, the pause read when the tray is clicked, and what the desktop app chooses to
 * open and where it keeps the SMTP password.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWorkspaceFile } from '@main/electron/start-file';
import { desktopSecretStore } from '@main/electron/secret-codec';
import { CHECK_EVERY_MS } from '@main/reminders/scheduler';
import { DATA_CHANGED_DELAY_MS, ResidentApp, type ResidentTimers } from '@main/reminders/resident';
import { MemorySecretStore, type SecretCodec } from '@main/reminders/secret-store';
import { silentLogger, type HandlerContext } from '@main/rpc/context';
import { RecentList } from '@main/workspace-host-recent';
import { fullSite, openTestWorkspace, tempDir, type TestWorkspace } from '../db/helpers';

// secret-codec.ts reads Electron's safeStorage only when no codec is given; the tests give one.
vi.mock('electron', () => ({ safeStorage: {} }));

const apps: ResidentApp[] = [];
afterEach(() => apps.splice(0).forEach((a) => a.stop()));

async function resident(ws: TestWorkspace, notify: () => void = () => {}) {
  let id = 0;
  const timeouts = new Map<number, { fn: () => void; ms: number }>();
  const timers: ResidentTimers = {
    setTimeout: (fn, ms) => {
      const h = ++id;
      timeouts.set(h, { fn: () => (timeouts.delete(h), fn()), ms });
      return h;
    },
    clearTimeout: (h) => void timeouts.delete(h as number),
    setInterval: () => ++id,
    clearInterval: () => {},
  };
  const errors: string[] = [];
  const host = { workspaceContext: ws.session.ctx as HandlerContext | null, file: ws.file };
  const app = ResidentApp.start({
    host,
    configDir: tempDir(),
    now: () => ws.clock.now(),
    log: { ...silentLogger, error: (m: string) => errors.push(m) },
    secrets: new MemorySecretStore(),
    loginItem: null,
    resident: true,
    notify,
    emit: () => {},
    timers,
  });
  apps.push(app);
  await app.flush();
  return { app, timeouts, errors, host };
}

async function dueSite(ws: TestWorkspace, name = fullSite.name) {
  const client = await ws.call('clients.create', { name: `${name} client` });
  const slug = name.toLowerCase().replace(/\W+/g, '-');
  await ws.call('sites.create', {
    clientId: client.id,
    ...fullSite,
    name,
    productionUrl: `https://${slug}.example.test`,
    stagingUrl: `https://staging.${slug}.example.test`,
    stage: 'setup',
  });
}

describe('the resident loop, step by step', () => {
  it('plans a check at the digest time when it falls before the next 15-minute check', async () => {
    const ws = openTestWorkspace();
    // The workspace clock is 10:00 UTC; the digest goes at 10:10.
    await ws.call('settings.update', {
      timeZone: 'UTC',
      emailDigest: true,
      smtpHost: '127.0.0.1',
      emailFrom: 'workbench@example.test',
      digestLeadEmails: ['lead@example.test'],
      digestTime: '10:10',
      digestWeekdays: [1, 2, 3, 4, 5, 6, 7],
    });
    const r = await resident(ws);
    const planned = [...r.timeouts.values()].filter((t) => t.ms === 10 * 60_000);
    expect(planned).toHaveLength(1);
    expect(10 * 60_000).toBeLessThan(CHECK_EVERY_MS);
    ws.clock.advance(10 * 60_000);
    planned[0]!.fn();
    await r.app.flush();
    expect(r.app.state().lastCheckAt).toBe(ws.clock.now().toISOString());
    // After the digest time, the next is tomorrow: no timer for it within the 15 minutes.
    expect([...r.timeouts.values()].filter((t) => t.ms === 10 * 60_000)).toHaveLength(0);
  });

  it('a quit with a repaint still waiting writes the live calendar before the loop stops', async () => {
    const ws = openTestWorkspace();
    const r = await resident(ws);
    const ics = path.join(tempDir(), 'reviews.ics');
    await r.app.setLiveCalendar({ path: ics });
    const before = fs.readFileSync(ics, 'utf8');
    await dueSite(ws, 'Quit Shop');
    r.app.dataChanged({ entity: 'site' });
    expect([...r.timeouts.values()].some((t) => t.ms === DATA_CHANGED_DELAY_MS)).toBe(true);
    // main/index.ts settle(): flush first, then stop.
    await r.app.flush();
    r.app.stop();
    const after = fs.readFileSync(ics, 'utf8');
    expect(before).not.toContain('Quit Shop');
    expect(after).toContain('Quit Shop');
  });

  it('a failing step (a notification that throws) leaves the calendar and the state to the others', async () => {
    const ws = openTestWorkspace();
    let throwing = false;
    const r = await resident(ws, () => {
      if (throwing) throw new Error('The notification centre is gone.');
    });
    const ics = path.join(tempDir(), 'reviews.ics');
    await r.app.setLiveCalendar({ path: ics });
    await dueSite(ws, 'Loud Shop');
    throwing = true;
    const state = await r.app.checkNow();
    expect(state.due).toBe(1);
    expect(fs.readFileSync(ics, 'utf8')).toContain('Loud Shop');
    expect(r.errors.join('\n')).toContain('The notification centre is gone.');
  });

  it('the pause is read when asked, so after midnight the tray pauses again rather than unpausing', async () => {
    const ws = openTestWorkspace();
    await ws.call('settings.update', { timeZone: 'UTC' });
    const r = await resident(ws);
    r.app.pauseToday(true);
    expect(r.app.isPaused()).toBe(true);
    const menuShown = r.app.trayModel();
    expect(menuShown.paused).toBe(true);
    ws.clock.advance(14 * 3_600_000);
    // The tray's handler asks isPaused() at the click: false now, so the click pauses the new day.
    expect(r.app.isPaused()).toBe(false);
    expect(r.app.pauseToday(!r.app.isPaused()).pausedToday).toBe(true);
  });

  it('refuses to pause without a workspace (the recovery screen), and a blank calendar path is not turned into "off"', async () => {
    const ws = openTestWorkspace();
    const r = await resident(ws);
    const ics = path.join(tempDir(), 'kept.ics');
    await r.app.setLiveCalendar({ path: ics });
    await expect(r.app.setLiveCalendar({ path: '   ' })).rejects.toThrow();
    expect(r.app.state().liveCalendar.path).toBe(ics);
    r.host.workspaceContext = null;
    expect(() => r.app.pauseToday(true)).toThrow(/No workspace is open/);
  });
});

describe('the desktop app', () => {
  it('without --workspace opens the workspace last opened while its file exists, else the default', () => {
    const configDir = tempDir();
    const defaultFile = path.join(configDir, 'workspace.sqlite');
    expect(startWorkspaceFile({ requested: null, configDir, defaultFile })).toBe(defaultFile);
    const other = path.join(tempDir(), 'Client B.sqlite');
    fs.writeFileSync(other, '');
    const recent = new RecentList(configDir);
    recent.touch(defaultFile, new Date('2026-03-01T09:00:00Z'));
    recent.touch(other, new Date('2026-03-01T10:00:00Z'));
    expect(startWorkspaceFile({ requested: undefined, configDir, defaultFile })).toBe(other);
    expect(startWorkspaceFile({ requested: 'named.sqlite', configDir, defaultFile })).toBe(path.resolve('named.sqlite'));
    fs.rmSync(other);
    expect(startWorkspaceFile({ requested: null, configDir, defaultFile })).toBe(defaultFile);
  });

  it('keeps the SMTP password in memory only until the credential store comes up, then in the encrypted file', () => {
    let up = false;
    const codec: SecretCodec = {
      available: () => up,
      encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
      decrypt: (cipher) => Buffer.from([...cipher].map((b) => b ^ 0x5a)).toString('utf8'),
    };
    const dir = tempDir();
    const store = desktopSecretStore(dir, silentLogger, codec);
    expect(store.kind).toBe('memory');
    store.set('smtp:mail.example.test:lead', 'kept-for-now');
    expect(fs.existsSync(path.join(dir, 'smtp-secrets.json'))).toBe(false);
    up = true;
    expect(store.kind).toBe('os');
    expect(store.get('smtp:mail.example.test:lead')).toBe('kept-for-now');
    expect(fs.existsSync(path.join(dir, 'smtp-secrets.json'))).toBe(true);
  });
});
