/**
 * A bundle import killed with SIGKILL (kill -9) leaves the workspace as it was: killed while the
 * before-import backup is written, and killed inside the import's transaction with every row written
 * but not committed. The workspace then opens clean, with the same rows and history, and Verify passes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { verify } from '@main/services/workspace-verify';
import { openTestWorkspace, tempDir } from './helpers';
import { exportTo, historyDump, tableDump } from './fixtures/bundle-helpers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function runChild(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/db/fixtures/bundle-kill-child.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const stopped = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('stopped\n')) resolve();
    });
    child.once('exit', () => reject(new Error(`the child ended before it stopped:\n${out}\n${err}`)));
  });
  return { child, stopped };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('a bundle import killed with SIGKILL', () => {
  for (const moment of ['backup', 'commit'] as const) {
    it(`${moment === 'backup' ? 'while the before-import backup is written' : 'inside its transaction, before the commit'}: the workspace is as it was`, async () => {
      const source = openTestWorkspace();
      const site = await source.factories.buildSite();
      await source.factories.buildOwnerAssignment({ siteId: site.id });
      const { file } = await exportTo(source, path.join(tempDir(), 'out'), { kind: 'all' });

      const target = openTestWorkspace(path.join(tempDir(), 'target.sqlite'));
      await target.factories.buildClient({ name: 'Already here Ltd' });
      await target.factories.buildSite({ name: 'Already here', productionUrl: 'https://already-here.example' });
      const tables = tableDump(target);
      const history = historyDump(target);
      target.session.close();

      const { child, stopped } = runChild([target.file, file, moment]);
      await stopped;
      await kill(child);

      const after = openTestWorkspace(target.file);
      expect(tableDump(after)).toEqual(tables);
      expect(historyDump(after)).toEqual(history);
      expect(after.session.workspace.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(
        verify(after.session.ctx)
          .checks.filter((c) => !c.ok)
          .map((c) => c.key),
      ).toEqual([]);
    });
  }
});
