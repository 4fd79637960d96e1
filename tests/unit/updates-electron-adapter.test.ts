/**
 * The desktop app's adapter over electron-updater (main/electron/updater.ts), with a fake emitter in
 * place of autoUpdater: its settings, which builds say they cannot update, and how its promises and
 * events reach the controller's port. No Electron is loaded.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateState } from '@core/contract/updates';
import type { Logger } from '@main/rpc/context';
import { electronUpdater, NO_FEED_REASON, RESTART_TIMEOUT_MS, type AutoUpdaterLike } from '@main/electron/updater';
import { appBundleOf, signedWithDeveloperId, UNSIGNED_MAC_REASON } from '@main/updates/mac-signature';
import { isRestarting, setRestarting } from '@main/updates/busy';
import { UpdateController } from '@main/updates/controller';
import { NOT_PACKAGED_REASON } from '@main/updates/port';
import { fakeTime } from '../factories/update-feed';

const info = {
  version: '2.0.0',
  releaseName: 'Rollout Workbench 2.0',
  releaseNotes: '<p>Hello</p>',
  releaseDate: '2026-11-20T09:00:00Z',
  files: [],
  path: '',
  sha512: '',
};

class FakeAutoUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: unknown = console;
  active = true;
  result: unknown = null;
  checkError: Error | null = null;
  quit: unknown[][] = [];
  downloadCalls = 0;
  finishDownload: () => void = () => {};
  failDownload: (e: Error) => void = () => {};

  isUpdaterActive() {
    return this.active;
  }
  async checkForUpdates() {
    this.emit('checking-for-update');
    if (this.checkError) {
      // electron-updater emits 'error' and rejects.
      this.emit('error', this.checkError);
      throw this.checkError;
    }
    return this.result;
  }
  /** What autoDownload starts: resolves when the test says the file is in. */
  startDownload() {
    return new Promise<string[]>((resolve, reject) => {
      this.finishDownload = () => {
        this.emit('update-downloaded', info);
        resolve(['/cache/app.AppImage']);
      };
      this.failDownload = reject;
    });
  }
  downloadUpdate() {
    this.downloadCalls++;
    return this.startDownload();
  }
  quitAndInstall(...args: unknown[]) {
    this.quit.push(args);
  }
}

function logger() {
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
  return { log, lines };
}

const dirs: string[] = [];
afterEach(() => {
  setRestarting(false);
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A package's resources folder, with the update feed file electron-builder writes when it publishes. */
function resources(withFeed = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-resources-'));
  dirs.push(dir);
  if (withFeed) fs.writeFileSync(path.join(dir, 'app-update.yml'), 'provider: github\nowner: example\nrepo: rollout-workbench\n');
  return dir;
}

function adapter(fake: FakeAutoUpdater, o: { isPackaged?: boolean; platform?: NodeJS.Platform; resourcesPath?: string; macSigned?: boolean } = {}) {
  const { log, lines } = logger();
  const time = fakeTime('2026-11-27T09:00:00.000Z');
  let asked = 0;
  const updater = electronUpdater({
    app: { isPackaged: o.isPackaged ?? true, getVersion: () => '1.4.0' },
    autoUpdater: () => {
      asked++;
      return fake as unknown as AutoUpdaterLike;
    },
    log,
    platform: o.platform ?? 'linux',
    resourcesPath: o.resourcesPath ?? resources(),
    timers: time.timers,
    macSigned: () => o.macSigned ?? true,
  });
  return { updater, lines, time, asked: () => asked };
}

describe('the electron-updater adapter', () => {
  it('a development run does not update itself and never creates autoUpdater', () => {
    const fake = new FakeAutoUpdater();
    const { updater, asked } = adapter(fake, { isPackaged: false });
    expect(updater.currentVersion).toBe('1.4.0');
    expect(updater.support).toEqual({ supported: false, reason: NOT_PACKAGED_REASON });
    expect(asked()).toBe(0);
  });

  it('a Linux package electron-updater cannot handle (not the AppImage or the .deb) says so', () => {
    const fake = new FakeAutoUpdater();
    fake.active = false;
    expect(adapter(fake).updater.support).toEqual({
      supported: false,
      reason: 'This copy was not installed from the AppImage or the .deb package, so it cannot update itself: install one of them from the releases page.',
    });
  });

  it('turns on background downloads and installing on quit, and logs through the app', () => {
    const fake = new FakeAutoUpdater();
    const { updater, lines } = adapter(fake);
    expect(updater.support).toEqual({ supported: true });
    expect({ autoDownload: fake.autoDownload, autoInstallOnAppQuit: fake.autoInstallOnAppQuit }).toEqual({ autoDownload: true, autoInstallOnAppQuit: true });
    (fake.logger as Logger).info('Checking for update');
    expect(lines).toEqual(['info updater: Checking for update']);
  });

  it('maps a check, the download it started, its progress events and the restart', async () => {
    const fake = new FakeAutoUpdater();
    const { updater } = adapter(fake);
    fake.result = { isUpdateAvailable: true, updateInfo: info, downloadPromise: fake.startDownload() };
    expect(await updater.check()).toEqual({
      version: '2.0.0',
      releaseName: 'Rollout Workbench 2.0',
      releaseNotes: '<p>Hello</p>',
      releaseDate: '2026-11-20T09:00:00.000Z',
    });
    const seen: number[] = [];
    const done = updater.download((p) => seen.push(p.percent));
    fake.emit('download-progress', { percent: 40, transferred: 400, total: 1000, delta: 400, bytesPerSecond: 1 });
    fake.emit('download-progress', { percent: 100, transferred: 1000, total: 1000, delta: 600, bytesPerSecond: 1 });
    fake.finishDownload();
    await done;
    expect(seen).toEqual([40, 100]);
    expect(fake.downloadCalls).toBe(0);
    expect(fake.listenerCount('download-progress')).toBe(0);
    expect(updater.installAndRestart(() => {})).toBe(true);
    expect(fake.quit).toEqual([[false, true]]);
  });

  it('no newer version is null; a failed check rejects and is logged, with no unhandled error event', async () => {
    const fake = new FakeAutoUpdater();
    const { updater, lines } = adapter(fake);
    fake.result = { isUpdateAvailable: false, updateInfo: { ...info, version: '1.4.0' } };
    expect(await updater.check()).toBeNull();
    fake.checkError = new Error('net::ERR_INTERNET_DISCONNECTED');
    await expect(updater.check()).rejects.toThrow('net::ERR_INTERNET_DISCONNECTED');
    expect(lines).toContain('warn updater error: net::ERR_INTERNET_DISCONNECTED');
  });

  it('a download that fails before the controller waits for it is reported, never left unhandled', async () => {
    const fake = new FakeAutoUpdater();
    const { updater } = adapter(fake);
    const downloading = fake.startDownload();
    fake.result = { isUpdateAvailable: true, updateInfo: info, downloadPromise: downloading };
    await updater.check();
    fake.failDownload(Object.assign(new Error('sha512 checksum mismatch'), { code: 'ERR_CHECKSUM_MISMATCH' }));
    await new Promise((r) => setImmediate(r));
    await expect(updater.download(() => {})).rejects.toMatchObject({ code: 'ERR_CHECKSUM_MISMATCH' });
  });

  it('under the controller: found, downloaded, ready, and a restart asked of electron-updater', async () => {
    const fake = new FakeAutoUpdater();
    const { updater } = adapter(fake);
    fake.result = { isUpdateAvailable: true, updateInfo: info, downloadPromise: fake.startDownload() };
    const states: UpdateState[] = [];
    const controller = new UpdateController({
      updater,
      setting: { automatic: () => true, setAutomatic: () => {} },
      clock: { now: () => new Date('2026-11-27T09:00:00.000Z') },
      log: logger().log,
      emit: (s) => states.push(s),
    });
    await controller.check();
    fake.emit('download-progress', { percent: 55, transferred: 55, total: 100, delta: 55, bytesPerSecond: 1 });
    fake.finishDownload();
    await new Promise((r) => setImmediate(r));
    expect(states.map((s) => [s.status, s.progress?.percent ?? null])).toEqual([
      ['checking', null],
      ['downloading', 0],
      ['downloading', 55],
      ['ready', null],
    ]);
    expect(controller.state()).toMatchObject({ currentVersion: '1.4.0', available: { version: '2.0.0', releaseNotes: 'Hello' } });
    controller.install();
    expect(fake.quit).toHaveLength(1);
    controller.stop();
    expect(fake.listenerCount('error')).toBe(0);
  });

  it('a package built without an update feed (no app-update.yml) says it cannot update itself, never asking autoUpdater', () => {
    const fake = new FakeAutoUpdater();
    const { updater, asked } = adapter(fake, { resourcesPath: resources(false) });
    expect(updater.support).toEqual({ supported: false, reason: NO_FEED_REASON });
    expect(asked()).toBe(0);
  });

  it('a Mac build without a Developer ID signature says it cannot update itself (macOS would refuse the update at the restart)', () => {
    const unsigned = new FakeAutoUpdater();
    const { updater, asked } = adapter(unsigned, { platform: 'darwin', macSigned: false });
    expect(updater.support).toEqual({ supported: false, reason: UNSIGNED_MAC_REASON });
    expect(asked()).toBe(0);
    const signed = adapter(new FakeAutoUpdater(), { platform: 'darwin', macSigned: true });
    expect(signed.updater.support).toEqual({ supported: true });
  });

  it('reads the signing authority codesign reports for the .app around the executable', () => {
    const exec = '/Applications/Rollout Workbench.app/Contents/MacOS/Rollout Workbench';
    expect(appBundleOf(exec)).toBe('/Applications/Rollout Workbench.app');
    expect(appBundleOf('/usr/local/bin/rollout-workbench')).toBeNull();
    const asked: string[] = [];
    const codesign =
      (stderr: string, status = 0) =>
      (bundle: string) => {
        asked.push(bundle);
        return { status, stderr };
      };
    const developerId = 'Executable=/x\nAuthority=Developer ID Application: Agency Ltd (ABCDE12345)\nAuthority=Developer ID Certification Authority\n';
    expect(signedWithDeveloperId(exec, codesign(developerId))).toBe(true);
    expect(asked).toEqual(['/Applications/Rollout Workbench.app']);
    expect(signedWithDeveloperId(exec, codesign('Executable=/x\nSignature=adhoc\n'))).toBe(false);
    expect(signedWithDeveloperId(exec, codesign('code object is not signed at all', 1))).toBe(false);
    expect(signedWithDeveloperId('/usr/local/bin/rollout-workbench', codesign(developerId))).toBe(false);
  });

  it('never logs a credential electron-updater writes', () => {
    const fake = new FakeAutoUpdater();
    const { lines } = adapter(fake);
    (fake.logger as Logger).info('Request headers: {"authorization":"token ghp_SECRETabc123"} for https://bot:pa55@updates.example.com/latest.yml?token=abc');
    expect(lines.join('\n')).not.toMatch(/SECRET|pa55|abc\b|bot:/);
    expect(lines[0]).toContain('https://(hidden)@updates.example.com/latest.yml?(hidden)');
  });

  async function readyUnderController(fake: FakeAutoUpdater) {
    const made = adapter(fake);
    fake.result = { isUpdateAvailable: true, updateInfo: info, downloadPromise: fake.startDownload() };
    const controller = new UpdateController({
      updater: made.updater,
      setting: { automatic: () => true, setAutomatic: () => {} },
      clock: made.time.clock,
      timers: made.time.timers,
      log: logger().log,
      emit: () => {},
    });
    await controller.check();
    fake.finishDownload();
    await new Promise((r) => setImmediate(r));
    expect(controller.state().status).toBe('ready');
    return { ...made, controller };
  }

  it('a restart Squirrel rejects with only an error event ends "Restarting…" as an error', async () => {
    const fake = new FakeAutoUpdater();
    const { controller } = await readyUnderController(fake);
    expect(controller.install()).toEqual({ restarting: true });
    expect(isRestarting()).toBe(true);
    fake.emit('error', new Error('Code signature at URL file:///Applications/x.app did not pass validation'));
    expect(isRestarting()).toBe(false);
    expect(controller.state()).toMatchObject({ status: 'error' });
    expect(controller.state().error).toMatch(
      /^The downloaded update could not be installed: Code signature at URL \(address hidden\) did not pass validation\./,
    );
    controller.stop();
  });

  it('a restart that does not quit the program in time (the installer did nothing) is an error', async () => {
    const fake = new FakeAutoUpdater();
    const { controller, time } = await readyUnderController(fake);
    controller.install();
    await time.advance(RESTART_TIMEOUT_MS - 1);
    expect(isRestarting()).toBe(true);
    await time.advance(1);
    expect(isRestarting()).toBe(false);
    expect(controller.state().error).toMatch(/^The downloaded update could not be installed: The app did not restart/);
    // A later error event is no longer about the restart.
    fake.emit('error', new Error('late'));
    expect(controller.state().error).toMatch(/did not restart/);
    controller.stop();
  });
});
