// Checks how the Electron entry (main/index.ts, or the built out/main/index.js with --built) wires
// Electron, under plain Node with a stand-in for the 'electron' module (stand-in/electron.mjs):
// the workspace opened before the window, hardened webPreferences, the IPC sender check, navigation
// and window.open refused, CSP and permissions on the session, the menu and title, the recovery screen
// for a file that is not a workspace. It needs no Electron binary, so it runs everywhere; it does not replace
// the real smoke test (smoke.spec.ts), which runs where a binary exists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const here = path.join(root, 'tests/electron/stand-in');

export function runScenario(scenario, { built = false, workspaceContent, devServerUrl = '' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-wiring-'));
  try {
    const workspace = path.join(dir, 'workspace.sqlite');
    if (workspaceContent !== undefined) fs.writeFileSync(workspace, workspaceContent);
    const entry = built ? path.join(root, 'out/main/index.js') : path.join(root, 'main/index.ts');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', pathToFileURL(path.join(here, 'register.mjs')).href, path.join(here, 'scenario.mjs'), entry, scenario],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          STAND_IN_APP_PATH: root,
          STAND_IN_USER_DATA: path.join(dir, 'user-data'),
          STAND_IN_WORKSPACE: workspace,
          ELECTRON_RENDERER_URL: devServerUrl,
        },
      },
    );
    const line = r.stdout.split('\n').find((l) => l.startsWith('STAND-IN-RESULT '));
    if (!line) throw new Error(`the ${scenario} scenario printed no result (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    return { ...JSON.parse(line.slice('STAND-IN-RESULT '.length)), log: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function checkWiring({ built = false } = {}) {
  const o = runScenario('open', { built });
  assert.equal(o.lock, 1, 'asks for the single-instance lock');
  assert.equal(o.windows, 1, 'one window');
  assert.equal(o.workspaceExistedBeforeWindow, true, 'workspace opened before the window');
  assert.equal(o.options.show, false, 'hidden until ready-to-show');
  const p = o.options.webPreferences;
  assert.deepEqual(
    { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity, webviewTag: p.webviewTag },
    { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false },
  );
  assert.equal(p.preload, path.join(root, 'out/preload/index.cjs'));
  assert.deepEqual(o.loaded, { file: path.join(root, 'out/renderer/index.html') });
  assert.equal(o.visibleBeforeReady, false);
  assert.equal(o.visibleAfterReady, true);
  assert.equal(o.rpcOurs.ok, true, `our page may call: ${JSON.stringify(o.rpcOurs)}`);
  for (const k of ['rpcOtherContents', 'rpcOtherPage', 'rpcSubframe', 'rpcNoFrame']) assert.equal(o[k].error?.code, 'FORBIDDEN_ORIGIN', k);
  assert.equal(o.rpcUnknown.error?.code, 'UNKNOWN_CHANNEL');
  assert.equal(o.rpcCreate.ok, true, JSON.stringify(o.rpcCreate));
  assert.ok(o.eventsAfterCreate.includes('workbench:event data.changed'), 'data.changed reaches the window');
  assert.deepEqual(o.badgesAtStart, [0], 'the badge is set at start');
  assert.equal(o.notificationsAtStart, 0, 'nothing due, no notification');
  assert.deepEqual(
    o.notifications,
    [{ title: '1 review due today', body: 'Stand-in Shop: Initial setup review', silent: false }],
    'one coalesced notification on resume',
  );
  assert.deepEqual(o.badgesAfterResume, [0, 0], 'due today is not overdue');
  assert.deepEqual(o.reminderEvents, [
    { name: 'reminders.due', payload: { title: '1 review due today', body: 'Stand-in Shop: Initial setup review', overdue: 0, due: 1 } },
  ]);
  assert.deepEqual(o.afterClick, { visible: true, sent: [{ name: 'navigate', payload: { to: '/reviews' } }] }, 'a click opens the Reviews page');
  assert.deepEqual(o.exportCancelled, { ok: true, value: { jobId: null, folder: null, total: 1 } }, 'export asks for a folder; cancel starts nothing');
  assert.deepEqual(
    o.exportDialog,
    [{ properties: ['openDirectory', 'createDirectory', 'promptToCreate'], buttonLabel: 'Export Here' }],
    'the folder dialog is opened by main',
  );
  assert.equal(o.navigateAwayPrevented, true);
  assert.equal(o.navigateFilePrevented, true);
  assert.equal(o.navigateOwnPrevented, false);
  assert.equal(o.frameNavigateAwayPrevented, true);
  assert.equal(o.redirectPrevented, true);
  assert.equal(o.webviewPrevented, true);
  assert.deepEqual(o.openHttps, { action: 'deny' });
  assert.deepEqual(o.openFile, { action: 'deny' });
  assert.deepEqual(o.openedExternally, ['https://docs.example.com/guide']);
  const csp = Object.entries(o.cspHeaders).filter(([k]) => k.toLowerCase() === 'content-security-policy');
  assert.equal(csp.length, 1, 'one CSP header, replacing any other');
  assert.match(csp[0][1][0], /^default-src 'self'; script-src 'self';/);
  assert.equal(o.permissionGranted, false);
  assert.equal(o.permissionCheck, false);
  assert.equal(o.devicePermission, false);
  assert.deepEqual(
    o.menu.map((m) => m.label).filter((l) => l !== 'appMenu'),
    ['File', 'editMenu', 'View', 'windowMenu', 'help'],
  );
  const file = o.menu.find((m) => m.label === 'File').items;
  for (const item of ['New Site', 'New Workspace…', 'Open Workspace…', 'Open Recent', 'Show Workspace File']) assert.ok(file.includes(item), item);
  assert.equal(o.title, 'workspace — Rollout Workbench', 'the window title names the workspace');
  assert.equal(o.workspaceState.value?.mode, 'open');
  assert.equal(o.workspaceState.value?.canChooseFiles, true, 'the desktop app chooses files in its own dialog');
  assert.deepEqual(
    o.openRecent,
    [{ label: `workspace (${path.dirname(o.workspaceState.value.file)})`, checked: true }],
    'Open Recent lists the open workspace',
  );
  assert.deepEqual(o.newWorkspaceSent, [['workbench:event', 'workspace.command', { command: 'new-workspace' }]], 'New Workspace… asks the page for a name');
  assert.ok(file.includes('quit') || file.includes('close'));
  const view = o.menu.find((m) => m.label === 'View').items;
  assert.ok(view.includes('Toggle Dark Theme'));
  assert.ok(!view.includes('reload') && !view.includes('toggleDevTools'), 'no reload or dev tools outside development');
  assert.deepEqual(o.newSiteSent, [['workbench:event', 'menu.command', { command: 'new-site' }]]);
  assert.equal(o.focusedBySecondInstance, true);

  const dev = runScenario('dev', { built, devServerUrl: 'http://localhost:5173/' });
  assert.deepEqual(dev.loaded, { url: 'http://localhost:5173/' });
  assert.equal(dev.rpcOurs.ok, true, 'the dev server page may call');
  assert.equal(dev.rpcOtherPage.error?.code, 'FORBIDDEN_ORIGIN');
  assert.ok(dev.menu.find((m) => m.label === 'View').items.includes('reload'), 'reload in development');
  assert.match(Object.values(dev.cspHeaders)[0][0], /connect-src 'self' ws:\/\/localhost:\*/);

  const content = 'not a database '.repeat(100);
  const bad = runScenario('not-a-workspace', { built, workspaceContent: content });
  assert.equal(bad.windows, 1, 'a file that is not a workspace opens the window on the recovery screen');
  assert.equal(bad.dialogs.length, 0, 'no native dialog: the page shows the problem');
  assert.equal(bad.quit, 0);
  assert.equal(bad.title, 'workspace — Rollout Workbench — recovery');
  assert.equal(bad.workspaceState.value?.mode, 'recovery');
  assert.equal(bad.workspaceState.value?.problem?.title, 'This file is not a workspace');
  assert.match(bad.workspaceState.value?.problem?.body, /is not a Rollout Workbench workspace/);
  assert.equal(bad.workspaceInfo.error?.code, 'REFUSED');
  assert.match(bad.workspaceInfo.error?.message, /^No workspace is open: /);
  assert.equal(bad.rpcCreate.error?.code, 'REFUSED', 'nothing is written in recovery mode');
  assert.equal(bad.workspaceBytes, Buffer.byteLength(content), 'the file is left as it was');
  assert.match(bad.log, /This file is not a workspace/);
  return 'main process wiring under a stand-in electron module: window, IPC sender check, reminders, export folder dialog, navigation, CSP, permissions, menu and title, dev server, recovery screen: ok';
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(checkWiring({ built: process.argv.includes('--built') }));
}
