// Makes better-sqlite3 for the installed Electron's ABI and puts it in native/electron-<version>/,
// which the Electron main process loads through better-sqlite3's `nativeBinding` option
// (main/electron/paths.ts). The copy in node_modules stays built for Node, so tests, the CLI and
// `npm run web` keep working.
//
// Run by `npm start` / `npm run dev`; never by `npm install` or `npm test`. It needs the network once:
// first better-sqlite3's prebuilt binary for Electron (prebuild-install, from GitHub), else a build from
// source with node-gyp (Electron's headers from electronjs.org plus a C++ toolchain). Offline it fails
// within seconds with a message saying so; every step has a time limit, so it never hangs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const target = path.join(root, 'native', `electron-${electronVersion}`, 'better_sqlite3.node');
const HEADERS_URL = 'https://electronjs.org/headers';

if (fs.existsSync(target)) {
  console.log(`better-sqlite3 for Electron ${electronVersion}: ${path.relative(root, target)} (already built)`);
  process.exit(0);
}

class Failure extends Error {}
const fail = (reason) => {
  throw new Failure(reason);
};
function explain(reason) {
  console.error(
    `Could not make better-sqlite3 for Electron ${electronVersion}: ${reason}\n` +
      'This one-time step needs internet access (GitHub for the prebuilt binary, or electronjs.org for the headers\n' +
      'plus a C++ toolchain: python3, make and g++, Xcode tools or MSVC). Without it the desktop app cannot open\n' +
      'its SQLite workspace. `npm run web` (the same app in a browser) works without it.',
  );
}

/** A proxy set for npm: then only npm's own tools know how to get out, so skip the direct probe. */
const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'npm_config_proxy', 'npm_config_https_proxy'].some((k) => process.env[k]);

/** Headers node-gyp downloaded before (a build then works offline). */
function cachedHeaders() {
  const caches = [
    process.env.npm_config_devdir,
    path.join(os.homedir(), '.cache', 'node-gyp'),
    path.join(os.homedir(), 'Library', 'Caches', 'node-gyp'),
    process.env.LOCALAPPDATA && path.join(process.env.LOCALAPPDATA, 'node-gyp', 'Cache'),
  ].filter(Boolean);
  return caches.some((dir) => fs.existsSync(path.join(dir, electronVersion, 'include', 'node', 'node.h')));
}

async function reachable(url) {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(15_000) });
    return res.ok || res.status < 500;
  } catch (e) {
    return `${e.name === 'TimeoutError' ? 'no answer within 15 s' : (e.cause?.code ?? e.message)}`;
  }
}

/** A module built for Electron cannot load in plain Node (another ABI); if it loads, it was built for Node. */
function loadsInNode(file) {
  try {
    process.dlopen({ exports: {} }, file);
    return true;
  } catch {
    return false;
  }
}

function withoutNodedir(env) {
  // A user-level nodedir (Node's own headers; this machine's ~/.npmrc has one) would make node-gyp
  // build for Node's ABI: drop it, and point npm at an empty user config.
  for (const k of Object.keys(env)) if (k.toLowerCase() === 'npm_config_nodedir') delete env[k];
  return env;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-native-'));
try {
  // Fail fast when clearly offline, instead of letting two tools each wait for the network.
  if (!proxied && !cachedHeaders()) {
    const probe = await reachable(`${HEADERS_URL}/v${electronVersion}/SHASUMS256.txt`);
    if (probe !== true) fail(`electronjs.org cannot be reached from this machine (${probe}).`);
  }
  const src = path.join(work, 'better-sqlite3');
  fs.cpSync(path.join(root, 'node_modules/better-sqlite3'), src, {
    recursive: true,
    filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`),
  });
  fs.writeFileSync(path.join(work, 'empty-npmrc'), '');
  const env = withoutNodedir({ ...process.env, NPM_CONFIG_USERCONFIG: path.join(work, 'empty-npmrc') });
  const built = path.join(src, 'build/Release/better_sqlite3.node');
  const ok = () => fs.existsSync(built) && !loadsInNode(built);
  const run = (label, cmd, args, timeoutMinutes) => {
    console.log(`${label}...`);
    const r = spawnSync(cmd, args, { cwd: src, stdio: 'inherit', env, timeout: timeoutMinutes * 60_000, shell: process.platform === 'win32' });
    if (r.error) console.error(`  ${label} failed: ${r.error.code === 'ETIMEDOUT' ? `no result within ${timeoutMinutes} min` : r.error.message}`);
    return r.status === 0 && ok();
  };

  const prebuild = path.join(root, 'node_modules/prebuild-install/bin.js');
  const fromPrebuilt =
    fs.existsSync(prebuild) &&
    run(
      `Fetching better-sqlite3's prebuilt binary for Electron ${electronVersion}`,
      process.execPath,
      [prebuild, '--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`, '--verbose'],
      2,
    );

  if (!fromPrebuilt) {
    // npm passes its bundled node-gyp to scripts; fall back to npx when run by hand.
    const gyp = process.env.npm_config_node_gyp;
    const [cmd, base] = gyp ? [process.execPath, [gyp]] : [process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', 'node-gyp']];
    const fromSource = run(
      `Building better-sqlite3 for Electron ${electronVersion} from source (about a minute)`,
      cmd,
      [...base, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, `--dist-url=${HEADERS_URL}`],
      10,
    );
    if (!fromSource) fail('neither a prebuilt binary nor a build from source worked (see the output above).');
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(built, target);
  console.log(`better-sqlite3 for Electron ${electronVersion}: ${path.relative(root, target)}`);
} catch (e) {
  if (!(e instanceof Failure)) throw e;
  explain(e.message);
  process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
