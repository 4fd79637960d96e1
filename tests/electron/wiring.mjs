// Checks how the Electron entry (main/index.ts, or the built out/main/index.js with --built) wires
// Electron, under plain Node with a stand-in for the 'electron' module (stand-in/electron.mjs):
// the workspace opened before the window, hardened webPreferences, the IPC sender check, navigation
// and window.open refused, CSP and permissions on the session, the menu and title, the recovery screen
// for a file that is not a workspace, and the resident app: the tray and its menu, the window closed into
// the tray, Quit, a start hidden by the login item, start at login per platform, the SMTP password in
// the credential store. It needs no Electron binary, so it runs everywhere; it does not replace the real
// smoke test (smoke.spec.ts), which runs where a binary exists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const here = path.join(root, 'tests/electron/stand-in');

export function runScenario(scenario, { built = false, workspaceContent, devServerUrl = '', env = {} } = {}) {
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
          STAND_IN_HOME: path.join(dir, 'home'),
          ELECTRON_RENDERER_URL: devServerUrl,
          // The login item's autostart entry goes below the stand-in home, never the real one.
          XDG_CONFIG_HOME: '',
          APPIMAGE: '',
          ...env,
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
  assert.deepEqual(o.badgesAfterResume, [0], 'the badge changes with the overdue count only: due today is not overdue');
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
  checkResident(o);

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
  checkStartHidden(runScenario('hidden', { built, env: { STAND_IN_STORAGE_BACKEND: 'basic_text' } }));
  checkLoginItems(built);
  return 'main process wiring under a stand-in electron module: window, IPC sender check, reminders, export folder dialog, navigation, CSP, permissions, menu and title, dev server, recovery screen, tray, close to tray, quit, start hidden, login items, password store: ok';
}

const TRAY_MENU = (summary, paused) => [
  ['normal', summary, false, null, false],
  ['separator', null, true, null, false],
  ['normal', 'Open Rollout Workbench', true, null, true],
  ['normal', 'Reviews', true, null, true],
  ['normal', 'Check now', true, null, true],
  ['checkbox', 'Pause reminders for today', true, paused, true],
  ['separator', null, true, null, false],
  ['normal', 'Quit', true, null, true],
];
const menuRows = (menu) => menu.map((i) => [i.type, i.label, i.enabled, i.checked, i.clickable]);

/** The resident app in the 'open' run: the tray, its menu and actions, the password, the window closed into the tray, Quit. */
function checkResident(o) {
  assert.equal(o.trayCount, 1, 'one tray icon');
  assert.equal(o.trayAtStart.tooltip, 'Rollout Workbench — nothing due today');
  assert.deepEqual(menuRows(o.trayAtStart.menu), TRAY_MENU('Nothing due today', false), 'the tray menu at start');
  const linux = process.platform === 'linux';
  assert.deepEqual(
    o.trayImage,
    linux
      ? { empty: false, icon: '32', representations: [], template: false }
      : { empty: false, icon: '16', representations: [{ scaleFactor: 2, icon: '32' }], template: false },
    'the tray shows the app icon from build/icons',
  );
  assert.equal(o.afterWrite.notifications, 0, 'a write repaints the count but announces nothing');
  assert.equal(o.afterWrite.tooltip, 'Rollout Workbench — 1 review: 1 due today', 'the tooltip names the due count after the site is added');
  assert.deepEqual(o.afterWrite.state.at(-1), { overdue: 0, due: 1 }, "the page gets the new count ('reminders.state')");
  assert.equal(o.trayTooltip, 'Rollout Workbench — 1 review: 1 due today');
  assert.deepEqual(menuRows(o.trayMenu), TRAY_MENU('1 due today', false), 'the tray menu, in order, with the pause checkbox');
  assert.equal(o.trayIconClickShows, true, 'a click on the tray icon shows the window');
  assert.deepEqual(o.trayReviews, { visible: true, navigate: [{ to: '/reviews' }] }, "the tray's Reviews shows the window on the Reviews page");
  assert.equal(o.checkNow.notification.title, '2 reviews due today', 'Check now announces the new review');
  assert.deepEqual(
    o.checkNow.due.map((d) => [d.title, d.due]),
    [['2 reviews due today', 2]],
  );
  assert.equal(o.checkNow.tooltip, 'Rollout Workbench — 2 reviews: 2 due today');
  assert.deepEqual(o.checkNowAgain, { ok: true, due: 2, notifications: 1 }, 'a check with nothing new announces nothing again');
  assert.deepEqual(
    o.paused,
    {
      rebuilt: true,
      item: { label: 'Pause reminders for today', type: 'checkbox', enabled: true, checked: true, clickable: true },
      tooltip: 'Rollout Workbench — 2 reviews: 2 due today (reminders paused for today)',
      state: true,
    },
    'Pause reminders for today ticks the box and tells the page',
  );
  assert.deepEqual(o.resumed, { item: { label: 'Pause reminders for today', type: 'checkbox', enabled: true, checked: false, clickable: true }, state: false });
  assert.equal(o.passwordSet.ok, true, JSON.stringify(o.passwordSet));
  assert.deepEqual(o.secretsFile, { exists: true, clearText: false, base64: false }, 'smtp-secrets.json holds the password encrypted only');
  assert.deepEqual(o.passwordState, { passwordStored: true, credentialStore: 'os' });
  assert.equal(o.passwordInAnswers, false, 'no answer carries the password');
  assert.deepEqual(o.startAtLoginDev, { supported: false, on: false }, 'a development run has no login item');
  assert.equal(o.liveCalendarCancelled.value?.liveCalendar.path, null, 'a cancelled save dialog sets no calendar file');
  assert.deepEqual(o.saveDialogs, [
    {
      title: 'Live calendar file',
      defaultPath: 'rollout-workbench-reviews.ics',
      filters: [
        { name: 'Calendar', extensions: ['ics'] },
        { name: 'All files', extensions: ['*'] },
      ],
    },
  ]);
  assert.deepEqual(
    o.closed,
    {
      destroyed: false,
      visible: false,
      quit: 0,
      windows: 1,
      hint: [
        {
          title: 'Rollout Workbench is still running in the tray',
          body: 'Review reminders keep coming while the window is closed. Open it again from the tray icon; Quit is in its menu.',
          silent: false,
        },
      ],
      hintsAfterSecondClose: 1,
      hintFile: true,
    },
    'closing the window hides it into the tray (once, a notice says so); the app does not quit',
  );
  assert.equal(o.checkWhileHidden, true, 'the reminder loop runs with the window hidden');
  assert.equal(o.shownBySecondInstance, true, 'a second launch shows the hidden window');
  assert.deepEqual(
    o.keptEditing,
    { asked: true, visibleWhenAsked: true, visible: true, destroyed: false, quitted: false, afterClose: { visible: false, destroyed: false } },
    'Quit with an unsaved form: the hidden window shows for the question; "Keep editing" cancels the quit and the window stays resident',
  );
  assert.ok(o.trayQuit.calls >= 1, 'Quit asks the app to quit');
  assert.deepEqual(
    { ...o.trayQuit, calls: undefined },
    { calls: undefined, quitted: true, windowDestroyed: true, trayDestroyed: true, walBefore: true, walLeft: false },
    "the tray's Quit quits: the window closes, the tray goes, the workspace is closed",
  );
}

/** Started by the login item (`--hidden`): the tray only, a window when asked for. */
function checkStartHidden(h) {
  assert.equal(h.windowsAtStart, 0, 'started hidden: no window');
  assert.equal(h.trayAtStart.tooltip, 'Rollout Workbench — nothing due today', 'started hidden: the tray is there');
  assert.equal(h.windowsAfterReviews, 1, "the tray's Reviews creates the window");
  assert.equal(h.visibleBeforeReady, false, 'the new window shows once painted');
  assert.deepEqual(h.navigateBeforeReady, [], 'nothing is sent before the page can listen');
  assert.deepEqual(h.afterReady, { visible: true, sent: [{ to: '/reviews' }] }, 'then it shows the Reviews page');
  assert.deepEqual(h.hiddenAgain, { visible: false, destroyed: false });
  assert.deepEqual(h.secondInstance, { windows: 1, visible: true }, 'a second launch shows the hidden window again');
  assert.deepEqual(
    h.passwordWithoutStore,
    { ok: true, email: { passwordStored: true, credentialStore: 'memory' }, file: false },
    "Linux's basic_text backend is no credential store: the password is kept in memory, no file is written",
  );
  assert.equal(h.closedForUpdate, true, 'a restart into an update closes the window instead of hiding it');
}

/** Start at login in a packaged app, per platform: turned on by the first reminder setting saved, off in Settings. */
function checkLoginItems(built) {
  const packaged = { STAND_IN_PACKAGED: '1' };
  // The entry counts as on only while the file it starts is there: a real AppImage file (a space in its folder).
  const opt = fs.mkdtempSync(path.join(os.tmpdir(), 'rw Stand In-'));
  const appImage = path.join(opt, 'Rollout Workbench.AppImage');
  fs.writeFileSync(appImage, '');
  const linux = runScenario('login', { built, env: { ...packaged, STAND_IN_PLATFORM: 'linux', APPIMAGE: appImage } });
  assert.equal(linux.windowsAtStart, 1, 'Linux, started by hand: the window');
  assert.deepEqual(linux.loginBefore, { supported: true, on: false });
  assert.deepEqual(linux.loginItems, [], "Linux: Electron's login items are not used");
  assert.match(linux.autostart, /^\[Desktop Entry\]\nType=Application\n/);
  assert.ok(linux.autostart.includes(`\nExec="${appImage}" --hidden\n`), 'the AppImage itself, quoted, with --hidden');
  assert.match(linux.autostart, /^X-GNOME-Autostart-enabled=true$/m);
  assert.deepEqual(linux.loginAfter, { supported: true, on: true }, 'a reminder setting saved turns start at login on');
  assert.deepEqual(linux.loginOff, { supported: true, on: false });
  assert.equal(linux.autostartAfterOff, false, 'turned off, the autostart entry is removed');

  // After an update renamed the AppImage (the old file deleted), the next start writes the entry again.
  const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-xdg-'));
  fs.mkdirSync(path.join(xdg, 'autostart'));
  const oldEntry = `[Desktop Entry]\nType=Application\nExec="${path.join(opt, 'Rollout Workbench-1.0.0.AppImage')}" --hidden\n`;
  fs.writeFileSync(path.join(xdg, 'autostart', 'rollout-workbench.desktop'), oldEntry);
  const updated = runScenario('login', { built, env: { ...packaged, STAND_IN_PLATFORM: 'linux', APPIMAGE: appImage, XDG_CONFIG_HOME: xdg } });
  assert.ok(updated.autostartAtStart?.includes(`\nExec="${appImage}" --hidden\n`), 'the entry names the AppImage now running');
  assert.deepEqual(updated.loginBefore, { supported: true, on: true }, 'on, since the file it starts is there');
  fs.rmSync(xdg, { recursive: true, force: true });
  fs.rmSync(opt, { recursive: true, force: true });

  const mac = runScenario('login', { built, env: { ...packaged, STAND_IN_PLATFORM: 'darwin', STAND_IN_OPENED_AT_LOGIN: '1' } });
  assert.equal(mac.windowsAtStart, 0, 'macOS, opened at login: no window');
  assert.deepEqual(mac.loginItems, [{ openAtLogin: true }], 'macOS: the login item is set');
  assert.deepEqual(mac.loginAfter, { supported: true, on: true });
  assert.deepEqual(mac.loginItemsAfterOff, [{ openAtLogin: false }]);
  assert.equal(mac.autostart, null);
  assert.equal(mac.loginMenuTitle, '', 'macOS: the menu-bar title is set (empty with nothing due)');

  const win = runScenario('login', { built, env: { ...packaged, STAND_IN_PLATFORM: 'win32' } });
  assert.equal(win.windowsAtStart, 1, 'Windows, started by hand: the window');
  assert.deepEqual(win.loginItems, [{ openAtLogin: true, path: win.execPath, args: ['--hidden'] }], 'Windows: the Run entry starts the app with --hidden');
  assert.ok(
    win.loginItemReads.some((r) => r?.path === win.execPath && r.args?.[0] === '--hidden'),
    'Windows: read back with the same command line',
  );
  assert.deepEqual(win.loginAfter, { supported: true, on: true });
  assert.deepEqual(win.loginItemsAfterOff, [{ openAtLogin: false, path: win.execPath, args: ['--hidden'] }]);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(checkWiring({ built: process.argv.includes('--built') }));
}
