// One start of the Electron entry under the stand-in; prints what happened as one JSON line.
// Usage: node --import tsx --import ./register.mjs scenario.mjs <entry> <scenario> (see wiring.mjs).
import { app, powerMonitor, record } from 'electron';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [entry, scenario] = process.argv.slice(2);
const workspace = process.env.STAND_IN_WORKSPACE;
record.onWindow = () => {
  record.workspaceExistedBeforeWindow = fs.existsSync(workspace);
};
process.argv = [process.execPath, '.', '--workspace', workspace];
await import(pathToFileURL(entry).href);
await new Promise((r) => setTimeout(r, 300));

const out = {
  scenario,
  lock: record.lock,
  quit: record.quit,
  exitCode: record.exitCode ?? null,
  dialogs: record.dialogs.map((d) => ({ message: d.message ?? d.title, detail: d.detail, buttons: d.buttons })),
};
out.windows = record.windows.length;
out.workspaceExistedBeforeWindow = record.workspaceExistedBeforeWindow ?? null;

const win = record.windows[0];
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

  // Reminders: nothing due at start; a new site's initial-setup review is due today, so waking from
  // sleep shows one notification; a click on it shows the Reviews page.
  out.badgesAtStart = [...record.badges];
  out.notificationsAtStart = record.notifications.length;
  const client = out.rpcCreate.value;
  await call({ sender: wc, senderFrame: frame }, 'sites.create', { clientId: client?.id, name: 'Stand-in Shop', productionUrl: 'https://shop.stand-in.test' });
  wc.sent.length = 0;
  powerMonitor.emit('resume');
  out.notifications = record.notifications.map((n) => n.options);
  out.badgesAfterResume = [...record.badges];
  out.reminderEvents = wc.sent.map(([, name, payload]) => ({ name, payload }));
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

  // A second launch focuses this window.
  win.focused = false;
  app.emit('second-instance', {}, [], '');
  out.focusedBySecondInstance = win.focused;
}
console.log(`STAND-IN-RESULT ${JSON.stringify(out)}`);
process.exit(0);
