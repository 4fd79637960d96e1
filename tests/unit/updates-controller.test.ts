/**
 * The update controller under Node with a fake updater and a fake clock: the schedule (a first check a
 * while after start, then daily; off and on; "Check now" while off), download to ready, failures as a
 * plain 'error' state retried an hour later, and the refusals of "Restart to update".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@main/rpc/context';
import { holdRestart, setRestarting } from '@main/updates/busy';
import { CHECK_INTERVAL_MS, FIRST_CHECK_DELAY_MS, UpdateController } from '@main/updates/controller';
import { UpdateSetting } from '@main/updates/setting';
import { controllerHarness, settle } from '../factories/update-feed';

const HOUR = 60 * 60 * 1000;
const START = '2026-11-27T09:00:00.000Z';

const harness = controllerHarness(START);
afterEach(() => {
  setRestarting(false);
  harness.cleanup();
});

const setup = (opts: { busy?: () => string[] } = {}) => harness.make(opts);

const at = (ms: number) => new Date(new Date(START).getTime() + ms).toISOString();

describe('the update schedule', () => {
  it('checks a while after start, not at once, and then once a day', async () => {
    const { time, updater, controller, events } = setup();
    controller.start();
    expect(updater.checks).toBe(0);
    expect(controller.state().nextCheckAt).toBe(at(FIRST_CHECK_DELAY_MS));
    await time.advance(FIRST_CHECK_DELAY_MS - 1);
    expect(updater.checks).toBe(0);
    await time.advance(1);
    expect(updater.checks).toBe(1);
    const s = controller.state();
    expect(s).toMatchObject({ status: 'up-to-date', lastCheckedAt: at(FIRST_CHECK_DELAY_MS), nextCheckAt: at(FIRST_CHECK_DELAY_MS + CHECK_INTERVAL_MS) });
    expect(events.map((e) => e.status)).toEqual(['checking', 'up-to-date']);
    await time.advance(CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(2);
    await time.advance(CHECK_INTERVAL_MS * 2);
    expect(updater.checks).toBe(4);
    controller.stop();
    expect(time.pending()).toBe(0);
  });

  it('off stops the schedule and is kept on this device; "Check now" still works; on again plans the next daily check', async () => {
    const { dir, time, updater, controller } = setup();
    controller.start();
    await time.advance(FIRST_CHECK_DELAY_MS);
    expect(updater.checks).toBe(1);

    const off = controller.setAutomatic(false);
    expect(off).toMatchObject({ automatic: false, nextCheckAt: null });
    expect(new UpdateSetting(dir, silentLogger).automatic()).toBe(false);
    await time.advance(3 * CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(1);

    const now = await controller.check();
    expect(updater.checks).toBe(2);
    expect(now).toMatchObject({ status: 'up-to-date', automatic: false, nextCheckAt: null });

    const on = controller.setAutomatic(true);
    expect(on.automatic).toBe(true);
    // Counted from the last check, which was just now.
    expect(on.nextCheckAt).toBe(new Date(new Date(now.lastCheckedAt!).getTime() + CHECK_INTERVAL_MS).toISOString());
    await time.advance(CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(3);
  });

  it('a controller started with automatic checks off never checks by itself', async () => {
    const { dir, time, updater } = setup();
    new UpdateSetting(dir, silentLogger).setAutomatic(false);
    const controller = new UpdateController({
      updater,
      setting: new UpdateSetting(dir, silentLogger),
      clock: time.clock,
      timers: time.timers,
      log: silentLogger,
      emit: () => {},
    });
    controller.start();
    await time.advance(7 * CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(0);
    expect(controller.state()).toMatchObject({ status: 'idle', automatic: false, nextCheckAt: null });
  });
});

describe('finding and downloading a newer version', () => {
  it('downloads in the background, shows progress, then is ready with its notes as text', async () => {
    const { time, updater, controller, events } = setup();
    updater.offer = {
      version: '1.2.0',
      releaseName: 'v1.2.0',
      releaseNotes: '<p>Faster <b>exports</b> &amp; imports</p>',
      releaseDate: '2026-11-20T09:00:00.000Z',
    };
    controller.start();
    await time.advance(FIRST_CHECK_DELAY_MS);
    expect(updater.downloads).toBe(1);
    const ready = controller.state();
    expect(ready).toMatchObject({ status: 'ready', progress: null, error: null, busy: [] });
    expect(ready.available).toEqual({
      version: '1.2.0',
      releaseName: 'v1.2.0',
      releaseNotes: 'Faster exports & imports',
      releaseDate: '2026-11-20T09:00:00.000Z',
    });
    // One event per whole percent: 10.5 and 10.9 are one step.
    expect(events.map((e) => e.status)).toEqual(['checking', 'downloading', 'downloading', 'downloading', 'downloading', 'ready']);
    expect(events.filter((e) => e.status === 'downloading').map((e) => e.progress?.percent)).toEqual([0, 10.5, 50, 100]);
    // A ready version is not looked for again by the daily check.
    await time.advance(CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(1);
    expect(controller.install()).toEqual({ restarting: true });
    expect(updater.installs).toBe(1);
  });

  it('a release name equal to the version is not repeated', async () => {
    const { updater, controller } = setup();
    updater.offer = { version: '1.2.0', releaseName: '1.2.0', releaseNotes: null, releaseDate: null };
    await controller.check();
    await settle();
    expect(controller.state().available).toMatchObject({ releaseName: null, releaseNotes: null });
  });

  it('a network failure at the check is a plain error, with no address, and the check an hour later succeeds', async () => {
    const { time, updater, controller } = setup();
    updater.checkError = Object.assign(new Error('getaddrinfo ENOTFOUND releases.example.com https://releases.example.com/latest.yml?token=abc123'), {
      code: 'ENOTFOUND',
    });
    controller.start();
    await time.advance(FIRST_CHECK_DELAY_MS);
    const failed = controller.state();
    expect(failed.status).toBe('error');
    expect(failed.error).toBe('The update server could not be reached (no network, or it is down).');
    expect(failed.nextCheckAt).toBe(at(FIRST_CHECK_DELAY_MS + HOUR));
    updater.checkError = null;
    updater.offer = { version: '1.1.0', releaseName: null, releaseNotes: null, releaseDate: null };
    await time.advance(HOUR);
    expect(updater.checks).toBe(2);
    expect(controller.state()).toMatchObject({ status: 'ready', error: null, available: { version: '1.1.0' } });
  });

  it('an unknown failure keeps its first line without addresses or tokens', async () => {
    const { updater, controller } = setup();
    updater.checkError = new Error('Cannot parse https://feed.example.com/x.yml?token=abc123 at line 3\n    at Object.<anonymous> (feed.js:1:1)');
    const s = await controller.check();
    expect(s.error).toBe('The check for updates failed: Cannot parse (address hidden) at line 3.');
    expect(s.error).not.toMatch(/abc123|feed\.example|at Object/);
  });

  it('a failed download (a checksum mismatch) is an error, the version is not offered, and a later check downloads it again', async () => {
    const { updater, controller } = setup();
    updater.offer = { version: '1.1.0', releaseName: null, releaseNotes: null, releaseDate: null };
    updater.downloadError = Object.assign(new Error('sha512 checksum mismatch, expected a, got b'), { code: 'ERR_CHECKSUM_MISMATCH' });
    await controller.check();
    await settle();
    expect(controller.state()).toMatchObject({ status: 'error', available: null, progress: null });
    expect(controller.state().error).toMatch(/^The downloaded update did not match its published checksum, so it was discarded\./);
    updater.downloadError = null;
    await controller.check();
    await settle();
    expect(controller.state().status).toBe('ready');
    expect(updater.downloads).toBe(2);
  });
});

describe('Restart to update', () => {
  it('is refused when nothing is ready, and says so', async () => {
    const { controller } = setup();
    expect(() => controller.install()).toThrow(
      expect.objectContaining({ code: 'REFUSED', message: 'No update is ready to install. Use "Check now" to look for one.' }),
    );
  });

  it('is refused while the download runs, with its progress', async () => {
    const { updater, controller } = setup();
    updater.offer = { version: '1.1.0', releaseName: null, releaseNotes: null, releaseDate: null };
    let finish!: () => void;
    updater.download = async (onProgress) => {
      onProgress({ percent: 42.7, transferred: 427, total: 1000 });
      await new Promise<void>((r) => (finish = r));
    };
    await controller.check();
    expect(() => controller.install()).toThrow(
      expect.objectContaining({ code: 'REFUSED', message: 'Version 1.1.0 is still downloading (42%). Restart to update once it is ready.' }),
    );
    finish();
    await settle();
    expect(controller.state().status).toBe('ready');
  });

  it('is refused while an export or an import runs, naming them; allowed once they end; the windows hear of each change', async () => {
    const { updater, controller, events } = setup();
    updater.offer = { version: '1.1.0', releaseName: null, releaseNotes: null, releaseDate: null };
    await controller.check();
    await settle();
    const exportRuns = holdRestart('an export of documents');
    const importRuns = holdRestart('a spreadsheet import');
    expect(events.at(-1)?.busy).toEqual(['an export of documents', 'a spreadsheet import']);
    expect(() => controller.install()).toThrow(
      expect.objectContaining({
        code: 'BUSY',
        message: 'Not restarting now: an export of documents and a spreadsheet import are running and would be cut short. Restart to update when they end.',
      }),
    );
    importRuns();
    expect(() => controller.install()).toThrow(
      expect.objectContaining({ code: 'BUSY', message: expect.stringContaining('an export of documents is running') }),
    );
    exportRuns();
    expect(events.at(-1)?.busy).toEqual([]);
    expect(updater.installs).toBe(0);
    expect(controller.install()).toEqual({ restarting: true });
    expect(updater.installs).toBe(1);
    controller.stop();
  });
});

describe('a build that cannot update itself', () => {
  it('says why, never schedules, and refuses a check', async () => {
    const { time, updater, controller } = setup();
    updater.support = { supported: false, reason: 'This build does not update itself: it runs from a development checkout.' };
    controller.start();
    await time.advance(2 * CHECK_INTERVAL_MS + HOUR);
    expect(updater.checks).toBe(0);
    expect(controller.state()).toMatchObject({
      supported: false,
      unsupportedReason: 'This build does not update itself: it runs from a development checkout.',
      nextCheckAt: null,
    });
    await expect(controller.check()).rejects.toMatchObject({
      code: 'REFUSED',
      message: 'This build does not update itself: it runs from a development checkout.',
    });
  });
});
