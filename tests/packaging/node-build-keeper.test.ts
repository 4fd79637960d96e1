// The Node build of better-sqlite3 survives `npm run dist` (electron-builder.ts, nodeBuildKeeper): it is
// set aside before electron-builder rebuilds the module for Electron in node_modules, and put back after
// packing, on Ctrl+C/SIGTERM, and at the next run after a run that was killed. Real files: the checkout's
// own Node build (which loads here) and a stand-in "Electron build" (which does not).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadsInNode, nodeBuildKeeper } from '../../electron-builder';

const root = path.resolve(import.meta.dirname, '../..');
const realNodeBuild = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const ELECTRON_BUILD = 'stand-in for a build for Electron: not a library Node can load';

let dir: string;
let buildDir: string;
let asideDir: string;
let binary: string;
const nodeBytes = () => fs.readFileSync(realNodeBuild);
/** What electron-builder's rebuild does to the folder: a new binary and @electron/rebuild's marker. */
const rebuildForElectron = () => {
  fs.writeFileSync(binary, ELECTRON_BUILD);
  fs.writeFileSync(path.join(buildDir, 'Release', '.forge-meta'), 'x64--140');
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-keeper-'));
  buildDir = path.join(dir, 'node_modules/better-sqlite3/build');
  asideDir = path.join(dir, 'node_modules/.cache/rollout-workbench/better-sqlite3-node-build');
  binary = path.join(buildDir, 'Release', 'better_sqlite3.node');
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.copyFileSync(realNodeBuild, binary);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('nodeBuildKeeper', () => {
  it('tells a build for this Node from one that is not', () => {
    expect(loadsInNode(binary)).toBe(true);
    rebuildForElectron();
    expect(loadsInNode(binary)).toBe(false);
    expect(loadsInNode(path.join(dir, 'missing.node'))).toBe(false);
  });

  it('puts the Node build back after each architecture is packed, and cleans up at the end', () => {
    const keeper = nodeBuildKeeper(buildDir, asideDir);
    // Per architecture: electron-builder calls beforeBuild, rebuilds in place, packs, calls afterPack.
    for (const _arch of ['x64', 'arm64']) {
      expect(keeper.setAside()).toBe(true);
      rebuildForElectron();
      expect(keeper.restore()).toBe(true);
      expect(fs.readFileSync(binary).equals(nodeBytes())).toBe(true);
      // @electron/rebuild skips a module whose marker says it is built already: the marker must go too.
      expect(fs.existsSync(path.join(buildDir, 'Release', '.forge-meta'))).toBe(false);
    }
    expect(keeper.dispose()).toBe(true);
    expect(fs.existsSync(asideDir)).toBe(false);
    expect(fs.readdirSync(path.dirname(asideDir))).toEqual([]);
    expect(fs.readFileSync(binary).equals(nodeBytes())).toBe(true);
  });

  it('puts it back when the build stops after the rebuild and before packing (dispose, as on exit)', () => {
    const keeper = nodeBuildKeeper(buildDir, asideDir);
    keeper.setAside();
    rebuildForElectron();
    keeper.dispose();
    expect(fs.readFileSync(binary).equals(nodeBytes())).toBe(true);
  });

  it('never sets aside a build that does not load in this Node, so it never "restores" an Electron build', () => {
    rebuildForElectron();
    const keeper = nodeBuildKeeper(buildDir, asideDir);
    expect(keeper.setAside()).toBe(true); // electron-builder's rebuild still runs
    expect(fs.existsSync(asideDir)).toBe(false);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('npm rebuild better-sqlite3'));
    fs.writeFileSync(binary, 'another electron build');
    keeper.dispose();
    expect(fs.readFileSync(binary, 'utf8')).toBe('another electron build');
  });

  it('restores the copy a killed run left behind before setting anything aside', () => {
    // What a run killed between its rebuild and afterPack leaves: the copy aside, the Electron build in place.
    fs.mkdirSync(path.dirname(asideDir), { recursive: true });
    fs.cpSync(buildDir, asideDir, { recursive: true });
    rebuildForElectron();

    const keeper = nodeBuildKeeper(buildDir, asideDir);
    keeper.setAside();
    expect(fs.readFileSync(binary).equals(nodeBytes())).toBe(true);
    expect(fs.readFileSync(path.join(asideDir, 'Release', 'better_sqlite3.node')).equals(nodeBytes())).toBe(true);
    rebuildForElectron();
    keeper.restore();
    expect(fs.readFileSync(binary).equals(nodeBytes())).toBe(true);
    keeper.dispose();
    expect(fs.existsSync(asideDir)).toBe(false);
  });

  it('keeps the copy and names the fix when it cannot put it back', () => {
    const keeper = nodeBuildKeeper(buildDir, asideDir);
    keeper.setAside();
    rebuildForElectron();
    // The folder cannot be replaced: its parent is gone (as when a rename is refused).
    fs.rmSync(path.dirname(buildDir), { recursive: true });
    expect(keeper.restore()).toBe(false);
    expect(console.error).toHaveBeenCalledWith(expect.stringMatching(/npm rebuild better-sqlite3/));
    expect(keeper.dispose()).toBe(false);
    expect(fs.existsSync(path.join(asideDir, 'Release', 'better_sqlite3.node'))).toBe(true); // for the next run
  });

  it('a copy that fails half-way leaves the folder whole as it was, never half replaced', () => {
    const keeper = nodeBuildKeeper(buildDir, asideDir);
    keeper.setAside();
    rebuildForElectron();
    // A file in the copy that cannot be copied (Node refuses a FIFO), after better_sqlite3.node.
    execFileSync('mkfifo', [path.join(asideDir, 'Release', 'zz-unreadable')]);
    const before = fs.readdirSync(path.join(buildDir, 'Release')).sort();
    expect(keeper.restore()).toBe(false);
    expect(fs.readdirSync(path.join(buildDir, 'Release')).sort()).toEqual(before);
    expect(fs.readFileSync(binary, 'utf8')).toBe(ELECTRON_BUILD);
    expect(fs.readdirSync(path.dirname(asideDir)).sort()).toEqual(['better-sqlite3-node-build']);
    fs.rmSync(path.join(asideDir, 'Release', 'zz-unreadable'));
    expect(keeper.dispose()).toBe(true);
    expect(fs.readFileSync(binary).equals(nodeBytes())).toBe(true);
  });
});

/** A `npm run dist` stand-in in its own process: sets aside, "rebuilds", then waits to be stopped. */
function runUntilStopped(signal: NodeJS.Signals): Promise<number | null> {
  const script = `import(${JSON.stringify(path.join(root, 'electron-builder.ts'))}).then((m) => {
    const keeper = m.nodeBuildKeeper(${JSON.stringify(buildDir)}, ${JSON.stringify(asideDir)});
    keeper.setAside();
    require('node:fs').writeFileSync(${JSON.stringify(binary)}, 'electron build');
    console.log('rebuilt');
    setInterval(() => undefined, 1000);
  });`;
  // tsx as a loader, not its CLI: one process, so the signal reaches the code under test itself.
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('rebuilt')) child.kill(signal);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

describe('a build that is stopped', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s: the Node build is back when the process has ended', async (signal) => {
    await runUntilStopped(signal);
    expect(fs.readFileSync(binary).equals(nodeBytes())).toBe(true);
    expect(fs.existsSync(asideDir)).toBe(false);
  });

  it('SIGKILL (nothing can run): the next run puts it back first', async () => {
    await runUntilStopped('SIGKILL');
    expect(fs.readFileSync(binary, 'utf8')).toBe('electron build');
    const keeper = nodeBuildKeeper(buildDir, asideDir);
    keeper.setAside();
    expect(fs.readFileSync(binary).equals(nodeBytes())).toBe(true);
    keeper.dispose();
  });
});
