/**
 * The web harness's updater against a stand-in feed on loopback (tests/factories/update-feed.ts), over
 * real HTTP: electron-updater's GenericProvider reads the platform's latest*.yml, the file is downloaded
 * and its sha512 checked; a feed that is down or serves bytes that do not match is an 'error' state,
 * and a later check succeeds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateState } from '@core/contract/updates';
import { silentLogger } from '@main/rpc/context';
import { UpdateController } from '@main/updates/controller';
import { FeedUpdater, isNewerVersion } from '@main/updates/feed-updater';
import { UpdateSetting } from '@main/updates/setting';
import { startUpdateFeed, type UpdateFeed } from '../factories/update-feed';

const feeds: UpdateFeed[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const f of feeds.splice(0)) await f.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function feedOf(o: Parameters<typeof startUpdateFeed>[0]) {
  const feed = await startUpdateFeed(o);
  feeds.push(feed);
  return feed;
}

function tmp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-update-feed-'));
  dirs.push(dir);
  return dir;
}

function updaterFor(feed: UpdateFeed, o: { currentVersion?: string; platform?: 'linux' | 'darwin' | 'win32'; dir?: string } = {}) {
  const dir = o.dir ?? tmp();
  const installs: string[] = [];
  const updater = new FeedUpdater({
    feedUrl: feed.url,
    currentVersion: o.currentVersion ?? '1.0.0',
    downloadDir: path.join(dir, 'downloads'),
    log: silentLogger,
    platform: o.platform ?? 'linux',
    onInstall: (v) => installs.push(v),
  });
  return { updater, dir, installs };
}

/** A controller over `updater` and a promise of its next settled state (ready or error). */
function controllerOver(updater: FeedUpdater, dir: string) {
  let resolve: (s: UpdateState) => void = () => {};
  const settled = () => new Promise<UpdateState>((r) => (resolve = r));
  const controller = new UpdateController({
    updater,
    setting: new UpdateSetting(dir, silentLogger),
    clock: { now: () => new Date('2026-11-27T09:00:00.000Z') },
    log: silentLogger,
    emit: (s) => {
      if (s.status === 'ready' || s.status === 'error') resolve(s);
    },
  });
  return { controller, settled };
}

describe('the feed updater', () => {
  it('reads the platform file of the feed and offers a newer version with its notes', async () => {
    const feed = await feedOf({ version: '9.0.0', releaseName: 'Autumn release', releaseNotes: '<p>New <b>export</b></p>' });
    const found = await updaterFor(feed).updater.check();
    expect(found).toEqual({
      version: '9.0.0',
      releaseName: 'Autumn release',
      releaseNotes: '<p>New <b>export</b></p>',
      releaseDate: '2026-11-20T09:00:00.000Z',
    });
    expect(feed.requests[0]).toMatch(/^\/latest-linux(-[a-z0-9]+)?\.yml$/);
    await updaterFor(feed, { platform: 'darwin' }).updater.check();
    await updaterFor(feed, { platform: 'win32' }).updater.check();
    expect(feed.requests.slice(1)).toEqual(['/latest-mac.yml', '/latest.yml']);
  });

  it('the same or an older version is no update', async () => {
    const same = await feedOf({ version: '1.0.0' });
    expect(await updaterFor(same).updater.check()).toBeNull();
    const older = await feedOf({ version: '0.9.9' });
    expect(await updaterFor(older).updater.check()).toBeNull();
    expect(await updaterFor(older, { currentVersion: '1.0.0-beta.2' }).updater.check()).toBeNull();
  });

  it('downloads the file with progress and keeps it only when its sha512 matches the feed', async () => {
    const feed = await feedOf({ version: '9.0.0', size: 300_000 });
    const { updater, dir } = updaterFor(feed);
    await updater.check();
    const progress: number[] = [];
    await updater.download((p) => progress.push(p.percent));
    const file = path.join(dir, 'downloads', '9.0.0-rollout-workbench-9.0.0.AppImage');
    expect(crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64')).toBe(feed.sha512);
    expect(progress.at(-1)).toBe(100);
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    expect(feed.requests).toContain('/rollout-workbench-9.0.0.AppImage');
  });

  it('refuses bytes that do not match, leaves no file, and downloads the good one later', async () => {
    const feed = await feedOf({ version: '9.0.0', corrupt: true });
    const { updater, dir } = updaterFor(feed);
    await updater.check();
    await expect(updater.download(() => {})).rejects.toMatchObject({ code: 'ERR_CHECKSUM_MISMATCH' });
    expect(fs.readdirSync(path.join(dir, 'downloads'))).toEqual([]);
    expect(() => updater.installAndRestart()).toThrow('No downloaded version to install.');
    feed.update({ corrupt: false });
    await updater.download(() => {});
    expect(fs.readdirSync(path.join(dir, 'downloads'))).toEqual(['9.0.0-rollout-workbench-9.0.0.AppImage']);
  });
});

describe('the controller over a real feed', () => {
  it('a newer version becomes ready; "Restart to update" is recorded, not carried out', async () => {
    const feed = await feedOf({ version: '9.0.0', releaseNotes: '<ul><li>One</li><li>Two &amp; three</li></ul>' });
    const { updater, dir, installs } = updaterFor(feed);
    const { controller, settled } = controllerOver(updater, dir);
    const ready = settled();
    const checked = await controller.check();
    expect(checked.status).toBe('downloading');
    expect(checked.available).toMatchObject({ version: '9.0.0', releaseNotes: '- One\n- Two & three' });
    expect(await ready).toMatchObject({ status: 'ready', error: null, available: { version: '9.0.0' } });
    expect(controller.install()).toEqual({ restarting: true });
    expect(installs).toEqual(['9.0.0']);
  });

  it('a feed that is down is an error in plain words; once it is back a check finds the version', async () => {
    const feed = await feedOf({ version: '9.0.0', failWith: 503 });
    const { updater, dir } = updaterFor(feed);
    const { controller, settled } = controllerOver(updater, dir);
    const failed = await controller.check();
    expect(failed).toMatchObject({ status: 'error', available: null });
    expect(failed.error).toBe('The update server answered with an error (HTTP 503).');
    feed.update({ failWith: null });
    const ready = settled();
    await controller.check();
    expect((await ready).status).toBe('ready');
  });

  it('a download whose checksum does not match is an error, then a later check downloads a good copy', async () => {
    const feed = await feedOf({ version: '9.0.0', corrupt: true });
    const { updater, dir } = updaterFor(feed);
    const { controller, settled } = controllerOver(updater, dir);
    let next = settled();
    await controller.check();
    const failed = await next;
    expect(failed).toMatchObject({ status: 'error', available: null });
    expect(failed.error).toMatch(/^The downloaded update did not match its published checksum, so it was discarded\./);
    feed.update({ corrupt: false });
    next = settled();
    await controller.check();
    expect((await next).status).toBe('ready');
  });
});

describe('a feed of the wrong shape', () => {
  it.each([
    ['a number', 42, null],
    ['an object', { en: 'Faster' }, null],
    ['a list holding null', [null, { version: '9.0.0', note: 'Faster' }], [{ version: '9.0.0', note: 'Faster' }]],
  ])('release notes that are %s are kept only as far as they are notes; a release name that is not text is none', async (_what, notes, kept) => {
    const feed = await feedOf({ version: '9.0.0', releaseNotes: notes, releaseName: 12 });
    const found = await updaterFor(feed).updater.check();
    expect(found).toMatchObject({ version: '9.0.0', releaseName: null, releaseNotes: kept });
  });
});

describe('version order', () => {
  it('follows semantic versioning, pre-releases before their release', () => {
    expect(isNewerVersion('1.0.1', '1.0.0')).toBe(true);
    expect(isNewerVersion('1.10.0', '1.9.9')).toBe(true);
    expect(isNewerVersion('1.0.0', '1.0.0')).toBe(false);
    expect(isNewerVersion('1.0.0', '1.0.0-rc.1')).toBe(true);
    expect(isNewerVersion('1.0.0-rc.1', '1.0.0')).toBe(false);
    expect(isNewerVersion('1.0.0-rc.10', '1.0.0-rc.9')).toBe(true);
    expect(isNewerVersion('1.0.0-rc.1', '1.0.0-beta.5')).toBe(true);
    expect(isNewerVersion('1.0.0-alpha.1', '1.0.0-alpha')).toBe(true);
    expect(isNewerVersion('v2.0.0', '1.99.99')).toBe(true);
    expect(() => isNewerVersion('latest', '1.0.0')).toThrow('The feed names version "latest", which is not a version number (like 1.2.3).');
  });
});
