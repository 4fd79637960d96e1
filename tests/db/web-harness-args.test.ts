/**
 * The web harness started as a user starts it (a child process): a mistyped workspace path is refused
 * in the CLI's words instead of becoming an empty workspace; a new one is made at the default path or
 * with --new; --export-dir is made when missing and refused naming the flag when a file is in the way.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { tempDir } from './helpers';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** A stand-in web build: the harness only checks that index.html is there before it opens the workspace. */
function staticDir(): string {
  const dir = path.join(tempDir(), 'web');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Rollout Workbench</title>');
  return dir;
}

/** Runs the harness until it is ready (then stops it) or exits; returns what it printed. */
function harness(args: string[], cwd = root): Promise<{ ready: boolean; code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ROLLOUT_WORKBENCH_ACTOR: 'harness test' };
  delete env.ROLLOUT_WORKBENCH_DB;
  // From another folder tsx must be told where the repository's tsconfig is: it declares the path aliases (@core/*, …).
  // The recent list goes to a folder of the test's own, never to the user's config folder.
  const config = ['--config-dir', path.join(tempDir(), 'config')];
  const child = spawn(
    tsx,
    ['--tsconfig', path.join(root, 'tsconfig.json'), path.join(root, 'main/web.ts'), '--quiet', '--static', staticDir(), ...config, ...args],
    {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  let ready = false;
  child.stderr.on('data', (d) => (err += String(d)));
  child.stdout.on('data', (d) => {
    out += String(d);
    if (!ready && out.includes('READY ')) {
      ready = true;
      child.kill('SIGTERM');
    }
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ ready, code, out, err })));
}

describe('web harness: which workspace it opens', () => {
  it("refuses a mistyped path in the CLI's words and creates nothing", async () => {
    const dir = tempDir();
    const typo = path.join(dir, 'rollouts.sqltie');
    const r = await harness(['--workspace', typo]);
    expect(r.ready).toBe(false);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`${typo} does not exist. Check the path; to start a new workspace there, add --new.`);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('creates a workspace with --new (folders too) and at the default path; opens an existing one as it is', async () => {
    const dir = tempDir();
    const fresh = path.join(dir, 'team', 'rollouts.sqlite');
    const created = await harness(['--workspace', fresh, '--new']);
    expect(created.err).toBe('');
    expect(created.ready).toBe(true);
    expect(created.out).toContain(`Rollout Workbench is serving ${fresh} (a new workspace)`);
    expect(fs.statSync(fresh).size).toBeGreaterThan(0);

    // Without --new an existing workspace simply opens.
    const s = openSession(fresh, { log: silentLogger, create: 'never' });
    await s.dispatch('clients.create', { name: 'Northwind' });
    s.close();
    const reopened = await harness(['--workspace', fresh]);
    expect(reopened.ready).toBe(true);
    expect(reopened.out).toContain(`Rollout Workbench is serving ${fresh}\n`);

    // No path at all: workspace.sqlite in the folder it starts in, made on first start (`npm run web`).
    const here = tempDir();
    const byDefault = await harness([], here);
    expect(byDefault.ready).toBe(true);
    expect(fs.readdirSync(here)).toContain('workspace.sqlite');
  }, 120_000);
});

describe('web harness: --export-dir', () => {
  it('makes a missing export folder and its parents; refuses a file in the way naming --export-dir', async () => {
    const dir = tempDir();
    const workspace = path.join(dir, 'ws.sqlite');
    const exports = path.join(dir, 'exports', 'handover', 'november');
    const made = await harness(['--workspace', workspace, '--new', '--export-dir', exports]);
    expect(made.ready).toBe(true);
    expect(made.out).toContain(`Exports go to ${exports}`);
    expect(fs.statSync(exports).isDirectory()).toBe(true);

    const blocker = path.join(dir, 'exports.txt');
    fs.writeFileSync(blocker, 'not a folder');
    const refused = await harness(['--workspace', workspace, '--export-dir', blocker]);
    expect(refused.ready).toBe(false);
    expect(refused.code).toBe(2);
    expect(refused.err.trim()).toBe(
      `--export-dir: cannot use the folder ${blocker}: it is a file, not a folder. Name a folder (it is created when missing), or move the file away.`,
    );
  }, 120_000);
});
