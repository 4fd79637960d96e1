// What a user installs: the app is built fresh, then electron-builder's real packaging runs for Linux
// (`dir` target) with the repository's configuration and a stand-in Electron distribution, so nothing is
// downloaded. Fuses and the native rebuild are off for this run only: the stand-in binary has no fuse
// wire, and Electron's headers cannot be fetched offline. The archive it produces must hold the app and
// its production dependencies, and nothing of the sources, tests, tooling or devDependencies.
import { listPackage, statFile } from '@electron/asar';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStandInElectron, stageProject } from './stand-in-electron';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
// A full build and package on a slow, shared machine.
const MINUTES = 60_000;
const NATIVE = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';

let work = '';
let resources = '';
let entries: string[] = [];

/** Runs a Node script without blocking this process (the test runner's worker must keep answering); resolves its stdout. */
function run(args: string[], minutes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), minutes * MINUTES);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(args[0] ?? '')} ${args[1] ?? ''} failed (exit ${code}):\n${(stdout + stderr).slice(-4000)}`));
    });
  });
}

/** Every package a production dependency needs, by name (npm's own view of the tree, without devDependencies). */
async function productionClosure(): Promise<Set<string>> {
  const npm = process.env.npm_execpath ?? path.join(path.dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js');
  const tree = JSON.parse(await run([npm, 'ls', '--omit', 'dev', '--all', '--json'], 2)) as Dependencies;
  const names = new Set<string>();
  const walk = (node: Dependencies) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (names.has(name)) continue;
      names.add(name);
      walk(child);
    }
  };
  walk(tree);
  return names;
}
interface Dependencies {
  dependencies?: Record<string, Dependencies>;
}

beforeAll(async () => {
  const started = Date.now();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-asar-'));
  const project = stageProject(root, path.join(work, 'project'));
  await run([path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', path.join(project, 'out'), '--logLevel', 'error'], 10);
  const built = Date.now();
  const output = path.join(work, 'dist');
  await run([path.join(root, 'tests/packaging/pack-linux-dir.mjs'), project, makeStandInElectron(path.join(work, 'electron')), output], 15);
  resources = path.join(output, 'linux-unpacked', 'resources');
  entries = listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((e) => e.split(path.sep).join('/').replace(/^\//, ''));
  production = await productionClosure();
  console.log(
    `asar test: electron-vite build ${Math.round((built - started) / 1000)} s, electron-builder ${Math.round((Date.now() - built) / 1000)} s, ${entries.length} entries`,
  );
}, 30 * MINUTES);

let production = new Set<string>();

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const has = (entry: string) => entries.includes(entry);
const packageNames = () =>
  new Set(
    entries.filter((e) => /^node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(e)).map((e) => e.slice('node_modules/'.length, -'/package.json'.length)),
  );

describe('the packaged app (app.asar)', () => {
  it('holds the main, worker, preload and renderer bundles, the migrations and package.json', () => {
    for (const file of [
      'out/main/index.js',
      'out/main/worker.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'package.json',
      'db/migrations/meta/_journal.json',
      // The tray icon (main/electron/tray.ts).
      'build/icons/16x16.png',
      'build/icons/32x32.png',
    ]) {
      expect(has(file), file).toBe(true);
    }
    const shipped = entries.filter((e) => /^db\/migrations\/[^/]+\.sql$/.test(e)).sort();
    const source = fs
      .readdirSync(path.join(root, 'db/migrations'))
      .filter((f) => f.endsWith('.sql'))
      .map((f) => `db/migrations/${f}`)
      .sort();
    expect(shipped).toEqual(source);
  });

  it('holds the production dependencies main loads at run time', () => {
    const names = packageNames();
    for (const dep of ['better-sqlite3', 'drizzle-orm', 'pdfkit', 'fontkit', 'exceljs', 'electron-updater', 'dejavu-fonts-ttf', 'yauzl', 'yazl', 'zod']) {
      expect(names.has(dep), dep).toBe(true);
    }
    expect(has('node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), 'the PDF font').toBe(true);
  });

  it('holds nothing but the built app, the migrations, the tray icon and package.json outside node_modules', () => {
    const trayIcon = new Set(['build', 'build/icons', 'build/icons/16x16.png', 'build/icons/32x32.png']);
    const stray = entries.filter(
      (e) =>
        !e.startsWith('node_modules') &&
        !/^(out\/(main|preload|renderer)|db\/migrations)(\/|$)/.test(e) &&
        e !== 'out' &&
        e !== 'db' &&
        e !== 'package.json' &&
        !trayIcon.has(e),
    );
    expect(stray).toEqual([]);
    // Of build/ (the installers' resources), only the tray icon.
    expect(entries.filter((e) => e === 'build' || e.startsWith('build/')).sort()).toEqual([...trayIcon].sort());
    for (const dir of ['tests', 'core', 'main', 'renderer', 'preload', 'scripts', 'docs', '.github', 'tooling', 'bin', 'out/cli', 'out/web']) {
      expect(
        entries.some((e) => e === dir || e.startsWith(`${dir}/`)),
        dir,
      ).toBe(false);
    }
    expect(entries.filter((e) => !e.startsWith('node_modules/') && /\.(ts|tsx|map)$/.test(e))).toEqual([]);
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
  });

  it('holds no devDependency (unless a production dependency needs it too)', () => {
    const names = packageNames();
    expect(production.has('drizzle-orm') && !production.has('vitest')).toBe(true);
    const devOnly = Object.keys(pkg.devDependencies).filter((name) => !production.has(name));
    expect(devOnly.length).toBeGreaterThan(10);
    expect(devOnly.filter((name) => names.has(name))).toEqual([]);
    expect(names.has('electron')).toBe(false);
  });

  it('keeps better-sqlite3 native module unpacked, where main/electron/paths.ts looks for it', () => {
    expect(has(NATIVE)).toBe(true);
    expect(statFile(path.join(resources, 'app.asar'), NATIVE)).toMatchObject({ unpacked: true });
    expect(fs.statSync(path.join(resources, 'app.asar.unpacked', NATIVE)).size).toBeGreaterThan(100_000);
    expect(entries.filter((e) => e.startsWith('node_modules/better-sqlite3/') && /\/(src|deps)\//.test(e))).toEqual([]);
  });

  it('carries the update feed of a released build (app-update.yml, read by electron-updater)', () => {
    const feed = fs.readFileSync(path.join(resources, 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/^provider: github$/m);
    expect(feed).toMatch(/^owner: example-agency$/m);
    expect(feed).toMatch(/^repo: rollout-workbench$/m);
  });
});
