// One start of the Electron entry under the stand-in; prints what happened as one JSON line.
// Usage: node --import tsx --import ./register.mjs scenario.mjs <entry> <scenario> (see wiring.mjs).
import { app, autoUpdater, powerMonitor, record } from 'electron';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { clickTrayItem, loginSteps, quitSteps, residentSteps, tray, trayMenu, waitFor } from './resident-steps.mjs';

const [entry, scenario] = process.argv.slice(2);
const workspace = process.env.STAND_IN_WORKSPACE;
record.onWindow = () => {
  record.workspaceExistedBeforeWindow ??= fs.existsSync(workspace);
};
// Another platform's wiring (the login item differs on macOS and Windows), as far as main reads it.
if (process.env.STAND_IN_PLATFORM) Object.defineProperty(process, 'platform', { value: process.env.STAND_IN_PLATFORM });
process.argv = [process.execPath, '.', '--workspace', workspace, ...(scenario === 'hidden' ? ['--hidden'] : [])];
await import(pathToFileURL(entry).href);
await new Promise((r) => setTimeout(r, 300));
// The resident loop's first check has painted the tray (a workspace that could not open has none to check).
if (record.ipc.has('rpc')) await waitFor(() => tray()?.menu, 'the tray');

const out = {
  scenario,
  lock: record.lock,
  quit: record.quit,
  exitCode: record.exitCode ?? null,
  dialogs: record.dialogs.map((d) => ({ message: d.message ?? d.title, detail: d.detail, buttons: d.buttons })),
};
out.windows = record.windows.length;
out.workspaceExistedBeforeWindow = record.workspaceExistedBeforeWindow ?? null;

/** An rpc call as our page makes it (the window's top frame). */
const ourCall = (w) => (channel, input) => record.ipc.get('rpc')({ sender: w.webContents, senderFrame: w.webContents.mainFrame }, channel, input);

if (scenario === 'hidden' || scenario === 'login') {
  // Started by the login item: the tray only, no window until asked for.
  out.windowsAtStart = record.windows.length;
  out.trayAtStart = { tooltip: tray()?.tooltip ?? null, menu: trayMenu() };
  if (scenario === 'login') {
    // Without a window (a hidden start), the page that calls is the one a second launch shows.
    if (!record.windows[0]) app.emit('second-instance', {}, [], '');
    const shown = record.windows[0];
    shown.emit('ready-to-show');
    await loginSteps({ out, call: ourCall(shown) });
  } else {
    clickTrayItem('Reviews');
    out.windowsAfterReviews = record.windows.length;
    const w = record.windows[0];
    out.visibleBeforeReady = w?.visible ?? null;
    out.navigateBeforeReady = w ? w.webContents.sent.filter(([, n]) => n === 'navigate').map(([, , p]) => p) : null;
    w?.emit('ready-to-show');
    // Where the credential store is no store (Linux 'basic_text'), the password stays in memory only.
    const call = ourCall(w);
    await call('settings.update', { smtpHost: 'smtp.stand-in.test', smtpUser: 'lead@stand-in.test' });
    const set = await call('reminders.setSmtpPassword', { password: 'Stand-in-SMTP-pa55word!' });
    out.passwordWithoutStore = {
      ok: set.ok,
      email: set.value ? { passwordStored: set.value.email.passwordStored, credentialStore: set.value.email.credentialStore } : set.error,
      file: fs.existsSync(`${process.env.STAND_IN_USER_DATA}/smtp-secrets.json`),
    };
    out.afterReady = { visible: w?.visible ?? null, sent: w ? w.webContents.sent.filter(([, n]) => n === 'navigate').map(([, , p]) => p) : null };
    w?.close();
    out.hiddenAgain = { visible: w?.visible ?? null, destroyed: w?.isDestroyed() ?? null };
    app.emit('second-instance', {}, [], '');
    out.secondInstance = { windows: record.windows.length, visible: w?.visible ?? null };
    // A restart into an update closes the window before 'before-quit' (macOS): it really closes.
    autoUpdater.emit('before-quit-for-update');
    w?.close();
    out.closedForUpdate = w?.isDestroyed() ?? null;
  }
}

const win = scenario === 'hidden' || scenario === 'login' ? null : record.windows[0];
if (win) {
  const wc = win.webContents;
  out.options = { show: win.options.show, webPreferences: win.options.webPreferences };
  out.loaded = win.loaded;
  out.visibleBeforeReady = win.visible;
  win.emit('ready-to-show');
  out.visibleAfterReady = win.visible;

  // IPC: our page, another webContents, another page, a subframe.
  const rpc = record.ipc.get('rpc');
  const frame = wc.mainFrame;
  const call = (event, channel, input) => rpc(event, channel, input);
  out.rpcOurs = await call({ sender: wc, senderFrame: frame }, 'workspace.info', {});
  out.rpcOtherContents = await call({ sender: { id: 999, mainFrame: frame }, senderFrame: frame }, 'workspace.info', {});
  const evil = { url: 'https://example.com/' };
  out.rpcOtherPage = await call({ sender: { id: wc.id, mainFrame: evil }, senderFrame: evil }, 'workspace.info', {});
  const sub = { url: frame.url };
  out.rpcSubframe = await call({ sender: wc, senderFrame: sub }, 'workspace.info', {});
  out.rpcNoFrame = await call({ sender: wc, senderFrame: null }, 'workspace.info', {});
  out.rpcUnknown = await call({ sender: wc, senderFrame: frame }, 'nope.nothing', {});
  wc.sent.length = 0;
  out.rpcCreate = await call({ sender: wc, senderFrame: frame }, 'clients.create', { name: 'Stand-in Client' });
  out.eventsAfterCreate = wc.sent.map(([channel, name]) => `${channel} ${name}`);

  // Reminders: nothing due at start; a new site's initial-setup review is due today: the write repaints
  // the tray count (no notification), waking from sleep checks and shows one notification; a click on
  // it shows the Reviews page.
  out.badgesAtStart = [...record.badges];
  out.notificationsAtStart = record.notifications.length;
  out.trayAtStart = { tooltip: tray()?.tooltip ?? null, menu: trayMenu() };
  const client = out.rpcCreate.value;
  wc.sent.length = 0;
  await call({ sender: wc, senderFrame: frame }, 'sites.create', { clientId: client?.id, name: 'Stand-in Shop', productionUrl: 'https://shop.stand-in.test' });
  // (Nothing is written on the recovery screen, so nothing is counted there.)
  if (out.rpcCreate.ok) await waitFor(() => /1 review/.test(tray()?.tooltip ?? ''), 'the tray to count the new site');
  out.afterWrite = {
    notifications: record.notifications.length,
    tooltip: tray().tooltip,
    state: wc.sent.filter(([, n]) => n === 'reminders.state').map(([, , p]) => ({ overdue: p.overdue, due: p.due })),
  };
  wc.sent.length = 0;
  powerMonitor.emit('resume');
  if (out.rpcCreate.ok) await waitFor(() => record.notifications.length > 0, 'a notification after resume');
  out.notifications = record.notifications.map((n) => n.options);
  out.badgesAfterResume = [...record.badges];
  out.reminderEvents = wc.sent.filter(([, name]) => name === 'reminders.due').map(([, name, payload]) => ({ name, payload }));
  wc.sent.length = 0;
  win.visible = false;
  record.notifications[0]?.emit('click');
  out.afterClick = { visible: win.visible, sent: wc.sent.map(([, name, payload]) => ({ name, payload })) };

  // A document export asks main for the folder in a native dialog; cancelling it starts nothing.
  out.exportCancelled = await call({ sender: wc, senderFrame: frame }, 'documents.exportBulk', { all: true, kinds: ['sop_pack'], formats: ['md'] });
  out.exportDialog = (record.openDialogs ?? []).map((d) => ({ properties: d.properties, buttonLabel: d.buttonLabel }));

  // Navigation and new windows.
  const navigate = (event, url) => {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true), url };
    for (const l of wc.listeners(event)) l(e, url);
    return prevented;
  };
  out.navigateAwayPrevented = navigate('will-navigate', 'https://example.com/');
  out.navigateFilePrevented = navigate('will-navigate', 'file:///etc/passwd');
  out.navigateOwnPrevented = navigate('will-navigate', `${frame.url}#/sites`);
  out.frameNavigateAwayPrevented = navigate('will-frame-navigate', 'https://example.com/');
  out.redirectPrevented = navigate('will-redirect', 'https://example.com/');
  out.webviewPrevented = navigate('will-attach-webview', '');
  out.openHttps = wc.windowOpenHandler({ url: 'https://docs.example.com/guide' });
  out.openFile = wc.windowOpenHandler({ url: 'file:///etc/passwd' });
  await new Promise((r) => setTimeout(r, 10));
  out.openedExternally = record.opened;

  // Session: CSP header on responses, permissions refused.
  await new Promise((resolve) =>
    record.session.onHeadersReceived({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r) => {
      out.cspHeaders = r.responseHeaders;
      resolve();
    }),
  );
  record.session.permissionRequest(wc, 'notifications', (granted) => (out.permissionGranted = granted));
  out.permissionCheck = record.session.permissionCheck(wc, 'media');
  out.devicePermission = record.session.devicePermission({});

  // Menu.
  const template = record.menus.at(-1)?.template ?? [];
  const labelOf = (item) => item.label ?? item.role;
  out.menu = template.map((m) => ({ label: labelOf(m), items: Array.isArray(m.submenu) ? m.submenu.map((i) => i.label ?? i.role ?? i.type) : null }));
  const newSite = template.find((m) => m.label === 'File')?.submenu.find((i) => i.label === 'New Site');
  wc.sent.length = 0;
  newSite?.click();
  out.newSiteSent = [...wc.sent];

  // The workspace the window shows: its title, the state the page reads, New Workspace… asks the page.
  out.title = win.title ?? null;
  out.workspaceState = await call({ sender: wc, senderFrame: frame }, 'workspace.state', {});
  out.workspaceInfo = await call({ sender: wc, senderFrame: frame }, 'workspace.info', {});
  const fileMenu = template.find((m) => m.label === 'File')?.submenu ?? [];
  out.openRecent = (fileMenu.find((i) => i.label === 'Open Recent')?.submenu ?? []).map((i) => ({ label: i.label, checked: i.checked ?? null }));
  wc.sent.length = 0;
  fileMenu.find((i) => i.label === 'New Workspace…')?.click();
  out.newWorkspaceSent = [...wc.sent];
  out.workspaceBytes = fs.existsSync(workspace) ? fs.readFileSync(workspace).length : null;

  // The tray, Check now, the pause, the password, the window closed into the tray.
  if (scenario === 'open') await residentSteps({ out, win, call: ourCall(win), clientId: client?.id });

  // A second launch shows the hidden window and focuses it.
  win.focused = false;
  app.emit('second-instance', {}, [], '');
  out.focusedBySecondInstance = win.focused;
  out.shownBySecondInstance = win.visible;

  // Quit from the tray: last, it closes the workspace.
  if (scenario === 'open') await quitSteps({ out, win });
}
console.log(`STAND-IN-RESULT ${JSON.stringify(out)}`);
process.exit(0);
