// Builds better-sqlite3 for the installed Electron's ABI into native/electron-<version>/, which the
// Electron main process loads through better-sqlite3's `nativeBinding` option. The copy in
// node_modules stays built for Node, so tests, the CLI and `npm run web` keep working.
// Run by `npm start` / `npm run dev`; never by `npm install` or `npm test`. Needs the network once
// (Electron's headers); it fails with a clear message, within a time limit, when offline.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const target = path.join(root, 'native', `electron-${electronVersion}`, 'better_sqlite3.node');

if (fs.existsSync(target)) {
  console.log(`better-sqlite3 for Electron ${electronVersion}: ${path.relative(root, target)} (already built)`);
  process.exit(0);
}

function withoutNodedir(env) {
  for (const k of Object.keys(env)) if (k.toLowerCase() === 'npm_config_nodedir') delete env[k];
  return env;
}

/** A module built for Electron must NOT load in plain Node (different ABI); if it does, it was built for Node. */
function builtForNode(file) {
  try {
    process.dlopen({ exports: {} }, file);
    return true;
  } catch (e) {
    return !/NODE_MODULE_VERSION/.test(String(e));
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-native-'));
const src = path.join(work, 'better-sqlite3');
fs.cpSync(path.join(root, 'node_modules/better-sqlite3'), src, {
  recursive: true,
  filter: (p) => !p.includes(`${path.sep}build${path.sep}`),
});

fs.writeFileSync(path.join(work, 'empty-npmrc'), '');

// npm passes its bundled node-gyp to scripts; fall back to npx when run by hand.
const gyp = process.env.npm_config_node_gyp;
const [cmd, baseArgs] = gyp ? [process.execPath, [gyp]] : ['npx', ['--yes', 'node-gyp']];
console.log(`Building better-sqlite3 for Electron ${electronVersion} (one time, about a minute)...`);
const r = spawnSync(
  cmd,
  [...baseArgs, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'],
  {
    cwd: src,
    stdio: 'inherit',
    timeout: 10 * 60_000,
    // A user-level nodedir (Node's own headers) would build for Node's ABI: ignore the user's npmrc.
    env: withoutNodedir({ ...process.env, NPM_CONFIG_USERCONFIG: path.join(work, 'empty-npmrc') }),
  },
);
const built = path.join(src, 'build/Release/better_sqlite3.node');
if (r.status !== 0 || !fs.existsSync(built) || builtForNode(built)) {
  fs.rmSync(work, { recursive: true, force: true });
  console.error(
    `Could not build better-sqlite3 for Electron ${electronVersion}${r.error ? ` (${r.error.message})` : ''}.\n` +
      'This step downloads Electron\'s headers once and needs a C++ toolchain (python3, make, g++ or MSVC).\n' +
      'Without it the desktop app cannot open its SQLite workspace. `npm run web` works without it.',
  );
  process.exit(1);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(built, target);
fs.rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ${electronVersion}: ${path.relative(root, target)}`);
