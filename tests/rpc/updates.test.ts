/**
 * The four `updates.*` channels through the real registry of a real workspace, with the host's
 * controller reading a stand-in feed on loopback: state, check, the per-device setting, and "Restart to
 * update" refused while a backup call or an export job runs, naming it. Without a host (the CLI) they
 * refuse in words saying where updates happen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateState } from '@core/contract/updates';
import { silentLogger, writerOf } from '@main/rpc/context';
import { beginJob } from '@main/services/jobs';
import { LONG_OPERATIONS, NOT_LONG_OPERATIONS, runningLongOperations, setRestarting, trackCall } from '@main/updates/busy';
import { UpdateController } from '@main/updates/controller';
import { FeedUpdater } from '@main/updates/feed-updater';
import { UpdateSetting } from '@main/updates/setting';
import { handlers } from '@main/services/handlers';
import { contract } from '@core/contract/index';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../db/helpers';
import { startUpdateFeed, type UpdateFeed } from '../factories/update-feed';

const feeds: UpdateFeed[] = [];
const controllers: UpdateController[] = [];
afterEach(async () => {
  setRestarting(false);
  for (const c of controllers.splice(0)) c.stop();
  for (const f of feeds.splice(0)) await f.close();
});

async function withUpdates(ws: TestWorkspace, version = '9.0.0') {
  const feed = await startUpdateFeed({ version, releaseNotes: '<p>Faster <em>exports</em></p>' });
  feeds.push(feed);
  const configDir = tempDir();
  const installs: string[] = [];
  const states: UpdateState[] = [];
  let onSettled: (s: UpdateState) => void = () => {};
  const controller = new UpdateController({
    updater: new FeedUpdater({
      feedUrl: feed.url,
      currentVersion: '1.0.0',
      downloadDir: path.join(configDir, 'downloads'),
      log: silentLogger,
      onInstall: (v) => installs.push(v),
    }),
    setting: new UpdateSetting(configDir, silentLogger),
    clock: ws.clock,
    log: silentLogger,
    emit: (s) => {
      states.push(s);
      if (s.status === 'ready' || s.status === 'error') onSettled(s);
    },
  });
  controllers.push(controller);
  ws.session.ctx.host = { replaceWorkspace: () => Promise.reject(new Error('not in this test')), updates: controller };
  const ready = async () => {
    const settled = new Promise<UpdateState>((r) => (onSettled = r));
    const checked = await ws.call('updates.check', {});
    return checked.status === 'downloading' ? settled : checked;
  };
  return { feed, configDir, installs, states, ready };
}

describe('updates.* over the registry', () => {
  it('state, check, then a version ready to install with its notes as text', async () => {
    const ws = openTestWorkspace();
    const { ready, installs, feed } = await withUpdates(ws);
    const before = await ws.call('updates.state', {});
    expect(before).toMatchObject({
      currentVersion: '1.0.0',
      supported: true,
      unsupportedReason: null,
      automatic: true,
      status: 'idle',
      available: null,
      busy: [],
    });
    expect(await ready()).toMatchObject({ status: 'ready', available: { version: '9.0.0', releaseNotes: 'Faster exports' } });
    expect(feed.requests).toContain('/rollout-workbench-9.0.0.AppImage');
    expect(await ws.call('updates.install', {})).toEqual({ restarting: true });
    expect(installs).toEqual(['9.0.0']);
  });

  it('the setting is per device: off answers the state and is kept in the config folder; bad input names the field', async () => {
    const ws = openTestWorkspace();
    const { configDir } = await withUpdates(ws);
    expect(await ws.call('updates.setAutomatic', { automatic: false })).toMatchObject({ automatic: false, nextCheckAt: null });
    expect(JSON.parse(fs.readFileSync(path.join(configDir, 'updates.json'), 'utf8'))).toMatchObject({ automatic: false });
    const bad = await ws.fail('updates.setAutomatic', { automatic: 'no' });
    expect(bad).toMatchObject({ code: 'INVALID_INPUT', message: 'Automatic updates must be on or off.' });
    expect(bad.details?.issues?.[0]?.path).toBe('automatic');
    expect((await ws.fail('updates.state', { extra: 1 })).code).toBe('INVALID_INPUT');
    expect((await ws.call('updates.state', {})).automatic).toBe(false);
  });

  it('install is refused when nothing is ready', async () => {
    const ws = openTestWorkspace();
    await withUpdates(ws);
    expect(await ws.fail('updates.install', {})).toMatchObject({ code: 'REFUSED', message: 'No update is ready to install. Use "Check now" to look for one.' });
  });

  it('install is refused while a backup call runs, naming it, and goes ahead once it ends', async () => {
    const ws = openTestWorkspace();
    const { ready, installs } = await withUpdates(ws);
    await ready();
    // Not awaited: the backup is running while the restart is asked for.
    const backup = ws.session.dispatch('backups.create', { destination: 'automatic' });
    const refused = await ws.fail('updates.install', {});
    expect(refused).toMatchObject({
      code: 'BUSY',
      message: 'Not restarting now: a backup is running and would be cut short. Restart to update when it ends.',
      details: { busy: ['a backup'] },
    });
    expect((await backup).ok).toBe(true);
    expect(installs).toEqual([]);
    expect(await ws.call('updates.install', {})).toEqual({ restarting: true });
  });

  it('a job started by an export holds a restart after its call has answered, until the job ends', async () => {
    const ws = openTestWorkspace();
    const { ready, states } = await withUpdates(ws);
    await ready();
    const job = await trackCall('documents.exportBulk', () => Promise.resolve(beginJob(writerOf(ws.session.ctx))));
    expect(runningLongOperations()).toEqual(['an export of documents']);
    expect((await ws.call('updates.state', {})).busy).toEqual(['an export of documents']);
    expect(states.at(-1)?.busy).toEqual(['an export of documents']);
    expect(await ws.fail('updates.install', {})).toMatchObject({ code: 'BUSY', message: expect.stringContaining('an export of documents is running') });
    job.end();
    expect(states.at(-1)?.busy).toEqual([]);
    expect(await ws.call('updates.install', {})).toEqual({ restarting: true });
  });

  it('a job of a channel that is no long operation holds nothing', async () => {
    const ws = openTestWorkspace();
    const job = await trackCall('bulk.preview', () => Promise.resolve(beginJob(writerOf(ws.session.ctx))));
    expect(runningLongOperations()).toEqual([]);
    job.end();
  });

  it('while the program restarts into an update, a new backup or export is refused in words, and a job of one is not registered', async () => {
    const ws = openTestWorkspace();
    setRestarting(true);
    expect(await ws.fail('backups.create', { destination: 'automatic' })).toMatchObject({
      code: 'BUSY',
      message: 'Rollout Workbench is restarting to install an update; try again after it restarts.',
    });
    // A call that is no long operation still runs.
    (await trackCall('bulk.preview', async () => beginJob(writerOf(ws.session.ctx), 'job-1'))).end();
    const started = trackCall('documents.exportBulk', async () => beginJob(writerOf(ws.session.ctx), 'job-2'));
    await expect(started).rejects.toMatchObject({ code: 'BUSY' });
    setRestarting(false);
    // The refused job left nothing behind: its id is free.
    const job = await trackCall('documents.exportBulk', async () => beginJob(writerOf(ws.session.ctx), 'job-2'));
    expect(runningLongOperations()).toEqual(['an export of documents']);
    job.end();
  });

  it('without a host (the CLI, scripts) the channels say where updates happen', async () => {
    const ws = openTestWorkspace();
    expect(await ws.fail('updates.state', {})).toMatchObject({ code: 'REFUSED', message: 'Updates are checked and installed in the desktop app, not here.' });
    expect((await ws.fail('updates.install', {})).code).toBe('REFUSED');
  });
});

describe('long operations are declared', () => {
  it('every channel that writes in steps is a declared long operation or says why it is not', () => {
    const steps = Object.entries(handlers)
      .filter(([, b]) => typeof b === 'object' && b !== null && (b as { kind: string }).kind === 'steps')
      .map(([c]) => c);
    // A plain channel whose name says it exports, imports, restores or makes a backup is declared too.
    const byName = Object.keys(contract).filter(
      (c) => /export|import|restore/i.test(c.split('.')[1] ?? '') || c === 'backups.create' || c.startsWith('bundles.'),
    );
    expect(byName).toEqual(expect.arrayContaining(['backups.restore', 'bundles.import', 'portfolio.export']));
    const undeclared = [...new Set([...steps, ...byName])].filter((c) => !(c in LONG_OPERATIONS) && !(c in NOT_LONG_OPERATIONS));
    expect(undeclared, 'declare these in LONG_OPERATIONS (main/updates/busy.ts), or in NOT_LONG_OPERATIONS with the reason').toEqual([]);
    for (const c of [...Object.keys(LONG_OPERATIONS), ...Object.keys(NOT_LONG_OPERATIONS)]) expect(c in contract, c).toBe(true);
    expect(Object.keys(LONG_OPERATIONS).filter((c) => c in NOT_LONG_OPERATIONS)).toEqual([]);
  });

  it('a declared call holds a restart while it runs, also when it fails', async () => {
    const running = trackCall('portfolio.export', async () => {
      expect(runningLongOperations()).toEqual(['a spreadsheet export']);
      throw new Error('disk full');
    });
    await expect(running).rejects.toThrow('disk full');
    expect(runningLongOperations()).toEqual([]);
  });
});
