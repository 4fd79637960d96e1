// `npm run test:electron`: the Electron checks that can run anywhere, then the ones that need a binary.
// 1. electronegativity (static; no Electron binary needed): any medium/high finding not accepted with a
//    written reason in electronegativity-allowlist.json fails the run.
// 2. Playwright `_electron` smoke tests, only where an Electron binary exists (Electron >= 45 downloads
//    it on first launch, which machines without GitHub access cannot do); otherwise one line says so.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);

function electronegativity() {
  const scan = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-eneg-'));
  try {
    // Scan the Electron-facing sources: main (with main/electron), preload and the renderer's HTML (CSP).
    for (const dir of ['main', 'preload']) fs.cpSync(path.join(root, dir), path.join(scan, dir), { recursive: true });
    fs.copyFileSync(path.join(root, 'renderer/index.html'), path.join(scan, 'index.html'));
    fs.copyFileSync(path.join(root, 'package.json'), path.join(scan, 'package.json'));
    const out = path.join(scan, 'result.csv');
    const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
    const r = spawnSync(bin('electronegativity'), ['-i', scan, '-o', out, '-r', '-e', electronVersion], { encoding: 'utf8', timeout: 180_000 });
    if (!fs.existsSync(out)) {
      console.error(`electronegativity produced no report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
      return false;
    }
    // The CSV report carries the severity (the SARIF one folds medium into "note").
    const rows = parse(fs.readFileSync(out, 'utf8'), { columns: true, trim: true, skip_empty_lines: true });
    const allow = JSON.parse(fs.readFileSync(path.join(root, 'tests/electron/electronegativity-allowlist.json'), 'utf8')).accepted;
    const findings = rows.map((row) => ({
      ruleId: row.issue,
      severity: String(row.severity).toUpperCase(),
      file: row.filename,
      line: row.location,
      text: row.description,
    }));
    const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
    const open = serious.filter((f) => !allow.some((a) => a.ruleId === f.ruleId && a.file === f.file && a.reason?.length > 20));
    const accepted = serious.length - open.length;
    console.log(`electronegativity: ${findings.length} finding(s), ${serious.length} medium/high, ${accepted} accepted with a reason, ${open.length} open`);
    for (const f of open) console.error(`  OPEN ${f.ruleId} (${f.severity}) ${f.file}:${f.line} ${f.text}`);
    return open.length === 0;
  } finally {
    fs.rmSync(scan, { recursive: true, force: true });
  }
}

/** The Electron executable if it is already on disk. Never require('electron') here: that downloads it. */
function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH && fs.existsSync(process.env.ELECTRON_OVERRIDE_DIST_PATH)) return process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(root, 'node_modules/electron/path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const exe = path.join(root, 'node_modules/electron/dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(exe) ? exe : null;
}

let ok = electronegativity();
const binary = electronBinary();
if (!binary) {
  console.log('Electron smoke tests not run: no Electron binary on this machine (Electron >= 45 downloads it on first launch; run `npm start` once where GitHub is reachable).');
} else {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const test =
    build.status === 0
      ? spawnSync(bin('playwright'), ['test', '--config', 'tests/electron/playwright.config.ts'], { cwd: root, stdio: 'inherit' })
      : build;
  ok = ok && test.status === 0;
}
process.exit(ok ? 0 : 1);
