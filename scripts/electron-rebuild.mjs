// better-sqlite3 for the installed Electron, made by @electron/rebuild (the Electron ecosystem's own
// tool) in a copy of the package under native/electron-<version>/node_modules/better-sqlite3. The
// Electron main process loads that build through better-sqlite3's `nativeBinding` option
// (main/electron/paths.ts); node_modules/better-sqlite3 stays built for Node, so tests, the CLI and
// `npm run web` keep working. Packages do not use this: electron-builder rebuilds their own copy.
//
// Run by `npm start` and `npm run dev`, never by `npm install` or `npm test`. The first run needs the
// network: @electron/rebuild fetches better-sqlite3's prebuilt binary for Electron (GitHub), else builds
// it from source with Electron's headers (electronjs.org) and a C++ toolchain. Offline it stops within
// seconds and says so; the rebuild itself has a time limit, so it never hangs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HEADERS_URL = 'https://www.electronjs.org/headers';
const PREBUILT_URL = 'https://github.com/WiseLibs/better-sqlite3/releases';
const TIME_LIMIT_MINUTES = 10;

export function electronVersion(projectRoot = root) {
  return JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules/electron/package.json'), 'utf8')).version;
}

/** The folder @electron/rebuild works in for one Electron version; its node_modules holds the copy. */
export function electronBuildDir(projectRoot, version) {
  return path.join(projectRoot, 'native', `electron-${version}`);
}

/** The better-sqlite3 binary built for that Electron (main/electron/paths.ts looks for the same file). */
export function electronNativeFile(projectRoot, version) {
  return path.join(electronBuildDir(projectRoot, version), 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

class Failure extends Error {}

/** A proxy set for npm: only npm's own tools know how to get out, so the direct probe would mislead. */
const proxied = () => ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'npm_config_proxy', 'npm_config_https_proxy'].some((k) => process.env[k]);

/** Electron headers node-gyp downloaded before (@electron/rebuild keeps them in ~/.electron-gyp): a build works offline then. */
const cachedHeaders = (version) => fs.existsSync(path.join(os.homedir(), '.electron-gyp', version, 'include', 'node', 'node.h'));

async function unreachable(url) {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(15_000) });
    return null;
  } catch (e) {
    return e.name === 'TimeoutError' ? 'no answer within 15 s' : (e.cause?.code ?? e.message);
  }
}

/** A module built for Electron does not load in plain Node (another ABI); one that loads was built for Node.
 * Tried in a child process: a module loaded here would stay locked (Windows) when its folder is replaced below. */
function loadsInNode(file) {
  return spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], { stdio: 'ignore' }).status === 0;
}

/** Runs @electron/rebuild in a child process group, so the time limit ends node-gyp and the compiler too. */
function rebuildInChild(buildDir, version) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    // A user-level nodedir (Node's own headers; some machines set one in ~/.npmrc) makes node-gyp build
    // for Node's ABI instead of Electron's.
    for (const k of Object.keys(env)) if (k.toLowerCase() === 'npm_config_nodedir') delete env[k];
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', buildDir, version], {
      stdio: 'inherit',
      env,
      detached: process.platform !== 'win32',
    });
    const stop = () => {
      if (process.platform === 'win32') spawn('taskkill', ['/pid', String(child.pid), '/t', '/f']);
      else process.kill(-child.pid, 'SIGKILL');
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Failure(`@electron/rebuild gave no result within ${TIME_LIMIT_MINUTES} minutes and was stopped.`));
    }, TIME_LIMIT_MINUTES * 60_000);
    // The child has its own process group, so Ctrl+C reaches only this process: pass it on.
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => {
        stop();
        process.exit(130);
      });
    }
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Failure(`@electron/rebuild failed (exit code ${code}; its output is above).`));
    });
  });
}

/** The child: @electron/rebuild's JavaScript API on the copy only (the project root is the copy's folder, so node_modules above it is never touched). */
async function child(buildDir, version) {
  const { rebuild } = await import('@electron/rebuild');
  const rebuilder = rebuild({
    buildPath: buildDir,
    projectRootPath: buildDir,
    electronVersion: version,
    onlyModules: ['better-sqlite3'],
    force: true,
    mode: 'sequential',
  });
  rebuilder.lifecycle.on('module-found', (name) => console.log(`  rebuilding ${name} for Electron ${version}`));
  await rebuilder;
}

export async function main() {
  const version = electronVersion();
  const target = electronNativeFile(root, version);
  const relative = path.relative(root, target);
  if (fs.existsSync(target) && !loadsInNode(target)) {
    console.log(`better-sqlite3 for Electron ${version}: ${relative} (already built)`);
    return 0;
  }
  try {
    // Fail fast when clearly offline, instead of letting prebuild-install and node-gyp each wait for the network.
    if (!proxied() && !cachedHeaders(version)) {
      const headers = await unreachable(`${HEADERS_URL}/v${version}/SHASUMS256.txt`);
      const prebuilt = headers && (await unreachable(PREBUILT_URL));
      if (headers && prebuilt) throw new Failure(`neither electronjs.org (${headers}) nor GitHub (${prebuilt}) can be reached from this machine.`);
    }
    const buildDir = electronBuildDir(root, version);
    const copy = path.join(buildDir, 'node_modules', 'better-sqlite3');
    fs.rmSync(buildDir, { recursive: true, force: true });
    fs.cpSync(path.join(root, 'node_modules/better-sqlite3'), copy, {
      recursive: true,
      filter: (p) => path.relative(path.join(root, 'node_modules/better-sqlite3'), p).split(path.sep)[0] !== 'build',
    });
    const own = JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8'));
    fs.writeFileSync(
      path.join(buildDir, 'package.json'),
      `${JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': own.version } }, null, 2)}\n`,
    );
    console.log(`Making better-sqlite3 for Electron ${version} with @electron/rebuild (once per Electron version)...`);
    await rebuildInChild(buildDir, version);
    if (!fs.existsSync(target) || loadsInNode(target)) throw new Failure(`@electron/rebuild finished but ${relative} is not a build for Electron.`);
    console.log(`better-sqlite3 for Electron ${version}: ${relative}`);
    return 0;
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    console.error(
      `Could not make better-sqlite3 for Electron ${version}: ${e.message}\n` +
        'This one-time step needs internet access (GitHub for the prebuilt binary, or electronjs.org for the headers\n' +
        'plus a C++ toolchain: python3, make and g++, Xcode tools or MSVC). Without it the desktop app cannot open\n' +
        'its SQLite workspace. `npm run web` (the same app in a browser) works without it.',
    );
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
  else process.exitCode = await main();
}
