// `npm run test:electron`: the Electron checks that can run anywhere, then the ones that need a binary.
// 1. electronegativity (static; no Electron binary needed) over main/, preload/ and renderer/: any
//    medium or high finding not accepted with a written reason in electronegativity-allowlist.json,
//    or any file it could not parse, fails the run.
// 2. The main process's wiring (wiring.mjs): main/index.ts started under plain Node with a stand-in
//    'electron' module; checks window options, the IPC sender check, navigation, CSP, menu, error screen.
// 3. Playwright `_electron` smoke tests (smoke.spec.ts), only where an Electron binary is on disk
//    (Electron >= 45 downloads it on first launch, which machines without GitHub access cannot do) and
//    better-sqlite3 was built for it (scripts/electron-rebuild.mjs, run by `npm start`; it needs the
//    network, so tests never run it). Otherwise one line says why they did not run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkWiring } from './wiring.mjs';
import { electronNativeFile } from '../../scripts/electron-rebuild.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const electronPackage = path.join(root, 'node_modules/electron');
const electronVersion = JSON.parse(fs.readFileSync(path.join(electronPackage, 'package.json'), 'utf8')).version;
const SCANNED = ['main', 'preload', 'renderer'];
const SERIOUS = new Set(['HIGH', 'MEDIUM']);

async function electronegativity() {
  const scan = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-eneg-'));
  try {
    // A copy, so the scanner sees our sources and package.json but never node_modules or out/.
    for (const dir of SCANNED) {
      fs.cpSync(path.join(root, dir), path.join(scan, dir), { recursive: true, filter: (p) => !p.includes(`${path.sep}node_modules`) });
    }
    fs.copyFileSync(path.join(root, 'package.json'), path.join(scan, 'package.json'));
    const run = require('@doyensec/electronegativity');
    // It asks the network for Electron releases and translations; offline that fails quickly, but never
    // let a silent network stall the test run.
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('electronegativity did not finish within 3 minutes')), 180_000).unref());
    const result = await Promise.race([
      run({
        input: scan,
        customScan: [],
        excludeFromScan: [],
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      }),
      timeout,
    ]);
    const allow = JSON.parse(fs.readFileSync(path.join(root, 'tests/electron/electronegativity-allowlist.json'), 'utf8')).accepted;
    const findings = result.issues.map((i) => ({
      ruleId: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: i.file.split(path.sep).join('/'),
      line: i.location?.line,
      sample: String(i.sample ?? '')
        .trim()
        .slice(0, 100),
    }));
    const serious = findings.filter((f) => SERIOUS.has(f.severity));
    const reasoned = (a) => typeof a.reason === 'string' && a.reason.trim().length >= 40;
    const open = serious.filter((f) => !allow.some((a) => a.ruleId === f.ruleId && a.file === f.file && reasoned(a)));
    const unused = allow.filter((a) => !serious.some((f) => a.ruleId === f.ruleId && a.file === f.file));
    console.log(
      `electronegativity ${SCANNED.map((d) => `${d}/`).join(' ')}: ${result.atomicChecks + result.globalChecks} checks, ` +
        `${findings.length} finding(s), ${serious.length} medium/high, ${serious.length - open.length} accepted with a reason, ${open.length} open`,
    );
    for (const f of open) console.error(`  OPEN ${f.ruleId} (${f.severity}, ${f.confidence}) ${f.file}:${f.line}  ${f.sample}`);
    for (const a of unused) console.log(`  note: allowlist entry ${a.ruleId} for ${a.file} no longer matches a finding; remove it`);
    const unscanned = result.errors.filter((e) => !e.tolerable);
    for (const e of result.errors) console[e.tolerable ? 'log' : 'error'](`  ${e.tolerable ? 'note' : 'could not scan'} ${e.file}: ${e.message}`);
    return open.length === 0 && unscanned.length === 0;
  } finally {
    fs.rmSync(scan, { recursive: true, force: true });
  }
}

/** The Electron executable if it is already on disk. Never require('electron') here: that downloads it. */
function electronBinary() {
  const pathFile = path.join(electronPackage, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronPackage, 'dist');
  const exe = path.join(dist, executable);
  return fs.existsSync(exe) ? exe : null;
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Why the smoke tests cannot run here, or null when they can. */
function smokeBlocker() {
  if (!electronBinary()) {
    return 'no Electron binary on this machine (Electron >= 45 downloads it on first launch; run `npm start` once where GitHub is reachable)';
  }
  if (!fs.existsSync(electronNativeFile(root, electronVersion))) {
    return `better-sqlite3 has not been built for Electron ${electronVersion} (run \`node scripts/electron-rebuild.mjs\` or \`npm start\` once; it needs the network)`;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !hasCommand('xvfb-run')) {
    return 'no display server and no xvfb-run';
  }
  return null;
}

let ok = await electronegativity();
try {
  console.log(checkWiring());
} catch (e) {
  console.error(`Electron wiring check failed: ${e.stack ?? e}`);
  ok = false;
}
const blocker = smokeBlocker();
if (blocker) {
  console.log(`Electron smoke tests not run: ${blocker}.`);
} else {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  let test = build;
  if (build.status === 0) {
    const playwright = [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--config', 'tests/electron/playwright.config.ts'];
    const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
    test = headless
      ? spawnSync('xvfb-run', ['-a', process.execPath, ...playwright], { cwd: root, stdio: 'inherit' })
      : spawnSync(process.execPath, playwright, { cwd: root, stdio: 'inherit' });
  }
  ok = ok && test.status === 0;
}
process.exit(ok ? 0 : 1);
