/**
 * Where a backup's bytes go: only the container in the destination (never the workspace in the clear,
 * even while it is written), private file modes, final names taken without hard links and never over
 * another file, and the cleanup of unfinished files in a folder several machines may share.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appVersion, createBackup, listBackups } from '@main/backups/index';
import { hostTag, placeFinished, removeUnfinished } from '@main/backups/files';
import { closeWorkers } from '@main/workers/index';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

afterAll(async () => {
  await closeWorkers();
});

const PASSPHRASE = 'a long enough passphrase';

async function seeded(sites = 3): Promise<TestWorkspace> {
  const ws = openTestWorkspace();
  for (let i = 0; i < sites; i += 1) await ws.factories.buildSite();
  return ws;
}

/** Whether any file in `folder` holds the workspace's bytes in the clear. */
function plaintextIn(folder: string): boolean {
  return fs.readdirSync(folder).some((n) => fs.readFileSync(path.join(folder, n)).includes(Buffer.from('SQLite format 3')));
}

describe('where a backup is written', () => {
  it('puts only the container in the destination, private (0600), never the workspace in the clear, even while writing', async () => {
    const ws = await seeded(3);
    const folder = tempDir();
    const seen: { name: string; mode: number; clear: boolean }[] = [];
    const info = await createBackup(ws.file, {
      folder,
      reason: 'manual',
      now: new Date('2026-03-01T10:00:00Z'),
      appVersion: appVersion(),
      schemaVersion: 1,
      passphrase: PASSPHRASE,
      onProgress: () => {
        for (const name of fs.readdirSync(folder)) {
          const file = path.join(folder, name);
          seen.push({ name, mode: fs.statSync(file).mode & 0o777, clear: fs.readFileSync(file).includes(Buffer.from('SQLite format 3')) });
        }
      },
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((f) => f.mode === 0o600 && !f.clear && /\.partial$/.test(f.name))).toBe(true);
    expect(fs.statSync(info.file).mode & 0o777).toBe(0o600);
    expect(plaintextIn(folder)).toBe(false);
  });

  it('names the backup apart without hard links, never over an existing file', () => {
    const folder = tempDir();
    const noLinks = () => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    };
    const partialOf = (text: string) => {
      const file = path.join(folder, `.x.rwbackup.${hostTag()}-${process.pid}-${text}.partial`);
      fs.writeFileSync(file, text);
      return file;
    };
    fs.writeFileSync(path.join(folder, 'ws 2026-03-01 100000 manual.rwbackup'), 'first');
    const second = placeFinished(partialOf('second'), folder, 'ws 2026-03-01 100000 manual', noLinks);
    const third = placeFinished(partialOf('third'), folder, 'ws 2026-03-01 100000 manual', noLinks);
    expect([path.basename(second), path.basename(third)]).toEqual(['ws 2026-03-01 100000 manual-2.rwbackup', 'ws 2026-03-01 100000 manual-3.rwbackup']);
    expect(['', '-2', '-3'].map((n) => fs.readFileSync(path.join(folder, `ws 2026-03-01 100000 manual${n}.rwbackup`), 'utf8'))).toEqual([
      'first',
      'second',
      'third',
    ]);
    expect(fs.readdirSync(folder)).toHaveLength(3);
  });

  it('cleans up only partials of this machine whose process is gone, or any older than a day; listing removes nothing', async () => {
    const folder = tempDir();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.once('exit', resolve));
    const partial = (host: string, pid: number) => {
      const file = path.join(folder, `.ws 2026-03-01 100000 daily.rwbackup.${host}-${pid}-1.partial`);
      fs.writeFileSync(file, 'unfinished');
      return file;
    };
    const mineGone = partial(hostTag(), dead.pid!);
    const mineRunning = partial(hostTag(), process.pid);
    const otherMachine = partial('another_laptop', dead.pid!);
    const otherOld = partial('another_desktop', 12345);
    const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
    fs.utimesSync(otherOld, old, old);
    expect(listBackups(folder)).toEqual([]);
    expect(fs.readdirSync(folder)).toHaveLength(4);
    expect(removeUnfinished(folder).sort()).toEqual([mineGone, otherOld].sort());
    expect(fs.readdirSync(folder).sort()).toEqual([path.basename(mineRunning), path.basename(otherMachine)].sort());
  });
});
