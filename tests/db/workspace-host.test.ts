/**
 * The workspace host (main/workspace-host.ts) on real files: opening, creating and switching workspaces
 * and the recent list; recovery mode for a file that fails its checks (only the recovery channels work
 * and the file is never changed); and the swap of a workspace for a restored one, including kill -9 at
 * each step in a child process, after which the old or the new workspace opens whole.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkspaceState } from '@core/contract/workspace';
import { extractBackup, readBackupInfo } from '@main/backups/index';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { RECENT_FILE, RECENT_MAX } from '@main/workspace-host-recent';
import { type WorkspaceHost, type SwapStep, type WorkspaceHostOptions } from '@main/workspace-host';
import { foreignDb, sha, startHost as startHostKit, workspaceWith } from './fixtures/host-kit';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const hosts: WorkspaceHost[] = [];

afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

const startHost = (file: string, extra: Partial<WorkspaceHostOptions> = {}) => startHostKit(file, hosts, extra);

function clientNames(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT name FROM clients ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('workspace host: open, create, switch and the recent list', () => {
  it('opens a workspace, creates a second beside it and switches back through the recent list', async () => {
    const first = await workspaceWith('First Client', path.join(tempDir(), 'Acme rollouts.sqlite'));
    const { host, events, configDir, call, fail } = startHost(first);
    let state = await call<WorkspaceState>('workspace.state');
    expect(state).toMatchObject({
      mode: 'open',
      file: first,
      name: 'Acme rollouts',
      title: 'Acme rollouts — Rollout Workbench',
      readOnly: false,
      problem: null,
      canChooseFiles: false,
    });
    expect(state.recent).toEqual([expect.objectContaining({ name: 'Acme rollouts', folder: path.dirname(first), exists: true, current: true })]);

    state = await call<WorkspaceState>('workspace.create', { name: 'Globex rollouts', where: 'beside-current' });
    const second = path.join(path.dirname(first), 'Globex rollouts.sqlite');
    expect(state).toMatchObject({ mode: 'open', file: second, title: 'Globex rollouts — Rollout Workbench' });
    expect(fs.existsSync(second)).toBe(true);
    expect(events).toContainEqual(['workspace.changed', { file: second }]);
    expect(state.recent.map((r) => [r.name, r.current])).toEqual([
      ['Globex rollouts', true],
      ['Acme rollouts', false],
    ]);
    // Calls now reach the new workspace: it has no clients.
    expect((await call<{ total: number }>('clients.list', {})).total).toBe(0);
    await call('clients.create', { name: 'Second Client' });

    const back = state.recent.find((r) => r.name === 'Acme rollouts')!;
    state = await call<WorkspaceState>('workspace.open', { recentId: back.id });
    expect(state.file).toBe(first);
    expect((await call<{ rows: { name: string }[] }>('clients.list', {})).rows.map((c) => c.name)).toEqual(['First Client']);
    expect(clientNames(second)).toEqual(['Second Client']);

    // The list is kept on disk, by path, for the next start; the page only ever sees ids.
    const stored = JSON.parse(fs.readFileSync(path.join(configDir, RECENT_FILE), 'utf8')) as { workspaces: { file: string }[] };
    expect(stored.workspaces.map((w) => w.file)).toEqual([first, second]);
    expect(JSON.stringify(state.recent)).not.toContain(first);
    expect((await fail('workspace.open', { recentId: first })).code).toBe('NOT_FOUND');
    expect(host.state().file).toBe(first);
  });

  it('refuses bad names and existing files, writing nothing', async () => {
    const first = await workspaceWith('Client A');
    const { fail } = startHost(first);
    const before = fs.readdirSync(path.dirname(first)).sort();
    for (const name of ['', '   ', '../escape', 'a/b', 'a\\b', '..', 'bad\u0000name']) {
      const err = await fail('workspace.create', { name, where: 'beside-current' });
      expect(err.code, name).toBe('INVALID_INPUT');
      expect(err.details?.issues?.[0]?.path).toBe('name');
    }
    fs.writeFileSync(path.join(path.dirname(first), 'Taken.sqlite'), 'somebody else');
    const taken = await fail('workspace.create', { name: 'Taken', where: 'beside-current' });
    expect(taken.code).toBe('DUPLICATE');
    expect(taken.message).toContain('Taken.sqlite already exists in');
    expect(fs.readFileSync(path.join(path.dirname(first), 'Taken.sqlite'), 'utf8')).toBe('somebody else');
    // No folder can be chosen without a dialog (the web harness without --export-dir).
    expect((await fail('workspace.create', { name: 'Elsewhere', where: 'choose' })).code).toBe('REFUSED');
    expect(fs.readdirSync(path.dirname(first)).sort()).toEqual([...before, 'Taken.sqlite'].sort());
  });

  it('creates in a folder chosen in main, and opens a file chosen in main', async () => {
    const first = await workspaceWith('Client A');
    const chosenFolder = tempDir();
    const other = await workspaceWith('Chosen Client');
    const { call } = startHost(first, { chooseFolder: async () => chosenFolder, chooseFile: async () => other });
    const created = await call<WorkspaceState>('workspace.create', { name: 'Far away', where: 'choose' });
    expect(created.file).toBe(path.join(chosenFolder, 'Far away.sqlite'));
    const opened = await call<WorkspaceState>('workspace.open', { choose: true });
    expect(opened).toMatchObject({ file: other, canChooseFiles: true });
  });

  it('keeps the current workspace open when another cannot be opened, and says why', async () => {
    const first = await workspaceWith('Client A');
    const second = await workspaceWith('Client B');
    const configDir = path.join(tempDir(), 'config');
    // The second was open once, so it is in the recent list.
    await startHost(second, { configDir }).host.close();
    const { host, call, fail } = startHost(first, { configDir });
    fs.writeFileSync(second, 'not a database '.repeat(300));
    const damaged = host.state().recent.find((r) => r.name === 'Client B')!;
    const err = await fail('workspace.open', { recentId: damaged.id });
    expect(err.code).toBe('REFUSED');
    expect(err.message).toMatch(/^This file is not a workspace: .* is not a Rollout Workbench workspace/);
    expect(err.message).toContain('Client A stays open.');
    expect(host.state()).toMatchObject({ mode: 'open', file: first });
    expect((await call<{ rows: { name: string }[] }>('clients.list', {})).rows.map((c) => c.name)).toEqual(['Client A']);
    // A file that is gone is named as gone.
    fs.rmSync(second);
    expect((await fail('workspace.open', { recentId: damaged.id })).message).toContain('is no longer in');
    expect(host.state().recent.find((r) => r.id === damaged.id)?.exists).toBe(false);
  });

  it('forgets entries (never the open one) and keeps at most ten', async () => {
    const first = await workspaceWith('Client A');
    const { host, call, fail } = startHost(first);
    for (let i = 1; i <= RECENT_MAX + 1; i++) await call('workspace.create', { name: `W${i}`, where: 'beside-current' });
    let state = host.state();
    expect(state.recent).toHaveLength(RECENT_MAX);
    expect(state.recent[0]).toMatchObject({ name: `W${RECENT_MAX + 1}`, current: true });
    expect(state.recent.map((r) => r.name)).not.toContain(path.basename(first, '.sqlite'));
    expect((await fail('workspace.forget', { recentId: state.recent[0]!.id })).code).toBe('REFUSED');
    state = await call<WorkspaceState>('workspace.forget', { recentId: state.recent[1]!.id });
    expect(state.recent).toHaveLength(RECENT_MAX - 1);
    expect((await fail('workspace.forget', { recentId: 'no-such-id' })).code).toBe('NOT_FOUND');
  });

  it('copies the open workspace aside consistently, leaving it as it is', async () => {
    const first = await workspaceWith('Client A');
    const { call } = startHost(first);
    const { copy } = await call<{ copy: string }>('workspace.copyAside');
    expect(path.dirname(copy)).toBe(path.dirname(first));
    expect(path.basename(copy)).toMatch(/^Client A copy .*\.sqlite$/);
    expect(clientNames(copy)).toEqual(['Client A']);
    expect(await call('workspace.reveal')).toEqual({ file: first, shown: false });
  });
});

describe('workspace host: recovery mode', () => {
  it('opens the recovery screen for a foreign file, serves only the recovery channels and never changes the file', async () => {
    const file = foreignDb(path.join(tempDir(), 'rollouts.sqlite'));
    const hash = sha(file);
    const good = await workspaceWith('Good Client');
    const revealed: string[] = [];
    const configDir = path.join(tempDir(), 'config');
    await startHost(good, { configDir }).host.close();
    const { host, events, call, fail } = startHost(file, { configDir, reveal: (f) => revealed.push(f) });
    const state = await call<WorkspaceState>('workspace.state');
    expect(state).toMatchObject({
      mode: 'recovery',
      file,
      name: 'rollouts',
      title: 'rollouts — Rollout Workbench — recovery',
      problem: { title: 'This file belongs to another application' },
    });
    for (const channel of ['clients.list', 'workspace.info', 'clients.create', 'settings.get']) {
      const err = await fail(channel, channel === 'clients.create' ? { name: 'X' } : {});
      expect(err.code, channel).toBe('REFUSED');
      expect(err.message).toMatch(new RegExp(`^No workspace is open: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be opened`));
    }
    expect((await fail('nope.nothing')).code).toBe('UNKNOWN_CHANNEL');
    expect(await call('workspace.reveal')).toEqual({ file, shown: true });
    expect(revealed).toEqual([file]);

    // Copy aside: byte for byte, beside it; the original is left as it was.
    const { copy } = await call<{ copy: string }>('workspace.copyAside');
    expect(path.basename(copy)).toMatch(/^rollouts damaged copy .*\.sqlite$/);
    expect(sha(copy)).toBe(hash);
    expect(sha(file)).toBe(hash);

    // Opening another workspace leaves recovery mode.
    const entry = host.state().recent.find((r) => r.name === 'Good Client')!;
    const opened = await call<WorkspaceState>('workspace.open', { recentId: entry.id });
    expect(opened).toMatchObject({ mode: 'open', file: good, problem: null });
    expect(events).toContainEqual(['workspace.changed', { file: good }]);
    expect(sha(file)).toBe(hash);
  });

  it('copies a damaged file with its write-ahead log', async () => {
    const file = path.join(tempDir(), 'damaged.sqlite');
    fs.writeFileSync(file, 'not a database '.repeat(300));
    fs.writeFileSync(`${file}-wal`, 'pending pages');
    const { call } = startHost(file);
    expect((await call<WorkspaceState>('workspace.state')).problem?.title).toBe('This file is not a workspace');
    const { copy } = await call<{ copy: string }>('workspace.copyAside');
    expect(fs.readFileSync(`${copy}-wal`, 'utf8')).toBe('pending pages');
    expect(fs.readFileSync(`${file}-wal`, 'utf8')).toBe('pending pages');
  });

  it('replaces a damaged workspace by a prepared one, keeping a plain copy of the damaged file', async () => {
    const file = foreignDb(path.join(tempDir(), 'rollouts.sqlite'));
    const hash = sha(file);
    const prepared = await workspaceWith('Restored Client');
    const { host, events, call } = startHost(file);
    const { safetyCopy } = await host.replaceWorkspace(prepared, { label: 'the backup' });
    expect(safetyCopy).toMatch(/rollouts\.sqlite\.damaged-\d{4}-\d{2}-\d{2}T/);
    expect(sha(safetyCopy!)).toBe(hash);
    expect(host.state()).toMatchObject({ mode: 'open', file });
    expect((await call<{ rows: { name: string }[] }>('clients.list', {})).rows.map((c) => c.name)).toEqual(['Restored Client']);
    expect(events).toContainEqual(['workspace.changed', { file }]);
    expect(fs.existsSync(path.join(path.dirname(file), '.rollouts.sqlite.partial'))).toBe(false);
  });
});

describe('workspace host: the recent list file', () => {
  it('reads an unreadable list as empty and rewrites it whole, with no temporary file left', async () => {
    const configDir = path.join(tempDir(), 'config');
    fs.mkdirSync(configDir);
    fs.writeFileSync(path.join(configDir, RECENT_FILE), '{ "workspaces": [ {"file": "relative.sqlite", "lastOpenedAt": "x"}, ');
    const first = await workspaceWith('Client A');
    const { host } = startHost(first, { configDir });
    expect(host.state().recent.map((r) => r.name)).toEqual(['Client A']);
    expect(fs.readdirSync(configDir)).toEqual([RECENT_FILE]);
  });
});

describe('web harness on a workspace that fails its checks', () => {
  it('serves the recovery screen, says RECOVERY before READY and leaves the file as it was', async () => {
    const dir = tempDir();
    const file = foreignDb(path.join(dir, 'rollouts.sqlite'));
    const hash = sha(file);
    const web = path.join(dir, 'web');
    fs.mkdirSync(web);
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Rollout Workbench</title>');
    const env: NodeJS.ProcessEnv = { ...process.env, ROLLOUT_WORKBENCH_ACTOR: 'harness test' };
    delete env.ROLLOUT_WORKBENCH_DB;
    const args = ['--import', 'tsx', path.join(ROOT, 'main/web.ts'), '--quiet', '--static', web, '--workspace', file, '--config-dir', path.join(dir, 'config')];
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    // A child that ends before READY fails the test at once, with what it said.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += String(d);
        if (out.includes('READY ')) resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`the web harness ended before READY (${code ?? signal}): ${err}`)));
    });
    const url = new URL(/READY (\S+)/.exec(out)![1]!);
    const call = async (channel: string) =>
      (await (
        await fetch(`${url.origin}/rpc/${channel}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
          body: '{}',
        })
      ).json()) as { ok: boolean; value?: WorkspaceState; error?: { code: string; message: string } };
    const state = await call('workspace.state');
    const info = await call('workspace.info');
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(out).toMatch(/RECOVERY http:\/\/127\.0\.0\.1:\d+\/\?token=\S+\nREADY /);
    expect(out).toContain(`serving the recovery screen for ${file}`);
    expect(err).toContain('This file belongs to another application');
    expect(state.value).toMatchObject({ mode: 'recovery', canChooseFiles: false });
    expect(info.error?.message).toMatch(/^No workspace is open: /);
    expect(sha(file)).toBe(hash);
  }, 60_000);
});

describe('workspace host: replacing the open workspace', () => {
  it('keeps a before-restore backup, swaps the file and opens it again', async () => {
    const file = await workspaceWith('Old Client', path.join(tempDir(), 'rollouts.sqlite'));
    const prepared = await workspaceWith('New Client');
    const { host, events, call } = startHost(file);
    const { safetyCopy } = await host.replaceWorkspace(prepared, { label: 'the backup' });
    expect(safetyCopy).toBeTruthy();
    expect(path.dirname(safetyCopy!)).toBe(path.join(path.dirname(file), 'rollouts backups'));
    // The safety copy holds the workspace as it was.
    expect(readBackupInfo(safetyCopy!).reason).toBe('before-restore');
    expect(clientNames(await extractBackup(safetyCopy!, { dir: tempDir() }))).toEqual(['Old Client']);
    expect((await call<{ rows: { name: string }[] }>('clients.list', {})).rows.map((c) => c.name)).toEqual(['New Client']);
    expect(events).toContainEqual(['workspace.changed', { file }]);
  });

  it('refuses while another program has the file open, and changes nothing', async () => {
    const file = await workspaceWith('Old Client', path.join(tempDir(), 'rollouts.sqlite'));
    const prepared = await workspaceWith('New Client');
    const { host, call } = startHost(file);
    const other = new Database(file);
    try {
      other.prepare('SELECT count(*) FROM clients').get();
      await expect(host.replaceWorkspace(prepared, { label: 'the backup' })).rejects.toThrow(/Another program has rollouts open.*Nothing was changed/);
    } finally {
      other.close();
    }
    expect(host.state().mode).toBe('open');
    expect((await call<{ rows: { name: string }[] }>('clients.list', {})).rows.map((c) => c.name)).toEqual(['Old Client']);
  });

  const steps: [SwapStep, 'old' | 'new'][] = [
    ['after-safety-copy', 'old'],
    ['after-close', 'old'],
    ['after-partial', 'old'],
    ['after-side-files', 'old'],
    ['after-rename', 'new'],
    ['after-reopen', 'new'],
  ];
  it.each(steps)(
    'kill -9 %s leaves the %s workspace whole',
    async (step, expected) => {
      const file = await workspaceWith('Old Client', path.join(tempDir(), 'rollouts.sqlite'));
      const prepared = await workspaceWith('New Client');
      const configDir = path.join(tempDir(), 'config');
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/db/fixtures/host-swap-child.ts'), file, prepared, configDir], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, RW_TEST_KILL_AT: step },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += String(d)));
      child.stderr.on('data', (d) => (err += String(d)));
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
      expect({ code, signal, err }).toMatchObject({ signal: 'SIGKILL' });
      expect(out).toContain('opened open');
      expect(out).not.toContain('finished');
      // What the next start finds: a whole workspace, the old one or the new one.
      const s = openSession(file, { log: silentLogger, create: 'never' });
      try {
        const r = await s.dispatch('clients.list', {});
        expect(r.ok && (r.value as { rows: { name: string }[] }).rows.map((c) => c.name)).toEqual([expected === 'old' ? 'Old Client' : 'New Client']);
      } finally {
        s.close();
      }
      expect(integrity(file)).toBe('ok');
    },
    60_000,
  );
});
