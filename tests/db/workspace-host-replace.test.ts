/**
 * The workspace host (main/workspace-host.ts) while it replaces or switches the workspace: calls
 * racing a restore, other programs holding the file, a restore that does not open, a recent list that
 * cannot be written, the automatic backup after a switch, events of the old workspace, pages that have
 * not caught up, and kill -9 during the swap of a damaged file (recovery mode).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkspaceState } from '@core/contract/workspace';
import { backupsFolderOf, extractBackup, listBackups } from '@main/backups/index';
import { deriveContext, silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { RECENT_FILE } from '@main/workspace-host-recent';
import type { SwapStep, WorkspaceHost } from '@main/workspace-host';
import { clientNames, foreignDb, sha, startHost, workspaceWith } from './fixtures/host-kit';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const hosts: WorkspaceHost[] = [];

afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('workspace host: calls while the workspace is replaced', () => {
  it('answers every write racing a restore either BUSY or with its row in the safety copy', async () => {
    const file = await workspaceWith('Old Client', path.join(tempDir(), 'rollouts.sqlite'));
    const prepared = await workspaceWith('New Client');
    const { host } = startHost(file, hosts);
    let done = false;
    const replacing = host.replaceWorkspace(prepared, { label: 'the backup' }).finally(() => {
      done = true;
    });
    const acknowledged: string[] = [];
    const refused: string[] = [];
    for (let i = 0; !done; i++) {
      const r = await host.dispatch('clients.create', { name: `Racing ${i}` });
      if (r.ok) acknowledged.push(`Racing ${i}`);
      else refused.push(r.error.code);
      await nextTurn();
    }
    const { safetyCopy } = await replacing;
    const kept = clientNames(await extractBackup(safetyCopy!, { dir: tempDir() }));
    for (const name of acknowledged) expect(kept, name).toContain(name);
    expect(new Set(refused)).toEqual(new Set(['BUSY']));
    expect((await host.dispatch('workspace.state', {})).ok).toBe(true);
  });

  it('answers workspace.state while busy, and refuses the rest with "being replaced"', async () => {
    const file = await workspaceWith('Old Client', path.join(tempDir(), 'rollouts.sqlite'));
    const prepared = await workspaceWith('New Client');
    const { host } = startHost(file, hosts);
    const replacing = host.replaceWorkspace(prepared, { label: 'the backup' });
    const state = await host.dispatch('workspace.state', {});
    const list = await host.dispatch('clients.list', {});
    await replacing;
    expect(state).toMatchObject({ ok: true, value: { file } });
    expect(list).toMatchObject({ ok: false, error: { code: 'BUSY', message: 'The workspace is being replaced: try again in a moment.' } });
  });
});

describe('workspace host: other programs and read-only workspaces', () => {
  it('refuses to restore over a damaged file another program has open, and leaves it and its log as they were', async () => {
    const file = foreignDb(path.join(tempDir(), 'rollouts.sqlite'), true);
    const other = new Database(file);
    try {
      other.prepare("INSERT INTO items (name) VALUES ('in the log')").run();
      const wal = sha(`${file}-wal`);
      const prepared = await workspaceWith('New Client');
      const { host } = startHost(file, hosts);
      expect(host.state().mode).toBe('recovery');
      await expect(host.replaceWorkspace(prepared, { label: 'the backup' })).rejects.toThrow(/Another program has rollouts open.*Nothing was changed/);
      expect(sha(`${file}-wal`)).toBe(wal);
      expect(other.prepare('SELECT name FROM items ORDER BY id').all()).toEqual([{ name: 'kept' }, { name: 'in the log' }]);
      expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('damaged'))).toEqual([]);
      expect(host.state().mode).toBe('recovery');
    } finally {
      other.close();
    }
  });

  it('refuses to restore over a workspace opened read-only, in the read-only words', async () => {
    const file = await workspaceWith('Old Client', path.join(tempDir(), 'rollouts.sqlite'));
    const prepared = await workspaceWith('New Client');
    const { host, call } = startHost(file, hosts, { session: { log: silentLogger, actor: 'tester', device: 'test-device', readonly: true } });
    await expect(host.replaceWorkspace(prepared, { label: 'the backup' })).rejects.toThrow(
      /rollouts is open read-only \(it was opened read-only\).*Nothing was changed/,
    );
    expect((await call<{ rows: { name: string }[] }>('clients.list', {})).rows.map((c) => c.name)).toEqual(['Old Client']);
    expect(clientNames(file)).toEqual(['Old Client']);
  });
});

describe('workspace host: failures in the middle of a change', () => {
  it('says so when the restored file does not open, shows the recovery screen and tells the windows', async () => {
    const file = await workspaceWith('Old Client', path.join(tempDir(), 'rollouts.sqlite'));
    const notAWorkspace = foreignDb(path.join(tempDir(), 'foreign.sqlite'));
    const { host, events } = startHost(file, hosts);
    await expect(host.replaceWorkspace(notAWorkspace, { label: 'the backup' })).rejects.toThrow(
      /^the backup was put in place of rollouts, but it could not be opened: .*the workspace as it was is kept as .*before-restore/,
    );
    expect(host.state().mode).toBe('recovery');
    expect(events).toContainEqual(['workspace.changed', { file }]);
  });

  it('switches whole when the recent list cannot be written', async () => {
    const first = await workspaceWith('Client A');
    const { host, events, configDir, call } = startHost(first, hosts);
    // The list's file becomes a folder: it can be neither read nor replaced.
    fs.rmSync(path.join(configDir, RECENT_FILE));
    fs.mkdirSync(path.join(configDir, RECENT_FILE));
    const state = await call<WorkspaceState>('workspace.create', { name: 'Second', where: 'beside-current' });
    const second = path.join(path.dirname(first), 'Second.sqlite');
    expect(state).toMatchObject({ mode: 'open', file: second });
    expect(host.state().file).toBe(second);
    expect(events).toContainEqual(['workspace.changed', { file: second }]);
    expect((await call<{ total: number }>('clients.list', {})).total).toBe(0);
  });
});

describe('workspace host: after a switch', () => {
  it('runs the automatic backup of the workspace switched to', async () => {
    const first = await workspaceWith('Client A');
    const { host, call } = startHost(first, hosts, { automaticBackups: true });
    await host.automaticBackupDone();
    await call('workspace.create', { name: 'Second', where: 'beside-current' });
    const second = path.join(path.dirname(first), 'Second.sqlite');
    await vi.waitFor(
      async () => {
        await host.automaticBackupDone();
        expect(listBackups(backupsFolderOf(second)).map((b) => b.reason)).toEqual(['daily']);
      },
      { timeout: 30_000 },
    );
  }, 60_000);

  it('lets no event of the old workspace reach the windows', async () => {
    const first = await workspaceWith('Client A');
    const { host, events, call } = startHost(first, hosts);
    const old = deriveContext(host.session!.ctx, {});
    await call('workspace.create', { name: 'Second', where: 'beside-current' });
    const before = events.length;
    old.emit?.('data.changed', { entity: 'client', id: 'x' } as never);
    expect(events.length).toBe(before);
  });

  it('refuses writes from a page that has not asked which workspace is open since the switch', async () => {
    const first = await workspaceWith('Client A');
    const { host, call } = startHost(first, hosts);
    const page = { id: 'page-1', signal: new AbortController().signal };
    expect((await host.dispatch('workspace.state', {}, page)).ok).toBe(true);
    expect((await host.dispatch('clients.create', { name: 'Before' }, page)).ok).toBe(true);
    await call('workspace.create', { name: 'Second', where: 'beside-current' });
    const late = await host.dispatch('clients.create', { name: 'Late' }, page);
    expect(late).toMatchObject({ ok: false, error: { code: 'REFUSED', message: expect.stringContaining('Reload the page') } });
    // Reads still answer; after asking, writes go to the workspace it now knows.
    expect((await host.dispatch('clients.list', {}, page)).ok).toBe(true);
    expect((await host.dispatch('workspace.state', {}, page)).ok).toBe(true);
    expect((await host.dispatch('clients.create', { name: 'Now' }, page)).ok).toBe(true);
    expect(clientNames(host.file)).toEqual(['Now']);
  });
});

describe('workspace host: kill -9 while a damaged workspace is replaced', () => {
  const steps: [SwapStep, 'old' | 'new'][] = [
    ['after-safety-copy', 'old'],
    ['after-partial', 'old'],
    ['after-rename', 'new'],
    ['after-reopen', 'new'],
  ];
  it.each(steps)(
    'kill -9 %s leaves the %s file whole',
    async (step, expected) => {
      const file = path.join(tempDir(), 'rollouts.sqlite');
      fs.writeFileSync(file, 'not a database '.repeat(300));
      fs.writeFileSync(`${file}-wal`, 'pending pages');
      const hash = sha(file);
      const prepared = await workspaceWith('New Client');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'tests/db/fixtures/host-swap-child.ts'), file, prepared, path.join(tempDir(), 'config')],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, RW_TEST_KILL_AT: step },
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += String(d)));
      child.stderr.on('data', (d) => (err += String(d)));
      const [, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
      expect({ signal, err }).toMatchObject({ signal: 'SIGKILL' });
      expect(out).toContain('opened recovery');
      if (expected === 'old') {
        // The damaged file and its log, exactly as they were: nothing of them was removed yet.
        expect(sha(file)).toBe(hash);
        expect(fs.readFileSync(`${file}-wal`, 'utf8')).toBe('pending pages');
        return;
      }
      const s = openSession(file, { log: silentLogger, create: 'never' });
      try {
        const r = await s.dispatch('clients.list', {});
        expect(r.ok && (r.value as { rows: { name: string }[] }).rows.map((c) => c.name)).toEqual(['New Client']);
      } finally {
        s.close();
      }
    },
    60_000,
  );
});
