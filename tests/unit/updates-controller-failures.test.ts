/**
 * The update controller when things go wrong: a feed of an unexpected shape, a restart that does not
 * happen, a failure at start retried an hour later, and a check still in flight when the program quits.
 * Every failure ends as a plain 'error' state with the next check planned, never an unhandled rejection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { holdRestart, isRestarting, setRestarting, trackCall } from '@main/updates/busy';
import { CHECK_INTERVAL_MS, FIRST_CHECK_DELAY_MS, RETRY_AFTER_FAILURE_MS } from '@main/updates/controller';
import type { FoundUpdate } from '@main/updates/port';
import { controllerHarness, settle } from '../factories/update-feed';

const START = '2026-11-27T09:00:00.000Z';
const at = (ms: number) => new Date(new Date(START).getTime() + ms).toISOString();

const harness = controllerHarness(START);
afterEach(() => {
  setRestarting(false);
  harness.cleanup();
});

const setup = () => harness.make();

const offer = (changes: Record<string, unknown>) => ({ version: '1.1.0', releaseName: null, releaseNotes: null, releaseDate: null, ...changes }) as FoundUpdate;

describe('a feed of an unexpected shape', () => {
  it.each([
    ['a number', 42],
    ['an object', { en: 'Faster exports' }],
    ['a list holding null', [null, { version: '1.1.0', note: 'Faster exports' }]],
  ])('release notes that are %s are shown as far as they are notes, and the version still downloads', async (_what, notes) => {
    const { updater, controller } = setup();
    updater.offer = offer({ releaseNotes: notes, releaseName: 7 });
    await controller.check();
    await settle();
    const s = controller.state();
    expect(s.status).toBe('ready');
    expect(s.available?.releaseName).toBeNull();
    expect(s.available?.releaseNotes).toBe(Array.isArray(notes) ? '1.1.0\nFaster exports' : null);
  });

  it('anything that throws while a found version is read is an error state with the next check planned, and automatic checks go on', async () => {
    const { time, updater, controller } = setup();
    const unreadable = offer({});
    Object.defineProperty(unreadable, 'releaseNotes', {
      get() {
        throw new TypeError('notes.map is not a function');
      },
    });
    updater.offer = unreadable;
    controller.start();
    await time.advance(FIRST_CHECK_DELAY_MS);
    expect(controller.state()).toMatchObject({
      status: 'error',
      error: 'The check for updates failed: notes.map is not a function.',
      nextCheckAt: at(FIRST_CHECK_DELAY_MS + RETRY_AFTER_FAILURE_MS),
    });
    // Not stuck in 'checking': turning automatic checks off and on plans the next one.
    controller.setAutomatic(false);
    expect(controller.setAutomatic(true).nextCheckAt).not.toBeNull();
    updater.offer = offer({});
    await time.advance(CHECK_INTERVAL_MS);
    expect(controller.state().status).toBe('ready');
  });

  it('a version name and a release name are one capped line with no bidi controls', async () => {
    const { updater, controller } = setup();
    updater.offer = offer({ releaseName: `Big\u202e release\u2028${'x'.repeat(500)}` });
    await controller.check();
    const name = controller.state().available?.releaseName ?? '';
    expect(name.startsWith('Big release x')).toBe(true);
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).not.toMatch(/[\u202e\u2028\n]/);
  });
});

describe('failures retried', () => {
  it('a failure is retried an hour later; a second failure in a row waits for the daily check; a success resets that', async () => {
    const { time, updater, controller } = setup();
    updater.checkError = Object.assign(new Error('offline'), { code: 'ENOTFOUND' });
    controller.start();
    await time.advance(FIRST_CHECK_DELAY_MS);
    expect(controller.state().nextCheckAt).toBe(at(FIRST_CHECK_DELAY_MS + RETRY_AFTER_FAILURE_MS));
    await time.advance(RETRY_AFTER_FAILURE_MS);
    expect(updater.checks).toBe(2);
    expect(controller.state().nextCheckAt).toBe(at(FIRST_CHECK_DELAY_MS + RETRY_AFTER_FAILURE_MS + CHECK_INTERVAL_MS));
    await time.advance(CHECK_INTERVAL_MS - 1);
    expect(updater.checks).toBe(2);
    updater.checkError = null;
    await time.advance(1);
    expect(controller.state().status).toBe('up-to-date');
    updater.checkError = new Error('offline again');
    await time.advance(CHECK_INTERVAL_MS);
    const failedAgainAt = FIRST_CHECK_DELAY_MS + RETRY_AFTER_FAILURE_MS + 2 * CHECK_INTERVAL_MS;
    expect(controller.state()).toMatchObject({ status: 'error', nextCheckAt: at(failedAgainAt + RETRY_AFTER_FAILURE_MS) });
  });

  it('with automatic checks off a failed "Check now" says to check again, and nothing is planned', async () => {
    const { updater, controller } = setup();
    controller.setAutomatic(false);
    updater.checkError = new Error('offline');
    const s = await controller.check();
    expect(s).toMatchObject({ status: 'error', nextCheckAt: null, error: 'The check for updates failed: offline.' });
  });
});

describe('a restart into an update', () => {
  async function ready() {
    const t = setup();
    t.updater.offer = offer({});
    await t.controller.check();
    await settle();
    expect(t.controller.state().status).toBe('ready');
    return t;
  }

  it('once asked, refuses new long operations until the program quits; a second click does not ask again', async () => {
    const { updater, controller } = await ready();
    expect(controller.install()).toEqual({ restarting: true });
    expect(isRestarting()).toBe(true);
    expect(() => holdRestart('a backup')).toThrow(
      expect.objectContaining({ code: 'BUSY', message: 'Rollout Workbench is restarting to install an update; try again after it restarts.' }),
    );
    await expect(trackCall('backups.create', async () => 'made')).rejects.toMatchObject({ code: 'BUSY' });
    // A channel that is no long operation still answers.
    await expect(trackCall('updates.state', async () => 'state')).resolves.toBe('state');
    expect(controller.install()).toEqual({ restarting: true });
    expect(updater.installs).toBe(1);
  });

  it('that fails afterwards (the installer refused) is an error in plain words and long operations may start again', async () => {
    const { updater, controller, events } = await ready();
    controller.install();
    updater.restartFailed?.(new Error('Could not get code signature for running application'));
    expect(isRestarting()).toBe(false);
    expect(controller.state()).toMatchObject({
      status: 'error',
      available: null,
      error: 'The downloaded update could not be installed: Could not get code signature for running application.',
    });
    expect(events.at(-1)?.status).toBe('error');
    holdRestart('a backup')();
  });

  it('that throws at once is refused in plain words, and nothing stays latched', async () => {
    const { updater, controller } = await ready();
    updater.installAndRestart = () => {
      throw new Error('No valid update available');
    };
    expect(() => controller.install()).toThrow(
      expect.objectContaining({
        code: 'REFUSED',
        message: expect.stringMatching(/^The downloaded update could not be installed: No valid update available\./),
      }),
    );
    expect(isRestarting()).toBe(false);
    expect(controller.state().status).toBe('error');
  });
});

describe('after stop()', () => {
  it('a check in flight tells no window and starts no download', async () => {
    const { updater, controller, events } = setup();
    updater.offer = offer({});
    let answer!: (f: FoundUpdate | null) => void;
    updater.check = () => new Promise((r) => (answer = r));
    const checking = controller.check();
    expect(events.map((e) => e.status)).toEqual(['checking']);
    controller.stop();
    answer(offer({}));
    await checking;
    await settle();
    expect(events.map((e) => e.status)).toEqual(['checking']);
    expect(updater.downloads).toBe(0);
  });

  it('a download in flight tells no window, nor does its failure', async () => {
    const { updater, controller, events } = setup();
    updater.offer = offer({});
    let fail!: (e: Error) => void;
    updater.download = () => new Promise((_r, reject) => (fail = reject));
    await controller.check();
    const seen = events.length;
    controller.stop();
    fail(new Error('cut'));
    await settle();
    expect(events.length).toBe(seen);
  });
});
